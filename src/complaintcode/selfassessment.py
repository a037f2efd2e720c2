"""The annual self-assessment against the Code, with figures from case data.

:func:`self_assessment` gives one row per provision of an edition (see
:mod:`complaintcode.provisions`), in the columns landlords publish: provision, requirement,
comply, evidence, commentary. Where complaint records can evidence a provision (the
timescales, extensions, response letters, refusals, remedies), the row carries the measured
figure and a Green/Amber/Red suggestion from :class:`Thresholds`; the other rows are left
for the landlord's own evidence (policy, training, governance).

Figures come only from the assessments :func:`complaintcode.check` returned: their
timetables, statuses and findings, and the complaint each one carries (for counting
extensions, refusals and remedies). No deadline is recomputed, and every limit quoted
("within 5 working days") is read from the edition.

>>> from datetime import date
>>> from complaintcode import Complaint, Stage, check
>>> cases = [
...     Complaint("A", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7),
...                           responded=date(2024, 5, 17))]),
...     Complaint("B", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 15),
...                           responded=date(2024, 5, 24))]),
... ]
>>> sa = self_assessment([check(c) for c in cases])
>>> row = sa.row("6.2")
>>> row.comply, row.evidence
('Red', '6.2: 1 of 2 stage 1 complaints (50.0%) acknowledged within 5 working days')
>>> sa.row("6.14").commentary
'no answered stage 2 complaints in the data'
>>> sa.row("1.2").comply, sa.row("1.2").evidence
('', '')
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

import attrs

from complaintcode._figures import Figure, figures_of
from complaintcode._text import markdown_row, percent_text, plural
from complaintcode.calendar import WorkingDayCalendar
from complaintcode.editions import CodeEdition, edition_named
from complaintcode.errors import InvalidArgument
from complaintcode.model import ExclusionGround
from complaintcode.provenance import Provenance
from complaintcode.provisions import CodeProvision, provisions
from complaintcode.results import Assessment, StageStatus
from complaintcode.rules import STAGE_RULE_IDS, RuleId, StageRuleKind

__all__ = [
    "COLUMNS",
    "DEFAULT_THRESHOLDS",
    "Comply",
    "Figure",
    "Rag",
    "SelfAssessment",
    "SelfAssessmentRow",
    "Thresholds",
    "self_assessment",
]

# Defined with the figures it carries, presented here where it has always been.
Figure.__module__ = __name__

Rag = Literal["Green", "Amber", "Red"]
"""A RAG rating."""

Comply = Literal["Green", "Amber", "Red", ""]
"""The comply column: a RAG suggestion, or "" where there is no measured figure."""

COLUMNS: tuple[str, ...] = ("provision", "requirement", "comply", "evidence", "commentary")
"""The columns of the published self-assessment, in order."""


def _percentage(value: int | Fraction | Decimal) -> Fraction:
    """A percentage as an exact Fraction (int, Fraction or Decimal; never a float)."""
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise InvalidArgument(
            "threshold", value, "a percentage as an int, Fraction or Decimal (not a float)"
        )
    return Fraction(value)


@attrs.frozen
class Thresholds:
    """Where the RAG suggestion changes: ``green`` and ``amber`` are percentages (0–100).

    A figure of at least ``green`` % is Green, at least ``amber`` % Amber, anything lower
    Red. They are exact (``Fraction``; an ``int`` or ``Decimal`` is converted), never floats.

    >>> t = Thresholds(green=Fraction(95), amber=Fraction(80))
    >>> t.rag(Fraction(95)), t.rag(Fraction(1599, 20)), t.rag(Fraction(80))
    ('Green', 'Red', 'Amber')
    >>> Thresholds(green=80, amber=90)
    Traceback (most recent call last):
    ...
    complaintcode.errors.InvalidArgument: amber must be a percentage no higher than green (80); got Fraction(90, 1)
    """  # noqa: E501

    green: Fraction = attrs.field(default=Fraction(95), converter=_percentage)
    amber: Fraction = attrs.field(default=Fraction(80), converter=_percentage)

    def __attrs_post_init__(self) -> None:
        for name, value in (("green", self.green), ("amber", self.amber)):
            if not 0 <= value <= 100:
                raise InvalidArgument(name, value, "a percentage from 0 to 100")
        if self.amber > self.green:
            raise InvalidArgument(
                "amber", self.amber, f"a percentage no higher than green ({self.green})"
            )

    def rag(self, percent: Fraction) -> Rag:
        """The RAG suggestion for a percentage."""
        if percent >= self.green:
            return "Green"
        if percent >= self.amber:
            return "Amber"
        return "Red"


DEFAULT_THRESHOLDS = Thresholds()
"""Green at 95% or more, Amber at 80% or more, Red below."""


@attrs.frozen
class SelfAssessmentRow:
    """One provision's row: the columns landlords publish, plus the exact figures.

    ``comply`` is a RAG suggestion (the worst of the row's figures) for a data-evidenced
    provision with a measured figure, and "" otherwise; ``evidence`` joins the figures'
    sentences; ``commentary`` says what could not be measured or was left out.

    >>> row = self_assessment([]).row("6.13")
    >>> row.comply, row.commentary
    ('', 'no escalated complaints with both handlers recorded in the data')
    """

    provision: CodeProvision
    requirement: str
    comply: Comply
    evidence: str
    commentary: str
    figures: tuple[Figure, ...] = ()

    def cells(self) -> dict[str, str]:
        """The row as text cells keyed by :data:`COLUMNS`."""
        return {
            "provision": self.provision.number,
            "requirement": self.requirement,
            "comply": self.comply,
            "evidence": self.evidence,
            "commentary": self.commentary,
        }


@attrs.frozen
class SelfAssessment:
    """A self-assessment against one edition: one row per provision, in number order.

    ``complaints`` is how many assessments were judged under ``edition`` and counted;
    ``other_editions`` how many were judged under another edition and left out.

    >>> sa = self_assessment([], edition="2022")
    >>> len(sa.rows), sa.complaints, sa.row("5.1").provision.section.title
    (68, 0, 'Complaint stages — stage 1')
    """

    edition: CodeEdition
    thresholds: Thresholds
    rows: tuple[SelfAssessmentRow, ...]
    complaints: int
    other_editions: int = 0
    provenance: tuple[Provenance, ...] = ()
    """What made the figures: versions and the calendar (none without assessments)."""

    @property
    def evidenced(self) -> tuple[SelfAssessmentRow, ...]:
        """The rows that case data can evidence."""
        return tuple(r for r in self.rows if r.provision.evidence == "case data")

    def row(self, number: str) -> SelfAssessmentRow:
        """The row of provision ``number``.

        Raises:
            InvalidArgument: when the edition has no such provision.
        """
        for row in self.rows:
            if row.provision.number == number:
                return row
        raise InvalidArgument(
            "number", number, f"a provision of the {self.edition.name} Code in the catalogue"
        )

    def to_rows(self) -> list[dict[str, str]]:
        """Every row as a dict of text cells keyed by :data:`COLUMNS` (for CSV).

        The typed JSON record is :func:`complaintcode.documents.self_assessment_record`.

        >>> self_assessment([]).to_rows()[0]["provision"]
        '1.2'
        """
        rows = [row.cells() for row in self.rows]
        for made in self.provenance:  # the footer: what made the figures
            rows.append(
                {
                    "provision": "Provenance",
                    "requirement": f"complaintcode {made.complaintcode}, holidays {made.holidays}",
                    "comply": "",
                    "evidence": f"calendar: {made.describe_calendar()}",
                    "commentary": f"calendar fingerprint {made.fingerprint}",
                }
            )
        return rows

    def to_csv(self) -> str:
        """The table as CSV with a header row of :data:`COLUMNS`.

        >>> print(self_assessment([]).to_csv().splitlines()[0])
        provision,requirement,comply,evidence,commentary
        """
        out = io.StringIO()
        writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.to_rows())
        return out.getvalue()

    def to_markdown(self) -> str:
        """The table as Markdown: a heading, a note on the figures, one table per section.

        >>> print(self_assessment([]).to_markdown().splitlines()[0])
        # Self-assessment against the Complaint Handling Code (statutory, April 2024)
        """
        t = self.thresholds
        counted = f"{self.complaints:,} {plural(self.complaints, 'complaint', 'complaints')}"
        note = f"Figures from {counted} judged under the {self.edition.name} Code"
        if self.other_editions:
            note += (
                f" ({self.other_editions:,} judged under other editions "
                f"{plural(self.other_editions, 'is', 'are')} not counted)"
            )
        lines = [
            f"# Self-assessment against the {self.edition.title}",
            "",
            note + ". The comply column is a suggestion from those figures: Green at "
            f"{percent_text(t.green)} or more, Amber at {percent_text(t.amber)} or more, "
            "otherwise Red. Rows without figures need the landlord's own evidence.",
        ]
        section = None
        for row in self.rows:
            if row.provision.section != section:
                section = row.provision.section
                lines += ["", f"## {section}", "", markdown_row(_HEADINGS), "|---|---|---|---|---|"]
            lines.append(markdown_row(list(row.cells().values())))
        if self.provenance:
            lines += ["", *(made.sentence() for made in self.provenance)]
        return "\n".join(lines) + "\n"


_HEADINGS = [c.capitalize() for c in COLUMNS]


# -- counting -------------------------------------------------------------------------------


@attrs.define
class _StageCounts:
    """Tallies for one stage number across the assessments."""

    ack_judged: int = 0
    ack_on_time: int = 0
    ack_pending: int = 0
    answered: int = 0
    on_time: int = 0
    within_extension: int = 0
    open: int = 0
    overdue: int = 0
    extended: int = 0
    extended_compliant: int = 0
    extensions: int = 0
    extensions_without_details: int = 0
    letters: int = 0
    letters_complete: int = 0
    letters_unrecorded: int = 0


@attrs.define
class _Counts:
    """Tallies across the assessments of one edition."""

    edition: CodeEdition
    stages: dict[int, _StageCounts]
    complaints: int = 0
    within_stage_limit: int = 0
    escalated: int = 0
    escalated_in_order: int = 0
    handlers_recorded: int = 0
    handlers_independent: int = 0
    out_of_time: int = 0
    out_of_time_dated: int = 0
    out_of_time_outside_window: int = 0
    refusals: Counter[int] = attrs.Factory(Counter)
    refusals_explained: Counter[int] = attrs.Factory(Counter)
    remedies: int = 0
    remedies_without_target: int = 0
    remedies_judged: int = 0
    remedies_late: int = 0
    remedies_pending: int = 0

    other: int = 0
    """Assessments judged under another edition (not counted)."""
    calendars: dict[WorkingDayCalendar, None] = attrs.Factory(dict)  # in order of first use

    @classmethod
    def empty(cls, edition: CodeEdition) -> _Counts:
        return cls(edition, {n: _StageCounts() for n in range(1, edition.max_stages + 1)})

    def add_any(self, a: Assessment) -> None:
        """Count ``a`` if it was judged under this edition (else count it as other)."""
        if a.edition.name != self.edition.name:
            self.other += 1
            return
        self.add(a)
        if a.calendar is not None:
            self.calendars.setdefault(a.calendar)

    def assessment(self, thresholds: Thresholds) -> SelfAssessment:
        """The self-assessment these counts give."""
        figures = figures_of(self)
        catalogue = provisions(self.edition)
        rows = tuple(_row(p, figures.get(p.number, []), thresholds) for p in catalogue)
        made = tuple(Provenance.of(calendar) for calendar in self.calendars)
        return SelfAssessment(self.edition, thresholds, rows, self.complaints, self.other, made)

    def add(self, a: Assessment) -> None:
        complaint = a.complaint
        if complaint is None:
            raise InvalidArgument(
                "assessments",
                a.reference,
                "assessments returned by check(), which keep the complaint they checked "
                "(one read back from JSON has none)",
            )
        counted = Counter(f.rule for f in a.findings)
        counted_by_stage = Counter((f.rule, f.stage) for f in a.findings)

        def rules(rule: RuleId) -> int:
            return counted[rule]

        def by_stage(rule: RuleId | None, stage: int) -> int:
            return 0 if rule is None else counted_by_stage[(rule, stage)]

        def seen(day: date | None) -> bool:
            return day is not None and (a.as_of is None or day <= a.as_of)

        self.complaints += 1
        if not rules("stages.count"):
            self.within_stage_limit += 1
        if len(a.timetable) >= 2:
            self.escalated += 1
            if not rules("stages.order"):
                self.escalated_in_order += 1
            first, second = complaint.stages[0].handler, complaint.stages[1].handler
            if first and first.strip() and second and second.strip():
                self.handlers_recorded += 1
                if not rules("stages.handler-independence"):
                    self.handlers_independent += 1

        for n, tally in self.stages.items():
            table = a.timetable.get(n)
            if table is None or table.respond_by is None:
                continue  # not reached (by as_of), or refused
            stage = complaint.stage(n)
            if table.acknowledge_by is not None:
                if table.acknowledged_on_time:
                    tally.ack_judged += 1
                    tally.ack_on_time += 1
                elif by_stage(STAGE_RULE_IDS.get((n, "acknowledgement")), n):
                    tally.ack_judged += 1
                else:
                    tally.ack_pending += 1
            status = a.statuses.get(n)
            answered = status in (
                StageStatus.ON_TIME,
                StageStatus.WITHIN_EXTENSION,
                StageStatus.LATE,
            )
            tally.answered += answered
            tally.on_time += status is StageStatus.ON_TIME
            tally.within_extension += status is StageStatus.WITHIN_EXTENSION
            tally.open += status is StageStatus.OPEN
            tally.overdue += status is StageStatus.OVERDUE
            extensions = [e for e in stage.extensions if seen(e.notified)]
            if extensions:
                tally.extended += 1
                kinds: tuple[StageRuleKind, ...] = (
                    "extension-length",
                    "extension-notice",
                    "extension-reason",
                )
                if not any(by_stage(STAGE_RULE_IDS.get((n, k)), n) for k in kinds):
                    tally.extended_compliant += 1
                tally.extensions += len(extensions)
                tally.extensions_without_details += by_stage(
                    STAGE_RULE_IDS.get((n, "extension-ombudsman-details")), n
                )
            if answered and self.edition.stage(n).letter_items is not None:
                if stage.response_items is None:
                    tally.letters_unrecorded += 1
                else:
                    tally.letters += 1
                    tally.letters_complete += not by_stage("response.content", n)

        refusal = complaint.refusal
        if a.refused_stage is not None and refusal is not None:
            self.refusals[a.refused_stage] += 1
            if not by_stage("refusal.explanation", a.refused_stage):
                self.refusals_explained[a.refused_stage] += 1
            if a.refused_stage == 1 and refusal.ground is ExclusionGround.OUT_OF_TIME:
                self.out_of_time += 1
                if complaint.issue_date is not None or complaint.aware_date is not None:
                    self.out_of_time_dated += 1
                    self.out_of_time_outside_window += not rules("exclusion.time-limit")

        offered = [r for r in complaint.remedies if seen(r.offered)]
        self.remedies += len(offered)
        self.remedies_without_target += rules("remedy.target-date")
        self.remedies_late += rules("remedy.completion")
        for remedy in offered:
            if remedy.due is None:
                continue
            overdue = a.as_of is not None and a.as_of > remedy.due
            if seen(remedy.completed) or overdue:
                self.remedies_judged += 1
            else:
                self.remedies_pending += 1


def _row(
    provision: CodeProvision, figures: list[Figure], thresholds: Thresholds
) -> SelfAssessmentRow:
    if provision.evidence != "case data":
        return SelfAssessmentRow(provision, provision.summary, "", "", "")
    measured = [f for f in figures if f.percent is not None]
    ratings = [thresholds.rag(f.percent) for f in measured if f.percent is not None]
    comply: Comply = ""
    for rating in ("Red", "Amber", "Green"):
        if rating in ratings:
            comply = rating
            break
    return SelfAssessmentRow(
        provision,
        provision.summary,
        comply,
        "; ".join(f.sentence for f in measured),
        "; ".join(f.commentary for f in figures if f.commentary),
        tuple(figures),
    )


def self_assessment(
    assessments: Iterable[Assessment],
    *,
    edition: str | CodeEdition = "2024",
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> SelfAssessment:
    """A self-assessment against ``edition`` with figures from the assessments.

    Only assessments judged under ``edition`` count (others are tallied in
    ``other_editions``). Each data-evidenced provision gets its figures — for example
    6.2, stage 1 complaints acknowledged within the edition's limit; 6.3, answered stage 1
    complaints answered by the base deadline; 6.4, extended stage 1 complaints with no
    extension-length, -notice or -reason finding — and a RAG suggestion from
    ``thresholds`` (the worst of its figures). Percentages are exact; they are rounded to
    one decimal only in the text.

    Args:
        assessments: what :func:`complaintcode.check` returned (each keeps its complaint),
            or the columnar engine's results (``complaintcode.columnar.CheckResults``),
            counted on whole columns with the same figures.
        edition: "2024" (default) or "2022", or a :class:`CodeEdition`.
        thresholds: the percentages at which the suggestion turns Green and Amber.

    Raises:
        EditionError: for an edition with no provision catalogue (the 2020 Code).
        InvalidArgument: for an assessment without its complaint (read back from JSON).

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage, check
    >>> late = Complaint("L", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7),
    ...                               responded=date(2024, 5, 24))])
    >>> row = self_assessment([check(late)]).row("6.3")
    >>> print(row.evidence)
    6.3: 0 of 1 answered stage 1 complaints (0.0%) answered within 10 working days of acknowledgement
    >>> row.comply
    'Red'
    """  # noqa: E501
    counts = _Counts.empty(edition_named(edition))
    count_into = getattr(assessments, "count_into", None)
    if callable(count_into):  # columnar results count themselves on whole columns
        count_into(counts)
    else:
        for assessment in assessments:
            counts.add_any(assessment)
    return counts.assessment(thresholds)
