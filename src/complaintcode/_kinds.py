"""The fixed vocabularies of a complaint's history: outcomes, remedies, letter items, grounds.

Each is an enumeration whose values are its members in words (``label``). They are
presented, documented and pickled as :mod:`complaintcode.model` names, where they have
always been importable from.
"""

from __future__ import annotations

import enum

__all__ = ["ExclusionGround", "Outcome", "RemedyKind", "ResponseItem"]


class _Described(enum.Enum):
    """An enumeration whose values are its members in words."""

    @property
    def label(self) -> str:
        """The member in words (its value)."""
        return str(self.value)


class Outcome(_Described):
    """The decision recorded at the end of a stage (``None`` means none was recorded).

    >>> Outcome["PARTLY_UPHELD"].label
    'partly upheld'
    """

    UPHELD = "upheld"
    PARTLY_UPHELD = "partly upheld"
    NOT_UPHELD = "not upheld"
    WITHDRAWN = "withdrawn"


class RemedyKind(_Described):
    """The ways of putting things right that the Code lists, plus ``OTHER``.

    >>> RemedyKind.ACTION_ON_DELAY.label
    'action on a delay'
    """

    APOLOGY = "apology"
    ACKNOWLEDGEMENT = "acknowledging where things went wrong"
    EXPLANATION = "explanation"
    ACTION_ON_DELAY = "action on a delay"
    RECONSIDERED_DECISION = "reconsidered decision"
    RECORD_AMENDED = "record amended"
    FINANCIAL = "financial remedy"
    POLICY_CHANGE = "change to a policy or procedure"
    OTHER = "other"


class ResponseItem(_Described):
    """What a stage response letter must confirm (2022 Code 5.8/5.16, 2024 Code 6.9/6.19).

    >>> ResponseItem.ESCALATION_ROUTE.label
    'how to escalate the complaint'
    """

    STAGE = "the complaint stage"
    DEFINITION = "the complaint definition"
    DECISION = "the decision"
    REASONS = "the reasons for the decision"
    REMEDY = "any remedy offered"
    OUTSTANDING_ACTIONS = "any outstanding actions"
    ESCALATION_ROUTE = "how to escalate the complaint"


class ExclusionGround(_Described):
    """Why a landlord refused to accept (or escalate) a complaint.

    >>> ExclusionGround.OUT_OF_TIME.label
    'the issue arose more than 12 months before the complaint'
    """

    OUT_OF_TIME = "the issue arose more than 12 months before the complaint"
    LEGAL_PROCEEDINGS = "legal proceedings have started"
    PREVIOUSLY_CONSIDERED = "the matter was considered before"
    OTHER = "another ground"
