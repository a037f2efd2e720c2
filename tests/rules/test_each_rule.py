"""Every rule, once firing and once not, on minimal hand-worked complaints.

Dates were counted by hand (England & Wales):
* 2024 stage 1 received Mon 2024-06-03: acknowledge by 06-10 (4,5,6,7,10); acknowledged
  06-04, so respond by 06-18 (5,6,7,10,11,12,13,14,17,18).
* 2024 stage 2 received Mon 2024-07-01: acknowledge by 07-08 (2,3,4,5,8); acknowledged
  07-02, so respond by 07-30 (3,4,5,8,9,10,11,12,15,16,17,18,19,22,23,24,25,26,29,30).
* 2022 stages received 2023-06-05 / 07-03 / 08-07: stage 1 acknowledged 06-06, respond by
  06-20; stage 2 respond by 07-31 (20 after receipt); stage 3 respond by 09-05
  (8..11, 14..18, 21..25, 29..31, 1, 4, 5 — 28 August is a bank holiday).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest

import support
from complaintcode import (
    Complaint,
    ExclusionGround,
    InvalidArgument,
    Refusal,
    ResponseItem,
    Severity,
    Stage,
    WorkingDayCalendar,
    check,
)
from complaintcode.rules import RULES
from support import ALL_ITEMS, remedy

D = date
ext = support.extension


def s1(**kw: Any) -> Stage:
    kw.setdefault("acknowledged", D(2024, 6, 4))
    kw.setdefault("responded", D(2024, 6, 18))
    kw.setdefault("handler", "J Smith")
    return Stage(1, D(2024, 6, 3), **kw)


def s2(**kw: Any) -> Stage:
    kw.setdefault("acknowledged", D(2024, 7, 2))
    kw.setdefault("responded", D(2024, 7, 30))
    kw.setdefault("handler", "A Jones")
    return Stage(2, kw.pop("received", D(2024, 7, 1)), **kw)


def complaint(*stages: Stage, **kw: Any) -> Complaint:
    """Complaint E-1; with no stages given, the on-time stage 1 above."""
    return support.complaint(*(stages or (s1(),)), **kw)


def refusal(**kw: Any) -> Refusal:
    """A refusal decided 2024-06-05 (two days after the stage 1 receipt above)."""
    return support.refusal(kw.pop("decided", D(2024, 6, 5)), **kw)


def stage3_case(responded: date | None, **stage3: Any) -> Complaint:
    """Three 2022-Code stages, the first two on time; stage 3 received Mon 2023-08-07."""
    return Complaint(
        "E-3",
        [
            Stage(1, D(2023, 6, 5), acknowledged=D(2023, 6, 6), responded=D(2023, 6, 20)),
            Stage(2, D(2023, 7, 3), responded=D(2023, 7, 31)),
            Stage(3, D(2023, 8, 7), responded=responded, **stage3),
        ],
    )


# rule -> (firing complaint, non-firing complaint)
PAIRS: dict[str, tuple[Complaint, Complaint]] = {
    "stage1.acknowledgement": (
        complaint(s1(acknowledged=D(2024, 6, 11), responded=D(2024, 6, 25))),
        complaint(s1(acknowledged=D(2024, 6, 10), responded=D(2024, 6, 24))),
    ),
    "stage1.response": (
        complaint(s1(responded=D(2024, 6, 19))),
        complaint(s1(responded=D(2024, 6, 18))),
    ),
    "stage1.extension-notice": (
        complaint(s1(responded=None, extensions=[ext(D(2024, 6, 19), 5)])),
        complaint(s1(responded=None, extensions=[ext(D(2024, 6, 18), 5)])),
    ),
    "stage1.extension-length": (
        complaint(s1(responded=None, extensions=[ext(D(2024, 6, 10), 11)])),
        complaint(s1(responded=None, extensions=[ext(D(2024, 6, 10), 10)])),
    ),
    "stage1.extension-reason": (
        complaint(s1(responded=None, extensions=[ext(D(2024, 6, 10), 5, reason=" ")])),
        complaint(s1(responded=None, extensions=[ext(D(2024, 6, 10), 5)])),
    ),
    "stage1.extension-ombudsman-details": (
        complaint(
            s1(
                responded=None,
                extensions=[ext(D(2024, 6, 10), 5, ombudsman_details_given=False)],
            )
        ),
        complaint(s1(responded=None, extensions=[ext(D(2024, 6, 10), 5)])),
    ),
    "stage2.acknowledgement": (
        complaint(s1(), s2(acknowledged=D(2024, 7, 9), responded=D(2024, 7, 31))),
        complaint(s1(), s2(acknowledged=D(2024, 7, 8), responded=D(2024, 7, 31))),
    ),
    "stage2.response": (
        complaint(s1(), s2(responded=D(2024, 7, 31))),
        complaint(s1(), s2(responded=D(2024, 7, 30))),
    ),
    "stage2.extension-notice": (
        complaint(s1(), s2(responded=None, extensions=[ext(D(2024, 7, 31), 5)])),
        complaint(s1(), s2(responded=None, extensions=[ext(D(2024, 7, 30), 5)])),
    ),
    "stage2.extension-length": (
        complaint(s1(), s2(responded=None, extensions=[ext(D(2024, 7, 10), 21)])),
        complaint(s1(), s2(responded=None, extensions=[ext(D(2024, 7, 10), 20)])),
    ),
    "stage2.extension-reason": (
        complaint(s1(), s2(responded=None, extensions=[ext(D(2024, 7, 10), 5, reason="")])),
        complaint(s1(), s2(responded=None, extensions=[ext(D(2024, 7, 10), 5)])),
    ),
    "stage2.extension-ombudsman-details": (
        complaint(
            s1(),
            s2(
                responded=None,
                extensions=[ext(D(2024, 7, 10), 5, ombudsman_details_given=False)],
            ),
        ),
        complaint(s1(), s2(responded=None, extensions=[ext(D(2024, 7, 10), 5)])),
    ),
    "stage3.response": (stage3_case(D(2023, 9, 6)), stage3_case(D(2023, 9, 5))),
    "stages.count": (
        complaint(s1(), s2(), Stage(3, D(2024, 8, 5))),
        complaint(s1(), s2()),
    ),
    "stages.order": (
        complaint(
            s1(),
            s2(received=D(2024, 6, 17), acknowledged=D(2024, 6, 18), responded=D(2024, 7, 10)),
        ),
        complaint(
            s1(),
            s2(received=D(2024, 6, 18), acknowledged=D(2024, 6, 19), responded=D(2024, 7, 10)),
        ),
    ),
    "stages.handler-independence": (
        complaint(s1(), s2(handler=" j smith ")),
        complaint(s1(), s2(handler="A Jones")),
    ),
    "exclusion.time-limit": (
        complaint(
            s1(acknowledged=None, responded=None),
            issue_date=D(2023, 7, 1),
            refusal=refusal(ground=ExclusionGround.OUT_OF_TIME),
        ),
        complaint(
            s1(acknowledged=None, responded=None),
            issue_date=D(2023, 5, 1),
            refusal=refusal(ground=ExclusionGround.OUT_OF_TIME),
        ),
    ),
    "refusal.explanation": (
        complaint(s1(acknowledged=None, responded=None), refusal=refusal(reasons_given=False)),
        complaint(s1(acknowledged=None, responded=None), refusal=refusal()),
    ),
    "response.content": (
        complaint(s1(response_items=ALL_ITEMS - {ResponseItem.DEFINITION})),
        complaint(s1(response_items=ALL_ITEMS)),
    ),
    "remedy.target-date": (
        complaint(remedies=[remedy(D(2024, 6, 18))]),
        complaint(remedies=[remedy(D(2024, 6, 18), due=D(2024, 7, 1))]),
    ),
    "remedy.completion": (
        complaint(remedies=[remedy(D(2024, 6, 18), due=D(2024, 7, 1), completed=D(2024, 7, 2))]),
        complaint(remedies=[remedy(D(2024, 6, 18), due=D(2024, 7, 1), completed=D(2024, 7, 1))]),
    ),
}

ARCHITECTURE_RULES = {
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
    "stages.count",
    "stages.order",
    "stages.handler-independence",
    "exclusion.time-limit",
    "refusal.explanation",
    "response.content",
    "remedy.target-date",
    "remedy.completion",
}


# The stage 3 extension rules (2020 and 2022 Codes only; the 2024 Code has two stages).
# Stage 3 of stage3_case is received Mon 2023-08-07 under the 2022 Code: respond by Tue
# 2023-09-05, 20 working days after receipt (Aug 8-11, 14-18, 21-25, 29-31 with Mon 28 Aug
# a bank holiday, Sep 1, 4, 5); extensions are capped at 10 working days without a good
# reason. Stage 3 is left unanswered and no as_of is given, so it is simply open: the only
# finding a complaint can have is the extension finding under test.
STAGE3_PAIRS: dict[str, tuple[Complaint, Complaint]] = {
    # Notified Wed 09-06, one working day after the 09-05 deadline: too late to count.
    # Notified on the deadline day itself (Tue 09-05): in time; the deadline moves 5
    # working days to Tue 09-12 (6, 7, 8, 11, 12).
    "stage3.extension-notice": (
        stage3_case(None, extensions=[ext(D(2023, 9, 6), 5)]),
        stage3_case(None, extensions=[ext(D(2023, 9, 5), 5)]),
    ),
    # 11 working days with no good reason is one over the cap of 10; exactly 10 is not.
    "stage3.extension-length": (
        stage3_case(None, extensions=[ext(D(2023, 8, 21), 11)]),
        stage3_case(None, extensions=[ext(D(2023, 8, 21), 10)]),
    ),
    # A blank reason is no reason; a recorded reason is one.
    "stage3.extension-reason": (
        stage3_case(None, extensions=[ext(D(2023, 8, 21), 5, reason="  ")]),
        stage3_case(None, extensions=[ext(D(2023, 8, 21), 5)]),
    ),
}

ALL_PAIRS = PAIRS | STAGE3_PAIRS


def test_every_architecture_rule_is_in_the_catalogue_and_has_a_pair() -> None:
    """Each rule id of architecture §6 is implemented and tested both ways here."""
    assert set(RULES) >= ARCHITECTURE_RULES
    assert set(PAIRS) == ARCHITECTURE_RULES


def test_every_catalogued_rule_has_a_pair() -> None:
    """No rule the engine can report goes without a firing and a non-firing case."""
    assert set(ALL_PAIRS) == set(RULES)


@pytest.mark.parametrize("rule", sorted(ALL_PAIRS))
def test_rule_fires(rule: str) -> None:
    """The firing complaint has exactly one finding, of this rule."""
    findings = check(ALL_PAIRS[rule][0]).findings
    assert Counter(f.rule for f in findings) == Counter({rule: 1}), findings


@pytest.mark.parametrize("rule", sorted(ALL_PAIRS))
def test_rule_does_not_fire(rule: str) -> None:
    """The near-identical complaint on the right side of the line has no findings."""
    assert check(ALL_PAIRS[rule][1]).findings == ()


def test_no_acknowledgement_and_a_late_response_is_an_acknowledgement_breach() -> None:
    """No acknowledgement and a response after the acknowledgement deadline is a breach.

    Acknowledge by 06-10; respond by 06-24 (10 after 06-10: 11..14, 17..21, 24).
    """
    result = check(complaint(s1(acknowledged=None, responded=D(2024, 6, 12))))
    (finding,) = result.findings
    assert finding.rule == "stage1.acknowledgement"
    assert (finding.due, finding.actual, finding.working_days_late) == (D(2024, 6, 10), None, 2)
    assert result.timetable[1].respond_by is not None
    assert result.timetable[1].respond_by.due == D(2024, 6, 24)


def test_a_response_within_the_acknowledgement_limit_serves_as_acknowledgement() -> None:
    """No acknowledgement recorded, but answered by 06-10: no finding."""
    assert check(complaint(s1(acknowledged=None, responded=D(2024, 6, 10)))).findings == ()


def test_findings_render_with_their_provision() -> None:
    """str(finding) names the rule, the edition, the provision and the severity."""
    (finding,) = check(PAIRS["stage1.response"][0]).findings
    assert str(finding) == (
        "[stage1.response] Stage 1 response sent 2024-06-19, 1 working day after its "
        "2024-06-18 deadline (10 working days after acknowledgement on 2024-06-04) "
        "(2024 Code 6.3; breach)"
    )


def test_2022_extension_over_the_cap_is_advisory() -> None:
    """In 2022 the cap is a 'should': the finding is ADVISORY and the case stays compliant."""
    case = Complaint(
        "E-4",
        [Stage(1, D(2023, 6, 5), acknowledged=D(2023, 6, 6), extensions=[ext(D(2023, 6, 7), 12)])],
    )
    result = check(case)
    (finding,) = result.findings
    assert (finding.rule, finding.provision, finding.severity.name) == (
        "stage1.extension-length",
        "5.1",
        "ADVISORY",
    )
    assert result.compliant


def test_a_late_action_on_a_non_working_day_is_at_least_one_working_day_late() -> None:
    """Due Friday 17 May 2024, answered Saturday 18 May: late by 1 working day, not 0.

    Acknowledged Thu 2 May; 10 working days: 3, 7 (6 May is a bank holiday), 8, 9, 10, 13,
    14, 15, 16, 17. Saturday counts from Monday 20 May, one working day after the deadline.
    """
    case = Complaint(
        "E-5", [Stage(1, D(2024, 5, 2), acknowledged=D(2024, 5, 2), responded=D(2024, 5, 18))]
    )
    (finding,) = check(case).findings
    assert (finding.rule, finding.due, finding.working_days_late) == (
        "stage1.response",
        D(2024, 5, 17),
        1,
    )
    assert "1 working day after its 2024-05-17 deadline" in finding.message


def test_late_acknowledgement_moves_the_clock_unless_capped() -> None:
    """Acknowledged late, the response clock moves with it, unless the caller caps it.

    Received Fri 3 May 2024: acknowledge by 13 May (7, 8, 9, 10, 13; 6 May is a bank
    holiday); acknowledged 15 May, 2 working days late. Moves-clock: respond by 30 May
    (16, 17, 20, 21, 22, 23, 24, 28, 29, 30; 27 May is a bank holiday). Capped: respond by
    28 May (10 working days after 13 May). Answered 29 May.
    """
    case = Complaint(
        "E-6",
        [Stage(1, D(2024, 5, 3), acknowledged=D(2024, 5, 15), responded=D(2024, 5, 29))],
    )
    moved = check(case)
    assert [f.rule for f in moved.findings] == ["stage1.acknowledgement"]
    assert moved.timetable[1].respond_by is not None
    assert moved.timetable[1].respond_by.due == D(2024, 5, 30)
    assert moved.status(1).name == "ON_TIME"

    capped = check(case, late_acknowledgement="capped")
    assert sorted(f.rule for f in capped.findings) == ["stage1.acknowledgement", "stage1.response"]
    respond_by = capped.timetable[1].respond_by
    assert respond_by is not None
    assert respond_by.due == D(2024, 5, 28)
    assert "the acknowledgement was late; the clock is capped" in respond_by.basis
    late = next(f for f in capped.findings if f.rule == "stage1.response")
    assert late.working_days_late == 1


def test_capping_changes_nothing_for_a_timely_acknowledgement() -> None:
    """With the acknowledgement on time, both modes give the same assessment."""
    case = PAIRS["stage1.response"][0]
    assert check(case, late_acknowledgement="capped") == check(case)


def test_an_unknown_late_acknowledgement_mode_is_refused() -> None:
    """Only "moves-clock" and "capped" are accepted."""
    with pytest.raises(InvalidArgument, match="late_acknowledgement must be"):
        check(PAIRS["stage1.response"][0], late_acknowledgement="sometimes")  # type: ignore[arg-type]


@pytest.mark.parametrize("rule", sorted(STAGE3_PAIRS))
def test_stage3_extension_findings_are_advisory_under_the_2022_code(rule: str) -> None:
    """The 2022 extension sentences are "should"s: advisory findings, a compliant case."""
    result = check(STAGE3_PAIRS[rule][0])
    (finding,) = result.findings
    assert (result.edition.name, finding.stage, finding.severity) == ("2022", 3, Severity.ADVISORY)
    assert finding.provision == "stage three timescale (number not verified)"
    assert result.compliant


def test_a_late_stage3_extension_names_its_deadline_and_does_not_move_it() -> None:
    """Notified Wed 09-06, one working day after the Tue 09-05 deadline, which stands."""
    result = check(STAGE3_PAIRS["stage3.extension-notice"][0])
    (finding,) = result.findings
    assert (finding.due, finding.actual, finding.working_days_late) == (
        D(2023, 9, 5),
        D(2023, 9, 6),
        1,
    )
    extended = result.timetable[3].extended_respond_by
    assert extended is not None
    assert (extended.due, extended.working_days) == (D(2023, 9, 5), 0)


@pytest.mark.parametrize(
    ("case", "due"),
    [
        # Notified on the deadline day: 5 working days after Tue 09-05 -> Tue 09-12
        # (6, 7, 8, 11, 12).
        (STAGE3_PAIRS["stage3.extension-notice"][1], D(2023, 9, 12)),
        # 11 days asked, only the cap of 10 counts: after 09-05 -> Tue 09-19
        # (6, 7, 8, 11, 12, 13, 14, 15, 18, 19).
        (STAGE3_PAIRS["stage3.extension-length"][0], D(2023, 9, 19)),
        # Exactly the cap: the same Tue 09-19.
        (STAGE3_PAIRS["stage3.extension-length"][1], D(2023, 9, 19)),
        # A reasonless extension still counts (the finding is about the letter, not the
        # days): 5 working days after 09-05 -> Tue 09-12.
        (STAGE3_PAIRS["stage3.extension-reason"][0], D(2023, 9, 12)),
    ],
)
def test_stage3_extensions_move_the_deadline_by_the_days_that_count(
    case: Complaint, due: date
) -> None:
    """The extended stage 3 deadline counts only the in-time days within the cap."""
    extended = check(case).timetable[3].extended_respond_by
    assert extended is not None
    assert extended.due == due


def test_a_stage3_extension_over_the_cap_with_a_good_reason_counts_in_full() -> None:
    """11 working days with a good reason: no finding; after 09-05 -> Wed 09-20."""
    case = stage3_case(None, extensions=[ext(D(2023, 8, 21), 11, good_reason=True)])
    result = check(case)
    assert result.findings == ()
    extended = result.timetable[3].extended_respond_by
    assert extended is not None
    assert extended.due == D(2023, 9, 20)


def test_a_late_action_under_the_strict_start_rule_is_at_least_one_working_day_late() -> None:
    """Strict start rule: due Friday 21 June 2024, answered Saturday 22 June: 1 day late.

    Received Mon 3 June, acknowledged Fri 7 June; 10 working days: 10, 11, 12, 13, 14, 17,
    18, 19, 20, 21. The start rule says how a clock starts, not how lateness is counted: a
    Saturday action counts from Monday 24 June, one working day after the deadline.
    """
    strict = WorkingDayCalendar(start_rule="strict")
    case = complaint(s1(acknowledged=D(2024, 6, 7), responded=D(2024, 6, 22)))
    (finding,) = check(case, calendar=strict).findings
    assert (finding.rule, finding.due, finding.actual, finding.working_days_late) == (
        "stage1.response",
        D(2024, 6, 21),
        D(2024, 6, 22),
        1,
    )
    assert "1 working day after its 2024-06-21 deadline" in finding.message


def test_findings_do_not_print_the_handlers_name() -> None:
    """Handler independence says what happened, not who (the name stays in the data)."""
    case = complaint(s1(handler="Jane Smith"), s2(handler="jane  smith"))
    (finding,) = check(case).findings
    assert finding.rule == "stages.handler-independence"
    assert "smith" not in finding.message.casefold()
    assert finding.message == "The same person handled stage 1 and stage 2"


def test_findings_do_not_quote_remedy_descriptions() -> None:
    """A remedy is named by its position and kind; its free-text description stays out."""
    private = "pay Mrs Example of 1 High Street for her ruined carpet"
    late = remedy(D(2024, 6, 18), due=D(2024, 7, 1), completed=D(2024, 7, 2), description=private)
    undated = remedy(D(2024, 6, 18), description=private)
    result = check(complaint(remedies=[undated, late]))
    messages = {f.rule: f.message for f in result.findings}
    assert messages == {
        "remedy.target-date": "Remedy 1 (other) offered 2024-06-18 has no target date",
        "remedy.completion": (
            "Remedy 2 (other) was completed 2024-07-02, 1 working day after its target "
            "date 2024-07-01"
        ),
    }
