"""The refusal rules (``exclusion.time-limit``, ``refusal.explanation``) at each stage.

A refusal at stage 1 is a refusal to accept the complaint; at stage 2 a refusal to
escalate it. The two are different provisions of the Code and read differently, so each
test here states which provision a refusal cites and what its finding says.

Dates (England & Wales, 2024 Code): stage 1 received Mon 2024-06-03, acknowledged 06-04,
answered 06-18 (10 working days after the acknowledgement: 5, 6, 7, 10, 11, 12, 13, 14,
17, 18), so stage 1 itself is compliant; stage 2 received Mon 2024-07-01 and refused on
Wed 07-03. Under the 2022 Code: stage 1 received Mon 2023-06-05, acknowledged 06-06,
answered 06-20; stage 2 received Mon 2023-07-03 and refused on Wed 07-05.
"""

from __future__ import annotations

from datetime import date

import pytest

from complaintcode import (
    Complaint,
    ExclusionGround,
    Stage,
    WorkingDayCalendar,
    check,
    edition_named,
)
from complaintcode.rules._context import Context
from complaintcode.rules.exclusions import refusal_findings
from support import refusal

D = date
OUT_OF_TIME = ExclusionGround.OUT_OF_TIME


def _refused_at(
    stage: int,
    edition: str = "2024",
    *,
    ground: ExclusionGround = ExclusionGround.OTHER,
    issue_date: date | None = None,
    reasons_given: bool = True,
    ombudsman_rights_given: bool = True,
) -> Complaint:
    """A complaint refused at ``stage`` (1: not accepted; 2: not escalated)."""
    if edition == "2024":
        first = Stage(1, D(2024, 6, 3), acknowledged=D(2024, 6, 4), responded=D(2024, 6, 18))
        stages, decided = [first, Stage(2, D(2024, 7, 1))], D(2024, 7, 3)
    else:
        first = Stage(1, D(2023, 6, 5), acknowledged=D(2023, 6, 6), responded=D(2023, 6, 20))
        stages, decided = [first, Stage(2, D(2023, 7, 3))], D(2023, 7, 5)
    if stage == 1:
        stages, decided = [Stage(1, first.received)], first.received_date
    return Complaint(
        "X-1",
        stages,
        issue_date=issue_date,
        refusal=refusal(
            decided,
            ground,
            stage=stage,
            reasons_given=reasons_given,
            ombudsman_rights_given=ombudsman_rights_given,
        ),
    )


@pytest.mark.parametrize(
    ("edition", "stage", "provision"),
    [("2024", 1, "2.4"), ("2024", 2, "5.11"), ("2022", 1, "1.9"), ("2022", 2, "5.9")],
)
def test_an_unexplained_refusal_cites_the_provision_of_its_stage(
    edition: str, stage: int, provision: str
) -> None:
    """A refusal to accept cites the acceptance provision; one to escalate, the escalation one."""
    (finding,) = check(_refused_at(stage, edition, reasons_given=False)).findings
    assert (finding.rule, finding.stage, finding.provision) == (
        "refusal.explanation",
        stage,
        provision,
    )


def test_an_unexplained_refusal_to_accept_says_what_was_missing() -> None:
    """Both omissions are named, joined by 'and', and the refusal is called one to accept."""
    case = _refused_at(1, reasons_given=False, ombudsman_rights_given=False)
    (finding,) = check(case).findings
    assert finding.message == (
        "The refusal to accept the complaint on 2024-06-03 gave no reasons and did not tell "
        "the resident of the right to go to the Ombudsman"
    )


@pytest.mark.parametrize(
    ("reasons", "rights", "missing"),
    [
        (False, True, "gave no reasons"),
        (True, False, "did not tell the resident of the right to go to the Ombudsman"),
    ],
)
def test_an_unexplained_refusal_to_escalate_names_only_what_was_missing(
    reasons: bool, rights: bool, missing: str
) -> None:
    """A refusal to escalate that left out one thing names that one thing only."""
    case = _refused_at(2, reasons_given=reasons, ombudsman_rights_given=rights)
    (finding,) = check(case).findings
    assert finding.message == f"The refusal to escalate to stage 2 on 2024-07-03 {missing}"


@pytest.mark.parametrize(
    ("stage", "what", "decided"),
    [(1, "Refused", "2024-06-03"), (2, "Escalation refused", "2024-07-03")],
)
def test_an_out_of_time_refusal_within_the_window_explains_the_window(
    stage: int, what: str, decided: str
) -> None:
    """The issue occurred 2023-07-01: the 12-month window (2024 Code 2.3) ran to 2024-07-01.

    The complaint was received 2024-06-03, inside the window, so refusing it as out of
    time, to accept or to escalate (5.11 holds refusals to escalate to section 2), is a
    breach; the finding states both dates and the window's end.
    """
    case = _refused_at(stage, ground=OUT_OF_TIME, issue_date=D(2023, 7, 1))
    (finding,) = check(case).findings
    assert (finding.rule, finding.stage, finding.provision) == (
        "exclusion.time-limit",
        stage,
        "2.3",
    )
    assert (finding.due, finding.actual) == (D(2024, 7, 1), D(2024, 6, 3))
    assert finding.message == (
        f"{what} on {decided} as out of time, but the complaint was received 2024-06-03, "
        "within 12 months of 2023-07-01 (the later of when the issue occurred and when the "
        "resident became aware of it; the window ran to 2024-07-01)"
    )


def test_the_refusal_rules_read_nothing_from_a_complaint_without_a_refusal() -> None:
    """Called directly on a complaint that was never refused, the family finds nothing."""
    case = Complaint("X-2", [Stage(1, D(2024, 6, 3))], issue_date=D(2020, 1, 1))
    ctx = Context.build(
        case, edition_named("2024"), WorkingDayCalendar.england_and_wales(), as_of=None
    )
    assert list(refusal_findings(ctx)) == []
