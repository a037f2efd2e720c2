"""The provision catalogue: complete, in order, and each row well formed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from complaintcode import CODE_2020, CODE_2024
from complaintcode.errors import EditionError, InvalidArgument
from complaintcode.provisions import CATALOGUED_EDITIONS, provision, provisions

# Read by hand from three landlords' published self-assessments against the 2024 Code
# (shared/seeds/000, 001, 002); all three list exactly these numbers, in this order.
SEED_2024 = [
    "1.2", "1.3", "1.4", "1.5", "1.6",
    "2.1", "2.2", "2.3", "2.4", "2.5",
    "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7",
    "4.1", "4.2", "4.3",
    "5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11", "5.12",
    "5.13", "5.14", "5.15",
    "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8", "6.9", "6.10", "6.11", "6.12",
    "6.13", "6.14", "6.15", "6.16", "6.17", "6.18", "6.19", "6.20",
    "7.1", "7.2", "7.3", "7.4",
    "8.1", "8.2", "8.3", "8.4", "8.5",
    "9.1", "9.2", "9.3", "9.4", "9.5", "9.6", "9.7", "9.8",
]  # fmt: skip

# Read by hand from a self-assessment against the March 2022 revision (shared/seeds/004),
# which lists each section's "must" provisions, then its "should" ones ("best practice").
SEED_2022_MUST = [
    "1.2", "1.3", "1.6", "1.7", "1.8", "1.9",
    "2.1", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8",
    "3.1", "3.2",
    "4.1", "4.2", "4.6", "4.7", "4.11", "4.12", "4.13", "4.14", "4.15", "4.18",
    "5.1", "5.5", "5.6", "5.8", "5.9", "5.10", "5.11", "5.12", "5.13", "5.16",
    "6.1", "6.2", "6.5", "6.6",
    "7.2",
    "8.1", "8.2", "8.3",
]  # fmt: skip
SEED_2022_SHOULD = [
    "1.4", "1.5", "2.2", "3.3",
    "4.3", "4.4", "4.5", "4.8", "4.9", "4.10", "4.16", "4.17", "4.19",
    "5.2", "5.3", "5.4", "5.7", "5.14", "5.15",
    "6.3", "6.7",
    "7.3", "7.4", "7.5", "7.6",
]  # fmt: skip

DATA_2024 = {
    "2.3", "2.4", "5.3", "5.11", "6.2", "6.3", "6.4", "6.5", "6.9", "6.11", "6.13", "6.14",
    "6.15", "6.16", "6.19", "7.3",
}  # fmt: skip
DATA_2022 = {"1.9", "4.1", "5.1", "5.8", "5.9", "5.11", "5.12", "5.13", "5.16", "6.5"}


def _key(number: str) -> tuple[int, int]:
    major, minor = number.split(".")
    return int(major), int(minor)


def test_2024_catalogue_lists_every_provision_the_seeds_list_in_order() -> None:
    """The 2024 catalogue is 1.2 … 9.8 exactly as the seeds number it, with no gaps."""
    assert [p.number for p in provisions("2024")] == SEED_2024
    assert len(SEED_2024) == 72


def test_2022_catalogue_lists_every_provision_seed_004_lists_in_number_order() -> None:
    """The 2022 catalogue holds the seed's provisions, sorted by number."""
    expected = sorted(SEED_2022_MUST + SEED_2022_SHOULD, key=_key)
    assert [p.number for p in provisions("2022")] == expected
    assert len(expected) == 68


def test_2022_obligations_follow_the_seeds_must_and_should_groups() -> None:
    """A 2022 provision is a "should" exactly when the seed lists it as best practice."""
    should = {p.number for p in provisions("2022") if p.obligation == "should"}
    assert should == set(SEED_2022_SHOULD)


def test_2024_provisions_are_all_musts_except_8_4() -> None:
    """Only 8.4 ("may be asked") carries no "must" in the 2024 Code."""
    should = [p.number for p in provisions("2024") if p.obligation == "should"]
    assert should == ["8.4"]


@pytest.mark.parametrize(("edition", "expected"), [("2024", DATA_2024), ("2022", DATA_2022)])
def test_data_evidenced_provisions_are_the_ones_case_data_can_show(
    edition: str, expected: set[str]
) -> None:
    """Exactly the timescale, extension, letter, refusal and remedy provisions are "case data"."""
    found = {p.number for p in provisions(edition) if p.evidence == "case data"}
    assert found == expected


@pytest.mark.parametrize("edition", CATALOGUED_EDITIONS)
def test_every_row_is_well_formed(edition: str) -> None:
    """Each row names its edition and section; each summary is one short sentence of ≤ 25 words."""
    rows = provisions(edition)
    assert len({p.number for p in rows}) == len(rows)
    for p in rows:
        assert p.edition == edition
        assert p.section.number == int(p.number.split(".")[0])
        assert str(p.section).startswith(f"{p.section.number} ")
        assert p.obligation in ("must", "should")
        assert p.evidence in ("case data", "landlord")
        assert 3 <= len(p.summary.split()) <= 25, (p.number, p.summary)
        assert p.summary[0].isupper(), p.number
        assert p.summary.endswith("."), p.number
        assert not re.search(r"\s{2,}", p.summary), p.number


def test_section_6_of_2024_and_5_of_2022_are_split_by_stage() -> None:
    """Stage 2 starts at 6.10 in 2024 and at 5.9 in 2022."""
    assert str(provision("2024", "6.9").section) == "6 Complaint stages — stage 1"
    assert str(provision("2024", "6.10").section) == "6 Complaint stages — stage 2"
    assert str(provision("2022", "5.8").section) == "5 Complaint stages — stage 1"
    assert str(provision("2022", "5.9").section) == "5 Complaint stages — stage 2"


def test_summaries_of_the_two_editions_are_distinct_rows() -> None:
    """The same number in two editions is two different provisions."""
    assert provision("2022", "6.5").summary == provision("2024", "7.3").summary
    assert provision("2022", "6.5").cite() == "2022 Code 6.5"
    assert provision("2024", "6.5").evidence == "case data"
    assert provision("2024", "6.5") != provision("2022", "6.5")


def test_provisions_accepts_an_edition_object() -> None:
    """A CodeEdition works as well as its name."""
    assert provisions(CODE_2024) is provisions("2024")


def test_the_2020_code_has_no_catalogue() -> None:
    """Asking for the 2020 catalogue is an EditionError naming the editions that have one."""
    with pytest.raises(EditionError, match="catalogues exist for 2022, 2024"):
        provisions(CODE_2020)
    with pytest.raises(EditionError, match="unknown edition"):
        provisions("2019")


def test_unknown_provision_number_is_an_invalid_argument() -> None:
    """provision() names the number it could not find."""
    with pytest.raises(InvalidArgument, match=r"'9\.9'"):
        provision("2024", "9.9")


DOC = Path(__file__).resolve().parents[1] / "docs" / "reference" / "selfassessment.md"


@pytest.mark.parametrize("edition", CATALOGUED_EDITIONS)
def test_the_reference_page_lists_the_catalogue(edition: str) -> None:
    """The catalogue table in docs/reference/selfassessment.md is exactly provisions()."""
    rows = [
        "| Provision | Section | Must/should | Evidence | Summary (our words) |",
        "|---|---|---|---|---|",
        *(
            f"| {p.number} | {p.section} | {p.obligation} | {p.evidence} | {p.summary} |"
            for p in provisions(edition)
        ),
    ]
    text = DOC.read_text(encoding="utf-8")
    shown = text.split(f"<!-- catalogue-{edition}:start -->\n", 1)[1]
    shown = shown.split(f"\n<!-- catalogue-{edition}:end -->", 1)[0]
    assert shown == "\n".join(rows)
