"""The stage rules: ``stages.count``, ``stages.order`` and ``stages.handler-independence``.

Dates (England & Wales, 2024 Code): stage 1 received Mon 2024-06-03, acknowledged 06-04,
answered 06-18 (10 working days after the acknowledgement: 5, 6, 7, 10, 11, 12, 13, 14,
17, 18); stage 2 received Mon 07-01, acknowledged 07-02, answered 07-30 (20 working days:
3-5, 8-12, 15-19, 22-26, 29, 30 July). Both are on time, so the stage rules' findings are
the only ones a test can see.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from complaintcode import Complaint, Stage, check

D = date


def stage1(**fields: Any) -> Stage:
    fields.setdefault("acknowledged", D(2024, 6, 4))
    fields.setdefault("responded", D(2024, 6, 18))
    return Stage(1, D(2024, 6, 3), **fields)


def stage2(**fields: Any) -> Stage:
    fields.setdefault("acknowledged", D(2024, 7, 2))
    fields.setdefault("responded", D(2024, 7, 30))
    return Stage(2, fields.pop("received", D(2024, 7, 1)), **fields)


def test_a_stage_beyond_the_editions_last_is_named_with_the_count() -> None:
    """A third stage under the 2024 Code (two stages, 5.3) is a breach at stage 3."""
    case = Complaint("S-1", [stage1(), stage2(), Stage(3, D(2024, 8, 5))])
    (finding,) = check(case).findings
    assert (finding.rule, finding.stage, finding.provision) == ("stages.count", 3, "5.3")
    assert finding.message == (
        "The complaint has 3 stages (stage 3 received 2024-08-05); the 2024 Code allows no "
        "more than 2"
    )


def test_a_stage_started_before_the_previous_response_names_both_days() -> None:
    """Stage 2 received Mon 06-17, the day before the stage 1 response of Tue 06-18.

    Stage 2 is acknowledged 06-18 and answered Wed 07-10, 16 working days later (19-21,
    24-28 June, 1-5, 8-10 July), within its 20.
    """
    second = stage2(received=D(2024, 6, 17), acknowledged=D(2024, 6, 18), responded=D(2024, 7, 10))
    (finding,) = check(Complaint("S-2", [stage1(), second])).findings
    assert (finding.rule, finding.stage, finding.due, finding.actual) == (
        "stages.order",
        2,
        D(2024, 6, 18),
        D(2024, 6, 17),
    )
    assert finding.message == (
        "Stage 2 started 2024-06-17, before the stage 1 response was sent on 2024-06-18"
    )


def test_a_stage_started_with_no_previous_response_says_none_is_recorded() -> None:
    """Stage 1 never answered (checked with no as_of, so it is open) and stage 2 started."""
    case = Complaint("S-3", [stage1(responded=None), stage2()])
    (finding,) = check(case).findings
    assert (finding.rule, finding.due, finding.actual) == ("stages.order", None, D(2024, 7, 1))
    assert finding.message == (
        "Stage 2 started 2024-07-01, before the stage 1 response was sent (none is recorded)"
    )


def test_a_stage_started_on_the_day_of_the_previous_response_is_in_order() -> None:
    """Stage 2 received on Tue 06-18, the day stage 1 was answered: no finding."""
    second = stage2(received=D(2024, 6, 18), acknowledged=D(2024, 6, 18), responded=D(2024, 7, 10))
    assert check(Complaint("S-4", [stage1(), second])).findings == ()


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Jane Smith", " JANE   smith ", True),
        (None, None, False),  # two unknown handlers are not known to be one person
        ("Jane Smith", None, False),
        ("  ", "  ", False),  # blank names are unknown too
        ("Ann Ewing", "Anne Wing", False),  # the same letters, but two different people
    ],
)
def test_handlers_are_the_same_person_only_when_their_names_match(
    first: str | None, second: str | None, same: bool
) -> None:
    """Names match ignoring case and runs of spaces, never when either is unknown."""
    case = Complaint("S-5", [stage1(handler=first), stage2(handler=second)])
    rules = [(f.rule, f.stage, f.provision) for f in check(case).findings]
    assert rules == ([("stages.handler-independence", 2, "6.13")] if same else [])


def test_handler_independence_compares_stage_1_with_stage_2_only() -> None:
    """2022 Code 5.12: one person handling stages 2 and 3 is no breach of it.

    Stage 1 received Mon 2023-06-05, acknowledged 06-06, answered 06-20; stage 2 received
    Mon 07-03, answered 07-31; stage 3 received Mon 08-07, answered 09-05 (20 working days
    each from receipt; Mon 28 August is a bank holiday).
    """
    case = Complaint(
        "S-6",
        [
            Stage(
                1, D(2023, 6, 5), acknowledged=D(2023, 6, 6), responded=D(2023, 6, 20), handler="A"
            ),
            Stage(2, D(2023, 7, 3), responded=D(2023, 7, 31), handler="B"),
            Stage(3, D(2023, 8, 7), responded=D(2023, 9, 5), handler="B"),
        ],
    )
    result = check(case)
    assert (result.edition.name, result.findings) == ("2022", ())


def test_an_edition_without_handler_independence_never_finds_it() -> None:
    """The 2020 Code has no such requirement: one handler for both stages is no finding.

    Stage 1 received Mon 2021-06-07, acknowledged and answered the same day; stage 2
    received Mon 06-14 and answered the same day.
    """
    case = Complaint(
        "S-7",
        [
            Stage(
                1, D(2021, 6, 7), acknowledged=D(2021, 6, 7), responded=D(2021, 6, 7), handler="A"
            ),
            Stage(2, D(2021, 6, 14), responded=D(2021, 6, 14), handler="A"),
        ],
    )
    result = check(case)
    assert (result.edition.name, result.findings) == ("2020", ())
