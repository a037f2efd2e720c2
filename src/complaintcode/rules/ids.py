"""The rule identifiers: one typed vocabulary, checked against ``data/rules.toml`` on loading.

>>> "stage1.response" in RULE_IDS, STAGE_RULE_IDS[2, "acknowledgement"]
(True, 'stage2.acknowledgement')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

__all__ = ["RULE_IDS", "STAGE_RULE_IDS", "RuleId", "StageRuleKind"]

RuleId = Literal[
    "stage1.acknowledgement",
    "stage1.response",
    "stage1.extension-notice",
    "stage1.extension-length",
    "stage1.extension-reason",
    "stage1.extension-ombudsman-details",
    "stage2.acknowledgement",
    "stage2.response",
    "stage2.extension-notice",
    "stage2.extension-length",
    "stage2.extension-reason",
    "stage2.extension-ombudsman-details",
    "stage3.response",
    "stage3.extension-notice",
    "stage3.extension-length",
    "stage3.extension-reason",
    "stages.count",
    "stages.order",
    "stages.handler-independence",
    "exclusion.time-limit",
    "refusal.explanation",
    "response.content",
    "remedy.target-date",
    "remedy.completion",
]
"""Every rule identifier a :class:`~complaintcode.Finding` can carry, in catalogue order."""

RULE_IDS: tuple[RuleId, ...] = get_args(RuleId)

StageRuleKind = Literal[
    "acknowledgement",
    "response",
    "extension-notice",
    "extension-length",
    "extension-reason",
    "extension-ombudsman-details",
]
"""The timing rules every stage can have; :data:`STAGE_RULE_IDS` gives each stage's ids."""

STAGE_RULE_IDS: Mapping[tuple[int, StageRuleKind], RuleId] = {
    (1, "acknowledgement"): "stage1.acknowledgement",
    (1, "response"): "stage1.response",
    (1, "extension-notice"): "stage1.extension-notice",
    (1, "extension-length"): "stage1.extension-length",
    (1, "extension-reason"): "stage1.extension-reason",
    (1, "extension-ombudsman-details"): "stage1.extension-ombudsman-details",
    (2, "acknowledgement"): "stage2.acknowledgement",
    (2, "response"): "stage2.response",
    (2, "extension-notice"): "stage2.extension-notice",
    (2, "extension-length"): "stage2.extension-length",
    (2, "extension-reason"): "stage2.extension-reason",
    (2, "extension-ombudsman-details"): "stage2.extension-ombudsman-details",
    (3, "response"): "stage3.response",
    (3, "extension-notice"): "stage3.extension-notice",
    (3, "extension-length"): "stage3.extension-length",
    (3, "extension-reason"): "stage3.extension-reason",
}
"""The rule id of each (stage, timing rule). A stage without a rule of a kind (stage 3 has
no acknowledgement rule) has no entry; the rule catalogue's data check ensures no edition
sets a parameter for a rule that does not exist."""
