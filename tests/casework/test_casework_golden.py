"""Hand-worked golden cases for next_actions, worklist and extension_options.

Every expected date, state and count below was worked out BY HAND from the Code's
timescales (the editions table in shared/design/architecture.md) and a printed calendar
(``python3 -c "import calendar; print(calendar.month(y, m))"``), with the England & Wales
bank holidays listed here; complaintcode was not used to produce them.

Bank holidays that matter: 2021: Fri 2 Apr, Mon 5 Apr, Mon 3 May, Mon 31 May;
2023: Mon 1 May, Mon 8 May, Mon 29 May; 2025: Mon 5 May, Mon 26 May.

Notation in the comments: "X +N WD: a,b,c -> Y" lists the working days counted strictly
after X; "(d BH)" is a skipped bank holiday; "left (A, B]: ..." lists the working days
after as_of A up to the due date B; "late (B, A]: ..." the working days after the due date
B up to as_of A (an as_of on a non-working day counts to the next working day).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import NamedTuple

import pytest

from complaintcode import (
    Complaint,
    EditionError,
    ExclusionGround,
    Extension,
    Refusal,
    Remedy,
    RemedyKind,
    Stage,
    StageStatus,
    WorkingDayCalendar,
)
from complaintcode.casework import (
    ActionKind,
    ActionState,
    extension_options,
    next_actions,
    preview_extension,
    preview_response,
    worklist,
)
from complaintcode.errors import InvalidArgument

ACK = ActionKind.ACKNOWLEDGE
DECIDE = ActionKind.DECIDE_ESCALATION
RESPOND = ActionKind.RESPOND
NOTICE = ActionKind.EXTENSION_NOTICE
REMEDY = ActionKind.COMPLETE_REMEDY
OVERDUE = ActionState.OVERDUE
TODAY = ActionState.DUE_TODAY
SOON = ActionState.DUE_SOON
UPCOMING = ActionState.UPCOMING

CUTOFF = WorkingDayCalendar(cutoff=time(17, 0))

# 2020 Code provisions could not be verified: the edition cites descriptions.
ACK_2020 = "acknowledging and logging (number not verified)"
S1_2020 = "stage one timescale (number not verified)"
S2_2020 = "stage two timescale (number not verified)"
S3_2020 = "stage three timescale (number not verified)"
REMEDIES_2020 = "remedies (number not verified)"


class Expected(NamedTuple):
    kind: ActionKind
    stage: int | None
    due: date
    state: ActionState
    left: int
    provision: str


class Case(NamedTuple):
    name: str
    edition: str
    complaint: Complaint
    as_of: date | datetime
    expected: list[Expected]
    calendar: WorkingDayCalendar | None = None
    within: int = 5


def _remedy(description: str, offered: date, due: date, completed: date | None = None) -> Remedy:
    return Remedy(
        RemedyKind.ACTION_ON_DELAY, description, offered=offered, due=due, completed=completed
    )


# Shared histories -------------------------------------------------------------------------

# 2024 Code. rcv Mon 2025-06-02, ack Tue 06-03.
#   respond by: ack 06-03 +10 WD: 4,5,6(3),9-13(8),16,17(10) -> Tue 2025-06-17 (6.3)
ANSWERED_2025 = Stage(
    1, date(2025, 6, 2), acknowledged=date(2025, 6, 3), responded=date(2025, 6, 13)
)
OPEN_2025 = Stage(1, date(2025, 6, 2), acknowledged=date(2025, 6, 3))

# A stage 2 under the 2024 Code with no acknowledgement recorded.
#   rcv Mon 2025-06-16; decide (acknowledge) by: +5 WD: 17,18,19,20,23 -> Mon 06-23 (6.11)
#   respond by, from the acknowledgement deadline 06-23 +20 WD:
#   24,25,26,27(4),30(5),Jul 1-4(9),7-11(14),14-18(19),21(20) -> Mon 2025-07-21 (6.14)
STAGE2_NO_ACK = Complaint("G24-A", [ANSWERED_2025, Stage(2, date(2025, 6, 16), handler="B Osei")])

# A remedy due on Saturday 2025-06-21.
SATURDAY_REMEDY = Complaint(
    "G24-C",
    [ANSWERED_2025],
    remedies=[_remedy("repair the gutter", date(2025, 6, 13), date(2025, 6, 21))],
)

# rcv Wed 2025-05-21, nothing else. ack by: +5 WD: 22,23,(26 BH),27,28,29 -> Thu 05-29 (6.2)
#   respond by, from the ack deadline 05-29 +10 WD: 30(1),Jun 2-6(6),9,10,11,12(10) -> 06-12
UNACKNOWLEDGED_2025 = Complaint("G24-D", [Stage(1, date(2025, 5, 21))])

# Extension notified on the last day, 2024 Code: respond by Tue 06-17 (above); extension of
# 5 WD notified Tue 06-17 (on the deadline, so it counts): 06-17 +5 WD: 18,19,20,23,24 -> 06-24
EXTENDED_2025 = Complaint(
    "G24-E",
    [
        Stage(
            1,
            date(2025, 6, 2),
            acknowledged=date(2025, 6, 3),
            extensions=[
                Extension(
                    date(2025, 6, 17), 5, "awaiting a damp survey", ombudsman_details_given=True
                )
            ],
        )
    ],
)

# 2022 Code. rcv Thu 2023-06-01, ack Fri 06-02.
#   respond by: 06-02 +10 WD: 5-9(5),12-16(10) -> Fri 2023-06-16 (5.1)
#   extension of 10 WD notified Fri 06-16, the last day: counts.
#   extended: 06-16 +10 WD: 19-23(5),26-30(10) -> Fri 2023-06-30
EXTENDED_2023 = Complaint(
    "G22-B",
    [
        Stage(
            1,
            date(2023, 6, 1),
            acknowledged=date(2023, 6, 2),
            extensions=[Extension(date(2023, 6, 16), 10, "awaiting a contractor's report")],
        )
    ],
)


CASES = [
    # ---- 2020 Code ---------------------------------------------------------------------
    Case(
        "2020: an acknowledgement overdue while the response is not yet due",
        "2020",
        # rcv Mon 2021-03-01. ack by +5 WD: 2,3,4,5,8 -> Mon 03-08.
        # No acknowledgement: respond by ack deadline 03-08 +10 WD:
        #   9,10,11,12(4),15-19(9),22(10) -> Mon 03-22.
        Complaint("G20-A", [Stage(1, date(2021, 3, 1))]),
        # late (03-08, 03-09]: 9 -> 1.   left (03-09, 03-22]: 10,11,12(3),15-19(8),22(9) -> 9
        date(2021, 3, 9),
        [
            Expected(ACK, 1, date(2021, 3, 8), OVERDUE, -1, ACK_2020),
            Expected(RESPOND, 1, date(2021, 3, 22), UPCOMING, 9, S1_2020),
        ],
    ),
    Case(
        "2020: a response due today lists the last day for an extension notice beside it",
        "2020",
        # rcv 2021-03-01, ack Tue 03-02. respond by 03-02 +10 WD: 3,4,5(3),8-12(8),15,16(10)
        #   -> Tue 03-16; as_of is that day.
        Complaint("G20-B", [Stage(1, date(2021, 3, 1), acknowledged=date(2021, 3, 2))]),
        date(2021, 3, 16),
        [
            Expected(RESPOND, 1, date(2021, 3, 16), TODAY, 0, S1_2020),
            Expected(NOTICE, 1, date(2021, 3, 16), TODAY, 0, S1_2020),
        ],
    ),
    Case(
        "2020: a stage 2 response due soon over Easter; no acknowledgement limit at stage 2",
        "2020",
        # stage 2 rcv Mon 2021-03-15. respond by +20 WD: 16-19(4),22-26(9),29,30,31(12),
        #   Apr 1(13),(2 BH),(5 BH),6,7,8,9(17),12,13,14(20) -> Wed 2021-04-14.
        # left (04-08, 04-14]: 9,12,13,14 -> 4 (within 5: due soon)
        Complaint(
            "G20-C",
            [
                Stage(
                    1, date(2021, 3, 1), acknowledged=date(2021, 3, 2), responded=date(2021, 3, 10)
                ),
                Stage(2, date(2021, 3, 15)),
            ],
        ),
        date(2021, 4, 8),
        [
            Expected(RESPOND, 2, date(2021, 4, 14), SOON, 4, S2_2020),
            Expected(NOTICE, 2, date(2021, 4, 14), SOON, 4, S2_2020),
        ],
    ),
    Case(
        "2020: a stage 3 response is upcoming",
        "2020",
        # stage 3 rcv Tue 2021-04-06. respond by +20 WD: 7,8,9(3),12-16(8),19-23(13),
        #   26-30(18),(May 3 BH),4,5(20) -> Wed 2021-05-05.
        # left (04-07, 05-05]: 8,9(2),12-16(7),19-23(12),26-30(17),4,5(19) -> 19
        Complaint(
            "G20-D",
            [
                Stage(
                    1, date(2021, 3, 1), acknowledged=date(2021, 3, 2), responded=date(2021, 3, 10)
                ),
                Stage(2, date(2021, 3, 15), responded=date(2021, 4, 1)),
                Stage(3, date(2021, 4, 6)),
            ],
        ),
        date(2021, 4, 7),
        [Expected(RESPOND, 3, date(2021, 5, 5), UPCOMING, 19, S3_2020)],
    ),
    Case(
        "2020: a remedy past its target date is overdue; a completed one owes nothing",
        "2020",
        # target Fri 2021-03-19, as_of Mon 03-22: late (03-19, 03-22]: 22 -> 1
        Complaint(
            "G20-E",
            [
                Stage(
                    1, date(2021, 3, 1), acknowledged=date(2021, 3, 2), responded=date(2021, 3, 10)
                )
            ],
            remedies=[
                _remedy("replace the door", date(2021, 3, 10), date(2021, 3, 19)),
                _remedy("apologise", date(2021, 3, 10), date(2021, 3, 12), date(2021, 3, 11)),
            ],
        ),
        date(2021, 3, 22),
        [Expected(REMEDY, None, date(2021, 3, 19), OVERDUE, -1, REMEDIES_2020)],
    ),
    # ---- 2022 Code ---------------------------------------------------------------------
    Case(
        "2022: as_of a Saturday; the acknowledgement is 2 working days late",
        "2022",
        # rcv Thu 2023-06-01. ack by +5 WD: 2,5,6,7,8 -> Thu 06-08 (4.1).
        # respond by, from the ack deadline 06-08 +10 WD: 9(1),12-16(6),19-22(10) -> 06-22.
        # as_of Sat 06-10: late (06-08, Mon 06-12]: 9,12 -> 2.
        # left (06-10, 06-22]: 12-16(5),19-22(9) -> 9
        Complaint("G22-A", [Stage(1, date(2023, 6, 1))]),
        date(2023, 6, 10),
        [
            Expected(ACK, 1, date(2023, 6, 8), OVERDUE, -2, "4.1"),
            Expected(RESPOND, 1, date(2023, 6, 22), UPCOMING, 9, "5.1"),
        ],
    ),
    Case(
        "2022: an extension notified on the last day moves the response to 2023-06-30",
        "2022",
        # extended respond by Fri 06-30 (see EXTENDED_2023). left (06-26, 06-30]: 27-30 -> 4
        EXTENDED_2023,
        date(2023, 6, 26),
        [
            Expected(RESPOND, 1, date(2023, 6, 30), SOON, 4, "5.1"),
            Expected(NOTICE, 1, date(2023, 6, 30), SOON, 4, "5.1"),
        ],
    ),
    Case(
        "2022: a stage 2 response overdue over the spring bank holiday",
        "2022",
        # stage 2 rcv Mon 2023-05-15. respond by +20 WD: 16-19(4),22-26(9),(29 BH),30,31(11),
        #   Jun 1,2(13),5-9(18),12,13(20) -> Tue 2023-06-13 (5.13). late (06-13, 06-14] -> 1
        Complaint(
            "G22-C",
            [
                Stage(
                    1, date(2023, 5, 2), acknowledged=date(2023, 5, 3), responded=date(2023, 5, 12)
                ),
                Stage(2, date(2023, 5, 15)),
            ],
        ),
        date(2023, 6, 14),
        [Expected(RESPOND, 2, date(2023, 6, 13), OVERDUE, -1, "5.13")],
    ),
    Case(
        "2022: one remedy due today and one upcoming",
        "2022",
        # remedy 2 due Fri 2023-07-14: left (06-20, 07-14]: 21,22,23(3),26-30(8),
        #   Jul 3-7(13),10-14(18) -> 18
        Complaint(
            "G22-D",
            [Stage(1, date(2023, 6, 1), acknowledged=date(2023, 6, 2), responded=date(2023, 6, 9))],
            remedies=[
                _remedy("repair the boiler", date(2023, 6, 9), date(2023, 6, 20)),
                _remedy("redecorate", date(2023, 6, 9), date(2023, 7, 14)),
            ],
        ),
        date(2023, 6, 20),
        [
            Expected(REMEDY, None, date(2023, 6, 20), TODAY, 0, "6.5"),
            Expected(REMEDY, None, date(2023, 7, 14), UPCOMING, 18, "6.5"),
        ],
    ),
    # ---- 2024 Code ---------------------------------------------------------------------
    Case(
        "2024: a stage 2 with no acknowledgement recorded owes the escalation decision "
        "(overdue) and a response counted from its deadline",
        "2024",
        # decide by Mon 06-23, respond by Mon 07-21 (see STAGE2_NO_ACK).
        # late (06-23, 06-24]: 24 -> 1. left (06-24, 07-21]: 25,26,27(3),30(4),Jul 1-4(8),
        #   7-11(13),14-18(18),21(19) -> 19
        STAGE2_NO_ACK,
        date(2025, 6, 24),
        [
            Expected(DECIDE, 2, date(2025, 6, 23), OVERDUE, -1, "6.11"),
            Expected(RESPOND, 2, date(2025, 7, 21), UPCOMING, 19, "6.14"),
        ],
    ),
    Case(
        "2024: as_of a datetime after the 17:00 cut-off counts as the next day: overdue",
        "2024",
        # respond by Tue 2025-06-17. 17:30 London on 06-17 is after the cut-off: as_of is
        # Wed 06-18. late (06-17, 06-18]: 18 -> 1
        Complaint("G24-B", [OPEN_2025]),
        datetime(2025, 6, 17, 17, 30),
        [Expected(RESPOND, 1, date(2025, 6, 17), OVERDUE, -1, "6.3")],
        CUTOFF,
    ),
    Case(
        "2024: an aware datetime is read in London time: 16:30 UTC is 17:30 BST, after the cut-off",
        "2024",
        Complaint("G24-B2", [OPEN_2025]),
        datetime(2025, 6, 17, 16, 30, tzinfo=UTC),
        [Expected(RESPOND, 1, date(2025, 6, 17), OVERDUE, -1, "6.3")],
        CUTOFF,
    ),
    Case(
        "2024: a datetime before the cut-off is the same day: due today",
        "2024",
        # 15:59 UTC is 16:59 BST, before 17:00.
        Complaint("G24-B3", [OPEN_2025]),
        datetime(2025, 6, 17, 15, 59, tzinfo=UTC),
        [
            Expected(RESPOND, 1, date(2025, 6, 17), TODAY, 0, "6.3"),
            Expected(NOTICE, 1, date(2025, 6, 17), TODAY, 0, "6.4"),
        ],
        CUTOFF,
    ),
    # A target date on a non-working day is met by the next working day (the rule
    # remedy.completion reads it so): target Sat 2025-06-21 -> due Mon 2025-06-23.
    Case(
        "2024: a remedy targeted for a Saturday, asked on the Friday before: due soon, "
        "on the Monday",
        "2024",
        # left (Fri 06-20, Mon 06-23]: 23 -> 1
        SATURDAY_REMEDY,
        date(2025, 6, 20),
        [Expected(REMEDY, None, date(2025, 6, 23), SOON, 1, "7.3")],
    ),
    Case(
        "2024: a remedy targeted for a Saturday, asked on the Sunday: not yet late",
        "2024",
        # left (Sun 06-22, Mon 06-23]: 23 -> 1
        SATURDAY_REMEDY,
        date(2025, 6, 22),
        [Expected(REMEDY, None, date(2025, 6, 23), SOON, 1, "7.3")],
    ),
    Case(
        "2024: a remedy targeted for a Saturday, asked on the Monday: due today",
        "2024",
        SATURDAY_REMEDY,
        date(2025, 6, 23),
        [Expected(REMEDY, None, date(2025, 6, 23), TODAY, 0, "7.3")],
    ),
    Case(
        "2024: a remedy targeted for a Saturday, asked on the Tuesday: 1 working day late",
        "2024",
        # late (Mon 06-23, Tue 06-24]: 24 -> 1
        SATURDAY_REMEDY,
        date(2025, 6, 24),
        [Expected(REMEDY, None, date(2025, 6, 23), OVERDUE, -1, "7.3")],
    ),
    Case(
        "2024: a remedy targeted for a Saturday, asked the Monday before with within=3: upcoming",
        "2024",
        # left (Mon 06-16, Mon 06-23]: 17,18,19,20,23 -> 5 > 3
        SATURDAY_REMEDY,
        date(2025, 6, 16),
        [Expected(REMEDY, None, date(2025, 6, 23), UPCOMING, 5, "7.3")],
        None,
        3,
    ),
    Case(
        "2024: an acknowledgement due soon over the spring bank holiday",
        "2024",
        # ack by Thu 05-29, respond by Thu 06-12 (see UNACKNOWLEDGED_2025).
        # left (05-27, 05-29]: 28,29 -> 2. left (05-27, 06-12]: 28,29,30(3),2-6(8),9-12(12)
        UNACKNOWLEDGED_2025,
        date(2025, 5, 27),
        [
            Expected(ACK, 1, date(2025, 5, 29), SOON, 2, "6.2"),
            Expected(RESPOND, 1, date(2025, 6, 12), UPCOMING, 12, "6.3"),
        ],
    ),
    Case(
        "2024: an acknowledgement due today",
        "2024",
        # left (05-29, 06-12]: 30(1),2-6(6),9-12(10) -> 10
        UNACKNOWLEDGED_2025,
        date(2025, 5, 29),
        [
            Expected(ACK, 1, date(2025, 5, 29), TODAY, 0, "6.2"),
            Expected(RESPOND, 1, date(2025, 6, 12), UPCOMING, 10, "6.3"),
        ],
    ),
    Case(
        "2024: an extension notified on the last day moves the response to 2025-06-24",
        "2024",
        # left (Thu 06-19, Tue 06-24]: 20,23,24 -> 3
        EXTENDED_2025,
        date(2025, 6, 19),
        [
            Expected(RESPOND, 1, date(2025, 6, 24), SOON, 3, "6.3"),
            Expected(NOTICE, 1, date(2025, 6, 24), SOON, 3, "6.4"),
        ],
    ),
    Case(
        "2024: events after as_of have not happened yet: the acknowledgement is still owed",
        "2024",
        # ack recorded Thu 05-29 but as_of Tue 05-27: same as UNACKNOWLEDGED_2025 then.
        Complaint("G24-F", [Stage(1, date(2025, 5, 21), acknowledged=date(2025, 5, 29))]),
        date(2025, 5, 27),
        [
            Expected(ACK, 1, date(2025, 5, 29), SOON, 2, "6.2"),
            Expected(RESPOND, 1, date(2025, 6, 12), UPCOMING, 12, "6.3"),
        ],
    ),
    Case(
        "2024: a refused stage owes nothing",
        "2024",
        Complaint(
            "G24-G",
            [Stage(1, date(2025, 6, 2))],
            refusal=Refusal(
                date(2025, 6, 4),
                ExclusionGround.LEGAL_PROCEEDINGS,
                reasons_given=True,
                ombudsman_rights_given=True,
            ),
        ),
        date(2025, 6, 30),
        [],
    ),
    Case(
        "2024: a closed complaint (answered, remedy completed) owes nothing",
        "2024",
        Complaint(
            "G24-H",
            [ANSWERED_2025],
            remedies=[
                Remedy(
                    RemedyKind.FINANCIAL,
                    "time and trouble",
                    offered=date(2025, 6, 13),
                    due=date(2025, 6, 27),
                    completed=date(2025, 6, 20),
                    amount=Decimal("100.00"),
                )
            ],
        ),
        date(2025, 7, 30),
        [],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_next_actions_golden(case: Case) -> None:
    """next_actions gives exactly the hand-worked actions, in stage order."""
    actions = next_actions(
        case.complaint, as_of=case.as_of, calendar=case.calendar, within=case.within
    )
    got = [
        Expected(a.kind, a.stage, a.due, a.state, a.working_days_left, a.provision) for a in actions
    ]
    assert got == case.expected
    for action in actions:
        assert action.edition == case.edition
        assert action.reference == case.complaint.reference


def test_every_kind_and_state_is_covered_in_every_edition() -> None:
    """The golden cases cover each kind and each state under each edition (where it exists)."""
    for edition in ("2020", "2022", "2024"):
        cases = [c for c in CASES if c.edition == edition]
        kinds = {e.kind for c in cases for e in c.expected}
        states = {e.state for c in cases for e in c.expected}
        # DECIDE_ESCALATION needs a stage 2 acknowledgement limit: only the 2024 Code has one.
        wanted = set(ActionKind) - ({DECIDE} if edition != "2024" else set())
        assert kinds == wanted, edition
        assert states == set(ActionState), edition


def test_worklist_golden() -> None:
    """A work queue of five 2024 complaints on Tue 2025-06-24, worked by hand.

    G24-D: ack due 05-29, late (05-29, 06-24]: 30(1),2-6(6),9-13(11),16-20(16),23,24 -> 18;
           respond due 06-12, late (06-12, 06-24]: 13(1),16-20(6),23,24(8) -> 8.
    G24-B: respond due 06-17, late (06-17, 06-24]: 18,19,20,23,24 -> 5.
    G24-A: decide due Mon 06-23, late 1; respond due 07-21, 19 left (upcoming).
    G24-C: remedy targeted Sat 06-21, so due Mon 06-23: late (06-23, 06-24]: 24 -> 1
           (after G24-A, due the same day: by reference).
    G24-E: respond due 06-24 (extended), due today, with its extension-notice line.
    """
    complaints = iter(
        [
            STAGE2_NO_ACK,
            Complaint("G24-B", [OPEN_2025]),
            SATURDAY_REMEDY,
            UNACKNOWLEDGED_2025,
            EXTENDED_2025,
        ]
    )
    queue = worklist(complaints, as_of=date(2025, 6, 24))
    assert [(a.reference, a.kind, a.due, a.state, a.working_days_left) for a in queue] == [
        ("G24-D", ACK, date(2025, 5, 29), OVERDUE, -18),
        ("G24-D", RESPOND, date(2025, 6, 12), OVERDUE, -8),
        ("G24-B", RESPOND, date(2025, 6, 17), OVERDUE, -5),
        ("G24-A", DECIDE, date(2025, 6, 23), OVERDUE, -1),
        ("G24-C", REMEDY, date(2025, 6, 23), OVERDUE, -1),
        ("G24-E", RESPOND, date(2025, 6, 24), TODAY, 0),
        ("G24-E", NOTICE, date(2025, 6, 24), TODAY, 0),
        ("G24-A", RESPOND, date(2025, 7, 21), UPCOMING, 19),
    ]
    assert queue.by_state == {OVERDUE: 5, TODAY: 2, SOON: 0, UPCOMING: 1}
    assert queue.by_kind == {ACK: 1, DECIDE: 1, RESPOND: 4, NOTICE: 1, REMEDY: 1}
    assert (queue.complaints, queue.with_actions, queue.as_of) == (5, 5, date(2025, 6, 24))


def test_extension_options_after_an_extension_on_the_last_day_2024() -> None:
    """2024 stage 1 extended by 5 of its 10 days: 5 more may be added, to 2025-07-01.

    Current deadline 06-24 (see EXTENDED_2025). room = cap 10 - used 5 = 5.
    06-24 +5 WD: 25,26,27,30,Jul 1 -> 2025-07-01.
    """
    options = extension_options(EXTENDED_2025, 1, on=date(2025, 6, 19))
    assert options.last_notice_day == date(2025, 6, 24)
    assert options.notice_counts
    assert (options.cap, options.used, options.room) == (10, 5, 5)
    assert options.extended is not None
    assert options.extended.due == date(2025, 7, 1)
    assert options.must_record == (
        "the reason for the extension, explained to the resident (2024 Code 6.4)",
        "the Ombudsman's contact details (2024 Code 6.5)",
    )


def test_extension_options_the_day_after_the_deadline_2024() -> None:
    """A notice on 06-25, after the 06-24 deadline, would not count."""
    options = extension_options(EXTENDED_2025, 1, on=date(2025, 6, 25))
    assert not options.notice_counts
    assert options.extended is None
    assert options.room == 5


def test_extension_options_cap_used_up_2022() -> None:
    """2022 stage 1 extended by its full 10 days: no room; no Ombudsman details needed."""
    options = extension_options(EXTENDED_2023, 1, on=date(2023, 6, 26))
    assert options.last_notice_day == date(2023, 6, 30)
    assert (options.cap, options.used, options.room) == (10, 10, 0)
    assert options.extended is None
    assert options.must_record == (
        "the reason for the extension, explained to the resident (2022 Code 5.1)",
    )


def test_extension_options_stage2_2024_cap_is_20() -> None:
    """2024 stage 2, nothing extended yet: 20 working days of room (6.15).

    respond by Mon 07-21 (see STAGE2_NO_ACK); 07-21 +20 WD: 22-25(4),28-Aug 1(9),
    4-8(14),11-15(19),18(20) -> Mon 2025-08-18 (no bank holiday before 25 Aug).
    """
    options = extension_options(STAGE2_NO_ACK, 2, on=date(2025, 7, 1))
    assert (options.cap, options.used, options.room) == (20, 0, 20)
    assert options.extended is not None
    assert options.extended.due == date(2025, 8, 18)
    assert options.must_record[1] == "the Ombudsman's contact details (2024 Code 6.16)"


def test_worklist_skips_what_it_cannot_judge_only_when_asked() -> None:
    """A complaint received before the first edition (1 July 2020) raises, or is skipped."""
    early = Complaint("OLD-1", [Stage(1, date(2020, 6, 30))])
    with pytest.raises(EditionError):
        worklist([early, UNACKNOWLEDGED_2025], as_of=date(2025, 5, 27))
    seen: list[str] = []
    queue = worklist(
        [early, UNACKNOWLEDGED_2025],
        as_of=date(2025, 5, 27),
        on_error=lambda complaint, error: seen.append(complaint.reference),
    )
    assert seen == ["OLD-1"]
    assert (queue.complaints, queue.skipped, queue.with_actions, len(queue)) == (2, 1, 1, 2)


def test_a_remedy_targeted_for_a_saturday_says_why_it_is_due_on_the_monday() -> None:
    """The basis names the remedy by number and kind (never its description)."""
    (action,) = next_actions(SATURDAY_REMEDY, as_of=date(2025, 6, 20))
    assert action.basis == (
        "2025-06-23: the target date set for remedy 1 (action on a delay), offered on "
        "2025-06-13 is Saturday 2025-06-21, not a working day, so it is met by the next "
        "working day (2024 Code 7.3)"
    )
    assert action.remedy is not None
    assert action.remedy.due == date(2025, 6, 21)


def test_preview_a_response_within_the_extension_2022() -> None:
    """Answering EXTENDED_2023 on Fri 2023-06-30, its extended deadline: within extension."""
    preview = preview_response(EXTENDED_2023, 1, date(2023, 6, 30), as_of=date(2023, 6, 26))
    assert preview.as_of == date(2023, 6, 30)
    assert preview.after.status(1) is StageStatus.WITHIN_EXTENSION
    assert (preview.added, preview.cleared) == ((), ())
    assert EXTENDED_2023.stage(1).responded is None  # nothing was changed


def test_preview_a_response_one_day_late_2022() -> None:
    """Answering on Mon 2023-07-03, 1 working day after 06-30: late by 1."""
    preview = preview_response(EXTENDED_2023, 1, date(2023, 7, 3), as_of=date(2023, 6, 26))
    assert [(f.rule, f.actual, f.working_days_late) for f in preview.added] == [
        ("stage1.response", date(2023, 7, 3), 1)
    ]
    # Doing nothing until 07-03 would be the same breach, still open:
    assert [(f.rule, f.actual, f.working_days_late) for f in preview.cleared] == [
        ("stage1.response", None, 1)
    ]


def test_preview_a_second_extension_within_and_over_the_cap_2024() -> None:
    """EXTENDED_2025 used 5 of its 10 days: 5 more fit; 6 more exceed the cap by 1.

    5 more, notified Fri 06-20: 06-24 +5 WD: 25,26,27,30,Jul 1 -> 2025-07-01.
    """
    within = Extension(date(2025, 6, 20), 5, "survey delayed", ombudsman_details_given=True)
    preview = preview_extension(EXTENDED_2025, 1, within, as_of=date(2025, 6, 19))
    table = preview.after.timetable[1]
    assert table.extended_respond_by is not None
    assert table.extended_respond_by.due == date(2025, 7, 1)
    assert preview.added == ()
    over = Extension(date(2025, 6, 20), 6, "survey delayed", ombudsman_details_given=True)
    rules = [
        f.rule for f in preview_extension(EXTENDED_2025, 1, over, as_of=date(2025, 6, 19)).added
    ]
    assert rules == ["stage1.extension-length"]


# -- arguments the casework questions refuse ---------------------------------------------------


_OPEN = Complaint("Q-1", [Stage(1, date(2024, 5, 3))])


@pytest.mark.parametrize("as_of", ["2024-05-14", 20240514, None])
def test_next_actions_has_no_default_day_and_takes_no_text_for_it(as_of: object) -> None:
    """as_of must be a date or a datetime: text, a number or None is refused by name."""
    with pytest.raises(InvalidArgument, match=r"^as_of must be a datetime\.date or"):
        next_actions(_OPEN, as_of=as_of)  # type: ignore[arg-type]


@pytest.mark.parametrize("within", [-1, True, 2.0, "5"])
def test_next_actions_takes_a_whole_number_of_days_ahead(within: object) -> None:
    """Within must be a whole number of working days, 0 or more (a bool or float is not)."""
    with pytest.raises(InvalidArgument, match=r"^within must be a whole number of working days"):
        next_actions(_OPEN, as_of=date(2024, 5, 14), within=within)  # type: ignore[arg-type]


def test_next_actions_refuses_an_unknown_reading_of_a_late_acknowledgement() -> None:
    """late_acknowledgement is 'moves-clock' or 'capped'; 'late' is refused, quoted."""
    with pytest.raises(InvalidArgument, match=r"^late_acknowledgement must be .*; got 'late'"):
        next_actions(_OPEN, as_of=date(2024, 5, 14), late_acknowledgement="late")  # type: ignore[arg-type]
