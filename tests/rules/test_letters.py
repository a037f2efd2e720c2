"""The letter-content rule (``response.content``): which items are missing, and where it looks.

2024 Code (6.9 at stage 1, 6.19 at stage 2) and 2022 Code (5.8 at stage 1, which does not
ask for the complaint definition). Every stage below is answered within its timescale,
so the letter finding is the only one a test can see:

* 2024: stage 1 received Mon 2024-06-03, acknowledged 06-04, answered 06-18 (10 working
  days after the acknowledgement); stage 2 received Mon 07-01, acknowledged 07-02,
  answered 07-30 (20 working days after it).
* 2022: stage 1 received Mon 2023-06-05, acknowledged 06-06, answered 06-20.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from complaintcode import Complaint, ExclusionGround, Refusal, ResponseItem, Stage, check
from support import ALL_ITEMS

D = date
Item = ResponseItem


def letter(*missing: ResponseItem) -> frozenset[ResponseItem]:
    """A letter that sets out everything but ``missing``."""
    return ALL_ITEMS - set(missing)


def stage1_2024(items: Iterable[ResponseItem] | None) -> Stage:
    return Stage(
        1,
        D(2024, 6, 3),
        acknowledged=D(2024, 6, 4),
        responded=D(2024, 6, 18),
        handler="A",
        response_items=None if items is None else frozenset(items),
    )


def stage2_2024(items: Iterable[ResponseItem] | None) -> Stage:
    return Stage(
        2,
        D(2024, 7, 1),
        acknowledged=D(2024, 7, 2),
        responded=D(2024, 7, 30),
        handler="B",
        response_items=None if items is None else frozenset(items),
    )


def test_the_missing_items_are_named_in_the_codes_order() -> None:
    """Given in any order, the missing items are listed as the Code lists them."""
    case = Complaint("L-1", [stage1_2024(letter(Item.REMEDY, Item.DEFINITION))])
    (finding,) = check(case).findings
    assert (finding.rule, finding.stage, finding.provision) == ("response.content", 1, "6.9")
    assert finding.message == (
        "Stage 1 response of 2024-06-18 does not set out the complaint definition, "
        "any remedy offered"
    )


def test_only_the_items_the_edition_requires_are_named() -> None:
    """The 2022 Code's 5.8 does not ask for the definition: only the reasons are missing."""
    stage = Stage(
        1,
        D(2023, 6, 5),
        acknowledged=D(2023, 6, 6),
        responded=D(2023, 6, 20),
        response_items=letter(Item.DEFINITION, Item.REASONS),
    )
    (finding,) = check(Complaint("L-2", [stage])).findings
    assert (finding.provision, finding.message) == (
        "5.8",
        "Stage 1 response of 2023-06-20 does not set out the reasons for the decision",
    )


def test_a_letter_with_only_an_item_the_edition_does_not_require_missing_is_complete() -> None:
    """Without the definition, a 2022 stage 1 letter still sets out all 5.8 asks for."""
    stage = Stage(
        1,
        D(2023, 6, 5),
        acknowledged=D(2023, 6, 6),
        responded=D(2023, 6, 20),
        response_items=letter(Item.DEFINITION),
    )
    assert check(Complaint("L-3", [stage])).findings == ()


def test_each_stage_cites_its_own_provision() -> None:
    """The stage 2 letter is judged under 6.19, the stage 1 letter under 6.9."""
    case = Complaint("L-4", [stage1_2024(letter(Item.STAGE)), stage2_2024(letter(Item.DECISION))])
    got = [(f.stage, f.provision, f.message) for f in check(case).findings]
    assert got == [
        (1, "6.9", "Stage 1 response of 2024-06-18 does not set out the complaint stage"),
        (2, "6.19", "Stage 2 response of 2024-07-30 does not set out the decision"),
    ]


def test_a_refused_stage_letter_is_not_judged_but_the_earlier_one_is() -> None:
    """A refused stage's letter is not judged; the earlier stage's response still is.

    Escalation refused on Wed 07-03, with reasons and the Ombudsman's details: the stage 2
    letter is a refusal, not a response, so its contents are not judged.
    """
    refused = Refusal(
        D(2024, 7, 3),
        ExclusionGround.OTHER,
        stage=2,
        reasons_given=True,
        ombudsman_rights_given=True,
    )
    case = Complaint(
        "L-5",
        [stage1_2024(letter(Item.REASONS)), stage2_2024(letter(Item.DECISION))],
        refusal=refused,
    )
    (finding,) = check(case).findings
    assert (finding.rule, finding.stage) == ("response.content", 1)


def test_a_letter_sent_after_as_of_is_not_yet_judged() -> None:
    """At as_of Mon 06-17 the 06-18 response has not been sent: nothing to judge yet."""
    case = Complaint("L-6", [stage1_2024(letter(Item.REASONS))])
    assert check(case, as_of=D(2024, 6, 17)).findings == ()
    (finding,) = check(case, as_of=D(2024, 6, 18)).findings
    assert finding.rule == "response.content"


def test_an_edition_with_no_required_contents_judges_no_letter() -> None:
    """The 2020 Code lists no letter contents: even an empty letter gives no finding.

    Received Mon 2021-06-07 and answered the same day, within every 2020 timescale.
    """
    stage = Stage(
        1, D(2021, 6, 7), acknowledged=D(2021, 6, 7), responded=D(2021, 6, 7), response_items=()
    )
    result = check(Complaint("L-7", [stage]))
    assert (result.edition.name, result.findings) == ("2020", ())


def test_a_stage_beyond_the_editions_last_has_no_letter_rule() -> None:
    """A third stage under the 2024 Code is a stages.count breach; its letter is not judged."""
    third = Stage(3, D(2024, 8, 5), responded=D(2024, 8, 6), response_items=())
    case = Complaint("L-8", [stage1_2024(ALL_ITEMS), stage2_2024(ALL_ITEMS), third])
    assert [f.rule for f in check(case).findings] == ["stages.count"]


def test_a_stage_with_no_letter_recorded_does_not_stop_the_next_being_judged() -> None:
    """Stage 1's letter contents are not recorded; stage 2's letter lacks the reasons."""
    case = Complaint("L-9", [stage1_2024(None), stage2_2024(letter(Item.REASONS))])
    (finding,) = check(case).findings
    assert (finding.rule, finding.stage, finding.provision) == ("response.content", 2, "6.19")
