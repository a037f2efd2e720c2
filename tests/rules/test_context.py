"""What every rule reads: the record as it stood at ``as_of``, and which stage was refused.

Dates counted by hand (England & Wales, 2024 Code): stage 1 received Mon 3 June 2024,
acknowledged Tue 4 June, so the response is due by Tue 18 June (5, 6, 7, 10, 11, 12, 13,
14, 17, 18 June: 10 working days after the acknowledgement, 6.3).
"""

from __future__ import annotations

from datetime import date

from complaintcode import ResponseItem, Stage, StageStatus, check
from support import ALL_ITEMS, complaint, refusal

D = date


def test_a_response_sent_on_the_as_of_day_has_happened() -> None:
    """Judged at the end of Tue 18 June, a response sent that day is on time, not open."""
    answered = complaint(
        Stage(1, D(2024, 6, 3), acknowledged=D(2024, 6, 4), responded=D(2024, 6, 18))
    )
    assessment = check(answered, as_of=D(2024, 6, 18))
    assert assessment.statuses[1] is StageStatus.ON_TIME
    assert assessment.findings == ()
    # The day before, the same response had not yet been sent: the stage was open.
    assert check(answered, as_of=D(2024, 6, 17)).statuses[1] is StageStatus.OPEN


def test_refusing_to_escalate_leaves_the_stage_1_letter_to_be_judged() -> None:
    """Stage 2 refused on Wed 3 July: the stage 1 letter still had to say how to escalate.

    The stage 1 response (Fri 14 June, in time) left out the escalation route, an item of
    2024 Code 6.9; the refusal concerns stage 2 only, so that omission is still a finding.
    """
    refused_escalation = complaint(
        Stage(
            1,
            D(2024, 6, 3),
            acknowledged=D(2024, 6, 4),
            responded=D(2024, 6, 14),
            response_items=ALL_ITEMS - {ResponseItem.ESCALATION_ROUTE},
        ),
        Stage(2, D(2024, 7, 1), response_items=frozenset()),
        refusal=refusal(D(2024, 7, 3), stage=2),
    )
    findings = check(refused_escalation).findings
    assert [(f.rule, f.stage, f.provision) for f in findings] == [("response.content", 1, "6.9")]
