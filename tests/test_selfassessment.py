"""The self-assessment: figures and RAG worked out by hand for a small set of complaints.

Every expected date below was counted by hand on a calendar of June–July 2024 (no bank
holidays between 27 May and 26 August) or June–July 2023, and every expected figure was
tallied by hand from the table in ``HAND_WORKED``; none was produced by running the code.

June 2024 starts on a Saturday: Mon 3, 10, 17, 24 June and 1, 8, 15, 22, 29 July.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from datetime import date
from fractions import Fraction

import pytest

from complaintcode import (
    Assessment,
    Complaint,
    ExclusionGround,
    Extension,
    RemedyKind,
    ResponseItem,
    Stage,
    check,
    sample_path,
)
from complaintcode.errors import EditionError, InvalidArgument
from complaintcode.provisions import provisions
from complaintcode.records import read_cases
from complaintcode.selfassessment import COLUMNS, Figure, Thresholds, self_assessment
from complaintcode.serialize import to_dict
from support import refusal, remedy

ALL = frozenset(ResponseItem)
NO_REMEDY = ALL - {ResponseItem.REMEDY}


def d(month: int, day: int, year: int = 2024) -> date:
    return date(year, month, day)


def complaints_2024() -> list[Complaint]:
    """Twelve complaints under the 2024 Code and one under 2022 (C12)."""
    return [
        # C1: ack 4 Jun (due 10 Jun); respond by 18 Jun (10 WD after 4 Jun); sent 14 Jun.
        Complaint(
            "C1",
            [Stage(1, d(6, 3), acknowledged=d(6, 4), responded=d(6, 14), response_items=ALL)],
            remedies=[
                remedy(
                    d(6, 14),
                    due=d(6, 28),
                    completed=d(6, 20),
                    kind=RemedyKind.APOLOGY,
                    description="apology",
                ),
            ],
        ),
        # C2: ack 10 Jun (due 10 Jun: on time); respond by 24 Jun; sent 26 Jun: late.
        # Letter misses the remedy. Remedy due 10 Jul, completed 12 Jul: late.
        Complaint(
            "C2",
            [
                Stage(
                    1, d(6, 3), acknowledged=d(6, 10), responded=d(6, 26), response_items=NO_REMEDY
                )
            ],
            remedies=[
                remedy(
                    d(6, 26),
                    due=d(7, 10),
                    completed=d(7, 12),
                    kind=RemedyKind.OTHER,
                    description="repair",
                ),
            ],
        ),
        # C3: ack 11 Jun, a day after its 10 Jun deadline; respond by 25 Jun; sent 25 Jun.
        Complaint("C3", [Stage(1, d(6, 3), acknowledged=d(6, 11), responded=d(6, 25))]),
        # C4: ack 6 Jun (due 12 Jun); respond by 20 Jun; a 10 WD extension notified 17 Jun
        # with a reason and the Ombudsman's details moves it to 4 Jul; sent 2 Jul.
        # Remedy with no target date, not completed.
        Complaint(
            "C4",
            [
                Stage(
                    1,
                    d(6, 5),
                    acknowledged=d(6, 6),
                    responded=d(7, 2),
                    response_items=ALL,
                    extensions=[
                        Extension(d(6, 17), 10, "awaiting a surveyor", ombudsman_details_given=True)
                    ],
                )
            ],
            remedies=[remedy(d(7, 2), kind=RemedyKind.OTHER, description="new fence")],
        ),
        # C5: as C4 but a 15 WD extension without good reason or the Ombudsman's details
        # (notified 19 Jun): only 10 WD count, so the deadline is 4 Jul; sent 10 Jul: late.
        # Remedy due 24 Jul, not completed (no as_of): neither completed nor overdue.
        Complaint(
            "C5",
            [
                Stage(
                    1,
                    d(6, 5),
                    acknowledged=d(6, 6),
                    responded=d(7, 10),
                    response_items=ALL,
                    extensions=[Extension(d(6, 19), 15, "contractor report")],
                )
            ],
            remedies=[remedy(d(7, 10), due=d(7, 24), kind=RemedyKind.FINANCIAL, description="£50")],
        ),
        # C6: stage 1 on time (Bob); stage 2 received 17 Jun, ack 19 Jun (due 24 Jun),
        # respond by 17 Jul (20 WD after 19 Jun), sent 15 Jul (Cath). Remedy completed the
        # day it was offered, so it needs no target date.
        Complaint(
            "C6",
            [
                Stage(
                    1,
                    d(6, 3),
                    acknowledged=d(6, 4),
                    responded=d(6, 14),
                    handler="Bob",
                    response_items=ALL,
                ),
                Stage(
                    2,
                    d(6, 17),
                    acknowledged=d(6, 19),
                    responded=d(7, 15),
                    handler="Cath",
                    response_items=ALL,
                ),
            ],
            remedies=[
                remedy(
                    d(7, 15),
                    completed=d(7, 15),
                    kind=RemedyKind.EXPLANATION,
                    description="explained",
                )
            ],
        ),
        # C7: stage 1 on time (Dee); stage 2 ack 25 Jun, a day late (due 24 Jun); respond
        # by 23 Jul; a 5 WD extension notified 22 Jul with no reason and no Ombudsman's
        # details moves it to 30 Jul; sent 29 Jul by " dee " (the same person).
        Complaint(
            "C7",
            [
                Stage(1, d(6, 3), acknowledged=d(6, 4), responded=d(6, 14), handler="Dee"),
                Stage(
                    2,
                    d(6, 17),
                    acknowledged=d(6, 25),
                    responded=d(7, 29),
                    handler=" dee ",
                    extensions=[Extension(d(7, 22), 5, "")],
                ),
            ],
        ),
        # C8: refused as out of time, but the issue (1 Sep 2023) is within 12 months;
        # reasons given, the right to go to the Ombudsman not.
        Complaint(
            "C8",
            [Stage(1, d(6, 3))],
            issue_date=date(2023, 9, 1),
            refusal=refusal(d(6, 5), ExclusionGround.OUT_OF_TIME, ombudsman_rights_given=False),
        ),
        # C9: refused as out of time, rightly (issue 10 Jan 2023), with a full explanation.
        Complaint(
            "C9",
            [Stage(1, d(6, 3))],
            issue_date=date(2023, 1, 10),
            refusal=refusal(d(6, 5), ExclusionGround.OUT_OF_TIME),
        ),
        # C10: refused (legal proceedings) with a full explanation.
        Complaint(
            "C10",
            [Stage(1, d(6, 3))],
            refusal=refusal(d(6, 5), ExclusionGround.LEGAL_PROCEEDINGS),
        ),
        # C11: received 24 Jun, nothing since: open, and not judged without as_of.
        Complaint("C11", [Stage(1, d(6, 24))]),
        # C12: received 1 Mar 2024, so judged under the 2022 Code: not counted for 2024.
        Complaint("C12", [Stage(1, d(3, 1), acknowledged=d(3, 4), responded=d(3, 8))]),
        # C13: three stages. Stage 1 on time (Eve); stage 2 received 10 Jun, ack 11 Jun
        # (due 17 Jun), respond by 9 Jul, sent 21 Jun, no handler; stage 3 received 24 Jun.
        Complaint(
            "C13",
            [
                Stage(1, d(6, 3), acknowledged=d(6, 4), responded=d(6, 7), handler="Eve"),
                Stage(2, d(6, 10), acknowledged=d(6, 11), responded=d(6, 21)),
                Stage(3, d(6, 24)),
            ],
        ),
    ]


# What each complaint should come to, worked out by hand (statuses; rules of the findings).
HAND_WORKED: dict[str, tuple[dict[int, str], set[str]]] = {
    "C1": ({1: "ON_TIME"}, set()),
    "C2": ({1: "LATE"}, {"stage1.response", "response.content", "remedy.completion"}),
    "C3": ({1: "ON_TIME"}, {"stage1.acknowledgement"}),
    "C4": ({1: "WITHIN_EXTENSION"}, {"remedy.target-date"}),
    "C5": (
        {1: "LATE"},
        {"stage1.extension-length", "stage1.extension-ombudsman-details", "stage1.response"},
    ),
    "C6": ({1: "ON_TIME", 2: "ON_TIME"}, set()),
    "C7": (
        {1: "ON_TIME", 2: "WITHIN_EXTENSION"},
        {
            "stage2.acknowledgement",
            "stage2.extension-reason",
            "stage2.extension-ombudsman-details",
            "stages.handler-independence",
        },
    ),
    "C8": ({}, {"exclusion.time-limit", "refusal.explanation"}),
    "C9": ({}, set()),
    "C10": ({}, set()),
    "C11": ({1: "OPEN"}, set()),
    "C13": ({1: "ON_TIME", 2: "ON_TIME"}, {"stages.count"}),
}

# The 2024 rows worked out by hand from the table above: (comply, evidence, commentary).
EXPECTED_2024: dict[str, tuple[str, str, str]] = {
    "2.3": (
        "Red",
        "2.3: 1 of 2 out-of-time refusals with an issue or awareness date (50.0%) fell "
        "outside the 12-month window",
        "",
    ),
    "2.4": (
        "Red",
        "2.4: 2 of 3 refusals to accept a complaint (66.7%) gave reasons and the right to go "
        "to the Ombudsman",
        "",
    ),
    "5.3": ("Amber", "5.3: 11 of 12 complaints (91.7%) had no more than 2 stages", ""),
    "5.11": ("", "", "no refusals to escalate in the data"),
    "6.2": (
        "Amber",
        "6.2: 7 of 8 stage 1 complaints (87.5%) acknowledged within 5 working days",
        "1 stage 1 complaint with no acknowledgement recorded and not yet late is not counted",
    ),
    "6.3": (
        "Red",
        "6.3: 5 of 8 answered stage 1 complaints (62.5%) answered within 10 working days of "
        "acknowledgement",
        "1 more answered within a compliant extension; 1 still open",
    ),
    "6.4": (
        "Red",
        "6.4: 1 of 2 stage 1 complaints with an extension (50.0%) kept within 10 working days "
        "of extension (or had good reason), notified in time and with reasons given",
        "",
    ),
    "6.5": (
        "Red",
        "6.5: 1 of 2 stage 1 extensions (50.0%) gave the Ombudsman's contact details",
        "",
    ),
    "6.9": (
        "Amber",
        "6.9: 4 of 5 stage 1 responses with their contents recorded (80.0%) covered all 7 "
        "required items",
        "3 answered stage 1 complaints with no letter contents recorded are not counted",
    ),
    "6.11": (
        "Red",
        "6.11: 2 of 3 stage 2 complaints (66.7%) acknowledged within 5 working days",
        "",
    ),
    "6.13": (
        "Red",
        "6.13: 1 of 2 escalated complaints with both handlers recorded (50.0%) had a "
        "different handler at stage 2",
        "1 escalated complaint without a stage 1 or stage 2 handler recorded is not counted",
    ),
    "6.14": (
        "Red",
        "6.14: 2 of 3 answered stage 2 complaints (66.7%) answered within 20 working days of "
        "acknowledgement",
        "1 more answered within a compliant extension",
    ),
    "6.15": (
        "Red",
        "6.15: 0 of 1 stage 2 complaints with an extension (0.0%) kept within 20 working days "
        "of extension (or had good reason), notified in time and with reasons given",
        "",
    ),
    "6.16": (
        "Red",
        "6.16: 0 of 1 stage 2 extensions (0.0%) gave the Ombudsman's contact details",
        "",
    ),
    "6.19": (
        "Green",
        "6.19: 1 of 1 stage 2 responses with their contents recorded (100.0%) covered all 7 "
        "required items",
        "2 answered stage 2 complaints with no letter contents recorded are not counted",
    ),
    "7.3": (
        "Red",
        "7.3: 4 of 5 remedies offered (80.0%) set a target date (or were completed the day "
        "offered); 7.3: 1 of 2 remedies with a target date that are completed or overdue "
        "(50.0%) were completed by the target date",
        "1 remedy with a target date, neither completed nor overdue, is not counted",
    ),
}


def assess(complaints: Iterable[Complaint], as_of: date | None = None) -> list[Assessment]:
    return [check(c, as_of=as_of) for c in complaints]


@pytest.fixture(scope="module")
def assessments() -> list[Assessment]:
    return assess(complaints_2024())


def test_the_hand_worked_cases_check_as_worked_out(assessments: list[Assessment]) -> None:
    """Each case's statuses and findings are those the hand working expects."""
    for a in assessments:
        if a.reference == "C12":
            assert a.edition.name == "2022"
            continue
        statuses, rules = HAND_WORKED[a.reference]
        assert {n: s.name for n, s in a.statuses.items()} == statuses, a.reference
        assert {f.rule for f in a.findings} == rules, a.reference


def test_every_data_evidenced_2024_row_matches_the_hand_worked_figures(
    assessments: list[Assessment],
) -> None:
    """Comply, evidence and commentary of each data-evidenced row are as worked by hand."""
    sa = self_assessment(assessments)
    got = {r.provision.number: (r.comply, r.evidence, r.commentary) for r in sa.evidenced}
    assert got == EXPECTED_2024


def test_only_assessments_under_the_edition_count(assessments: list[Assessment]) -> None:
    """The 2022 case (C12) is left out of the 2024 self-assessment and tallied as other."""
    sa = self_assessment(assessments)
    assert (sa.complaints, sa.other_editions) == (12, 1)
    assert sa.edition.name == "2024"


def test_landlord_rows_carry_the_summary_and_nothing_else(assessments: list[Assessment]) -> None:
    """A provision only the landlord can evidence has an empty comply, evidence, commentary."""
    sa = self_assessment(assessments)
    row = sa.row("1.2")
    assert row.requirement == row.provision.summary
    assert (row.comply, row.evidence, row.commentary, row.figures) == ("", "", "", ())


def test_one_row_per_provision_in_order(assessments: list[Assessment]) -> None:
    """The rows follow the catalogue exactly."""
    sa = self_assessment(assessments)
    assert [r.provision for r in sa.rows] == list(provisions("2024"))


@pytest.mark.parametrize("edition", ["2022", "2024"])
def test_every_data_evidenced_provision_has_a_figure(edition: str) -> None:
    """Each "case data" provision is measured (even on no data); no landlord row is."""
    sa = self_assessment([], edition=edition)
    for row in sa.rows:
        assert bool(row.figures) == (row.provision.evidence == "case data"), row.provision


def test_percentages_are_exact(assessments: list[Assessment]) -> None:
    """The figures keep exact fractions; only the text is rounded."""
    figure = self_assessment(assessments).row("5.3").figures[0]
    assert figure.percent == Fraction(1100, 12)
    assert (figure.count, figure.total) == (11, 12)


def test_thresholds_move_the_suggestion(assessments: list[Assessment]) -> None:
    """91.7% is Amber by default, Green at a 90% threshold, Red at amber 95%."""
    assert self_assessment(assessments).row("5.3").comply == "Amber"
    lenient = Thresholds(green=Fraction(90), amber=Fraction(80))
    assert self_assessment(assessments, thresholds=lenient).row("5.3").comply == "Green"
    strict = Thresholds(green=Fraction(99), amber=Fraction(95))
    assert self_assessment(assessments, thresholds=strict).row("5.3").comply == "Red"


def test_rounding_shows_halves_up() -> None:
    """2 of 3 shows as 66.7% and 1 of 8 as 12.5%; 1 of 3 as 33.3%."""
    assert "(66.7%)" in Figure("x", 2, 3, "things", "did").sentence
    assert "(12.5%)" in Figure("x", 1, 8, "things", "did").sentence
    assert "(33.3%)" in Figure("x", 1, 3, "things", "did").sentence
    assert "(0.1%)" in Figure("x", 1, 2000, "things", "did").sentence  # 0.05 rounds up


def test_as_of_judges_open_stages() -> None:
    """With as_of past its deadlines, an unacknowledged open complaint counts as late."""
    # C11: received 24 Jun; acknowledge by 1 Jul; as of 31 Jul nothing has happened.
    a = check(Complaint("C11", [Stage(1, d(6, 24))]), as_of=d(7, 31))
    row = self_assessment([a]).row("6.2")
    assert (
        row.evidence == "6.2: 0 of 1 stage 1 complaints (0.0%) acknowledged within 5 working days"
    )
    assert row.commentary == ""
    assert self_assessment([a]).row("6.3").commentary == (
        "no answered stage 1 complaints in the data; 1 open past its deadline"
    )


def test_as_of_ignores_events_after_it() -> None:
    """Extensions and remedies after as_of are not counted."""
    # C4 as of 18 Jun: the extension (17 Jun) counts; the remedy (2 Jul) does not yet exist.
    [c4] = [c for c in complaints_2024() if c.reference == "C4"]
    sa = self_assessment([check(c4, as_of=d(6, 18))])
    assert sa.row("6.5").evidence == (
        "6.5: 1 of 1 stage 1 extensions (100.0%) gave the Ombudsman's contact details"
    )
    assert sa.row("7.3").commentary == (
        "no remedies offered in the data; "
        "no remedies with a target date that are completed or overdue in the data"
    )


def test_2022_rows_use_2022_numbers_and_limits() -> None:
    """Under 2022, 4.1 is the acknowledgement, 5.1 the response and extension, 5.12 the handler."""
    d1 = Complaint(
        "D1",
        [
            # ack 6 Jun (due 12 Jun); respond by 20 Jun (10 WD after 6 Jun); sent 19 Jun.
            Stage(
                1,
                d(6, 5, 2023),
                acknowledged=d(6, 6, 2023),
                responded=d(6, 19, 2023),
                handler="Ann",
            ),
            # escalated 26 Jun; respond by 24 Jul (20 WD after the request); sent 21 Jul.
            Stage(2, d(6, 26, 2023), responded=d(7, 21, 2023), handler="Ann"),
        ],
    )
    d2 = Complaint(
        "D2",
        [
            # ack 12 Jun (due 12 Jun); respond by 26 Jun; a 5 WD extension notified 23 Jun
            # moves it to 3 Jul; sent 30 Jun.
            Stage(
                1,
                d(6, 5, 2023),
                acknowledged=d(6, 12, 2023),
                responded=d(6, 30, 2023),
                extensions=[Extension(d(6, 23, 2023), 5, "awaiting a contractor")],
            ),
        ],
    )
    sa = self_assessment(assess([d1, d2]), edition="2022")
    got = {r.provision.number: (r.comply, r.evidence, r.commentary) for r in sa.evidenced}
    assert got == {
        "1.9": ("", "", "no refusals to accept a complaint in the data"),
        "4.1": (
            "Green",
            "4.1: 2 of 2 stage 1 complaints (100.0%) acknowledged within 5 working days",
            "",
        ),
        "5.1": (
            "Red",
            "5.1: 1 of 2 answered stage 1 complaints (50.0%) answered within 10 working days of "
            "acknowledgement; 5.1: 1 of 1 stage 1 complaints with an extension (100.0%) kept "
            "within 10 working days of extension (or had good reason), notified in time and "
            "with reasons given",
            "1 more answered within a compliant extension",
        ),
        "5.8": (
            "",
            "",
            "no stage 1 responses with their contents recorded in the data; 2 answered stage 1 "
            "complaints with no letter contents recorded are not counted",
        ),
        "5.9": ("", "", "no refusals to escalate in the data"),
        "5.11": (
            "Green",
            "5.11: 1 of 1 escalated complaints (100.0%) escalated only after the previous "
            "stage's response",
            "",
        ),
        "5.12": (
            "Red",
            "5.12: 0 of 1 escalated complaints with both handlers recorded (0.0%) had a "
            "different handler at stage 2",
            "",
        ),
        "5.13": (
            "Green",
            "5.13: 1 of 1 answered stage 2 complaints (100.0%) answered within 20 working days "
            "of the escalation request",
            "no stage 2 complaints with an extension in the data",
        ),
        "5.16": (
            "",
            "",
            "no stage 2 responses with their contents recorded in the data; 1 answered stage 2 "
            "complaint with no letter contents recorded is not counted",
        ),
        "6.5": (
            "",
            "",
            "no remedies offered in the data; "
            "no remedies with a target date that are completed or overdue in the data",
        ),
    }
    assert (sa.complaints, sa.other_editions) == (2, 0)


def test_csv_has_the_published_columns_and_one_line_per_provision(
    assessments: list[Assessment],
) -> None:
    """The CSV reads back as the rows, under the five published columns."""
    sa = self_assessment(assessments)
    rows = list(csv.DictReader(io.StringIO(sa.to_csv())))
    assert (
        tuple(rows[0])
        == COLUMNS
        == ("provision", "requirement", "comply", "evidence", "commentary")
    )
    assert rows == sa.to_rows()
    assert len(rows) == 72 + 1  # one per provision, then what produced the figures
    assert rows[-1]["provision"] == "Provenance"
    assert rows[36]["provision"] == "6.2"
    assert rows[36]["evidence"] == EXPECTED_2024["6.2"][1]


def test_markdown_has_a_table_per_section(assessments: list[Assessment]) -> None:
    """The Markdown opens with what was counted, then each section's table."""
    text = self_assessment(assessments).to_markdown()
    lines = text.splitlines()
    assert (
        lines[0] == "# Self-assessment against the Complaint Handling Code (statutory, April 2024)"
    )
    assert lines[2].startswith(
        "Figures from 12 complaints judged under the 2024 Code (1 judged under other editions "
        "is not counted). The comply column is a suggestion from those figures: Green at "
        "95.0% or more, Amber at 80.0% or more, otherwise Red."
    )
    assert "## 6 Complaint stages — stage 2" in lines
    assert "| Provision | Requirement | Comply | Evidence | Commentary |" in lines
    assert sum(line.startswith("## ") for line in lines) == 10
    assert sum(line.startswith("| ") for line in lines) == 72 + 10
    six_two = next(line for line in lines if line.startswith("| 6.2 |"))
    assert six_two.endswith(
        "| Amber | 6.2: 7 of 8 stage 1 complaints (87.5%) acknowledged within 5 working days | "
        "1 stage 1 complaint with no acknowledgement recorded and not yet late is not counted |"
    )


def test_an_assessment_without_its_complaint_is_refused() -> None:
    """Assessments rebuilt without their complaint cannot be counted; the error names one."""
    a = check(Complaint("J-1", [Stage(1, d(6, 3))]))
    stripped = Assessment(a.reference, a.edition, a.findings, a.timetable, a.statuses)
    assert "complaint" not in to_dict(a)
    with pytest.raises(InvalidArgument, match="'J-1'"):
        self_assessment([stripped])


def test_the_2020_code_has_no_self_assessment() -> None:
    """There is no 2020 catalogue, so no 2020 self-assessment."""
    with pytest.raises(EditionError):
        self_assessment([], edition="2020")


def test_bad_thresholds_are_refused() -> None:
    """Thresholds are exact percentages from 0 to 100, with amber no higher than green."""
    with pytest.raises(InvalidArgument, match="amber"):
        Thresholds(green=Fraction(80), amber=Fraction(90))
    with pytest.raises(InvalidArgument, match="green"):
        Thresholds(green=Fraction(101), amber=Fraction(80))
    with pytest.raises(InvalidArgument, match="not a float"):
        Thresholds(green=95.0, amber=Fraction(80))  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="not a float"):
        Thresholds(green=True, amber=0)
    assert Thresholds(green=95, amber=80) == Thresholds()


def test_the_sample_reconciles_with_the_per_case_results() -> None:
    """On the bundled sample, 6.2 and 6.3 add up to the stage 1 statuses check() gave."""
    cases = [c for c in read_cases(sample_path()) if isinstance(c, Complaint)]
    under_2024 = [a for a in assess(cases) if a.edition.name == "2024"]
    statuses = Counter(a.statuses[1].name for a in under_2024 if 1 in a.statuses)
    sa = self_assessment(under_2024)
    ack, respond = sa.row("6.2").figures[0], sa.row("6.3").figures[0]
    assert respond.count == statuses["ON_TIME"]
    assert respond.total == statuses["ON_TIME"] + statuses["WITHIN_EXTENSION"] + statuses["LATE"]
    acknowledged = [a.timetable[1].acknowledged_on_time for a in under_2024 if 1 in a.statuses]
    assert ack.count == acknowledged.count(True)
    assert all(r.evidence for r in sa.evidenced if r.provision.number != "5.11")
