"""The tables landlords publish: the annual complaints performance report, TSM CH01/CH02.

:func:`summarise` adds up assessments (from :func:`complaintcode.check`); it never
recomputes a deadline. A stage counts in a period when it was **received** in the period.

>>> from datetime import date
>>> from complaintcode import Complaint, Stage, check
>>> cases = [
...     Complaint("A", [Stage(1, date(2023, 6, 1), acknowledged=date(2023, 6, 2),
...                           responded=date(2023, 6, 9))], tenure="LCRA"),
...     Complaint("B", [Stage(1, date(2023, 6, 5), acknowledged=date(2023, 6, 6),
...                           responded=date(2023, 7, 3))], tenure="LCHO"),
... ]
>>> summary = summarise([check(c) for c in cases], period=FinancialYear(2023), homes=1000)
>>> s1 = summary.stage(1)
>>> s1.received, s1.completed_on_time, s1.late, float(s1.percent_completed_on_time)
(2, 1, 1, 50.0)
>>> float(summary.ch01(1))
2.0
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

import attrs

from complaintcode._periods import AnyPeriod, FinancialYear, Period
from complaintcode._report_tables import measure_rows, stage_rows, timescales_sentence
from complaintcode._text import markdown_table
from complaintcode.calendar import WorkingDayCalendar
from complaintcode.editions import CodeEdition
from complaintcode.errors import InvalidArgument
from complaintcode.model import Outcome, Stage
from complaintcode.provenance import Provenance
from complaintcode.results import Assessment, StageStatus

if TYPE_CHECKING:  # pandas is an optional extra
    import pandas

__all__ = [
    "ALL",
    "NOT_RECORDED",
    "FinancialYear",
    "PerformanceSummary",
    "Period",
    "StageFigures",
    "summarise",
]

# Defined with the reporting periods, presented here where they have always been.
for _public in (FinancialYear, Period):
    _public.__module__ = __name__
del _public

ALL = "All"
"""The name of the column holding every group together."""

NOT_RECORDED = "(not recorded)"
"""The group of complaints with no value for the grouping field."""

Ch02Basis = Literal["responded", "received"]


def _percent(part: int, whole: int) -> Fraction | None:
    return None if whole == 0 else Fraction(100 * part, whole)


@attrs.frozen
class StageFigures:
    """The figures for one stage (and one group) in the period.

    ``received`` excludes refused stages and stages the edition does not allow (counted in
    ``excluded``), so ``received == completed_on_time + late + overdue + open`` and the
    outcomes add up to ``received``. Percentages are exact fractions (``None`` when there is
    nothing to divide by).
    """

    received: int = 0
    excluded: int = 0
    on_time: int = 0
    within_extension: int = 0
    late: int = 0
    overdue: int = 0
    open: int = 0
    upheld: int = 0
    partly_upheld: int = 0
    not_upheld: int = 0
    withdrawn: int = 0
    no_outcome: int = 0
    acknowledged_on_time: int = 0
    acknowledgement_due: int = 0
    extensions_used: int = 0
    days_to_respond: tuple[int, ...] = attrs.field(default=(), repr=False)

    @property
    def completed_on_time(self) -> int:
        """Answered by the base deadline or within a compliant extension."""
        return self.on_time + self.within_extension

    @property
    def percent_completed_on_time(self) -> Fraction | None:
        """Completed on time as a percentage of received (the published measure)."""
        return _percent(self.completed_on_time, self.received)

    @property
    def percent_acknowledged_on_time(self) -> Fraction | None:
        """Acknowledged on time as a percentage of stages with an acknowledgement limit."""
        return _percent(self.acknowledged_on_time, self.acknowledgement_due)

    @property
    def mean_working_days_to_respond(self) -> Fraction | None:
        """Mean working days from receipt to response, over answered stages."""
        days = self.days_to_respond
        return Fraction(sum(days), len(days)) if days else None

    @property
    def median_working_days_to_respond(self) -> Fraction | None:
        """Median working days from receipt to response, over answered stages."""
        days = self.days_to_respond
        return Fraction(statistics.median(days)) if days else None


class _Counter:
    """Mutable tallies for one (group, stage), frozen into StageFigures at the end."""

    __slots__ = ("counts", "days")

    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.days: list[int] = []

    def freeze(self) -> StageFigures:
        return StageFigures(**self.counts, days_to_respond=tuple(sorted(self.days)))


_STATUS_FIELD = {
    StageStatus.ON_TIME: "on_time",
    StageStatus.WITHIN_EXTENSION: "within_extension",
    StageStatus.LATE: "late",
    StageStatus.OVERDUE: "overdue",
    StageStatus.OPEN: "open",
}
_OUTCOME_FIELD = {
    Outcome.UPHELD: "upheld",
    Outcome.PARTLY_UPHELD: "partly_upheld",
    Outcome.NOT_UPHELD: "not_upheld",
    Outcome.WITHDRAWN: "withdrawn",
    None: "no_outcome",
}


@attrs.frozen
class PerformanceSummary:
    """The aggregated figures; read them with :meth:`stage`, :meth:`ch01`, :meth:`ch02`.

    Render with :meth:`to_markdown`, :meth:`to_csv`, :meth:`to_rows` or :meth:`to_frame`.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage, check
    >>> late = Complaint("A", [Stage(1, date(2024, 6, 3), acknowledged=date(2024, 6, 4),
    ...                              responded=date(2024, 7, 1))])
    >>> summary = summarise([check(late)], period=FinancialYear(2024))
    >>> figures = summary.stage(1)
    >>> figures.received, figures.late
    (1, 1)
    """

    period: AnyPeriod | None
    homes: int | Mapping[str, int] | None
    by: str | None
    ch02_basis: Ch02Basis
    groups: tuple[str, ...]
    stages: tuple[int, ...]
    editions: tuple[CodeEdition, ...]
    _figures: Mapping[tuple[str, int], StageFigures] = attrs.field(repr=False)
    _ch02: Mapping[tuple[str, int], tuple[int, int]] = attrs.field(repr=False)
    _by_tenure: Mapping[tuple[str, int], int] = attrs.field(repr=False)
    provenance: tuple[Provenance, ...] = ()
    """What made the figures (usually one calendar): versions and calendar fingerprint."""

    def stage(self, number: int, group: str = ALL) -> StageFigures:
        """The figures of stage ``number`` for ``group`` (default: everything)."""
        if group != ALL and group not in self.groups:
            raise InvalidArgument("group", group, f"one of {', '.join(self.groups)}")
        return self._figures.get((group, number), StageFigures())

    @property
    def escalation_rate(self) -> Fraction | None:
        """Stage 2 received as a percentage of stage 1 received, in the period."""
        return self.escalation_rate_of(ALL)

    def escalation_rate_of(self, group: str) -> Fraction | None:
        """The escalation rate within one group."""
        return _percent(self.stage(2, group).received, self.stage(1, group).received)

    def ch01(self, stage: int, tenure: str | None = None) -> Fraction | None:
        """TSM CH01: stage ``stage`` complaints received per 1,000 homes.

        With ``homes`` a number, every complaint over all homes; with ``homes`` a mapping of
        tenure to homes, ``tenure`` picks the complaints of that tenure and its homes.
        ``None`` without homes.
        """
        if self.homes is None:
            return None
        if isinstance(self.homes, Mapping):
            if tenure is None:
                total = sum(self.homes.values())
                count = sum(n for (t, s), n in self._by_tenure.items() if s == stage)
            else:
                if tenure not in self.homes:
                    raise InvalidArgument("tenure", tenure, f"one of {', '.join(self.homes)}")
                total = self.homes[tenure]
                count = self._by_tenure.get((tenure, stage), 0)
        else:
            if tenure is not None:
                raise InvalidArgument("tenure", tenure, "None when homes is a single number")
            total = self.homes
            count = self.stage(stage).received
        return None if total == 0 else Fraction(1000 * count, total)

    def ch02(self, stage: int, group: str = ALL) -> Fraction | None:
        """TSM CH02: % responded to within the Code's timescales (compliant extensions count).

        Basis "responded" (default): stages whose response was sent in the period. Basis
        "received": stages received in the period (then it equals
        ``percent_completed_on_time``).
        """
        if self.ch02_basis == "received":
            return self.stage(stage, group).percent_completed_on_time
        return _percent(*self.ch02_counts(stage, group))

    def ch02_counts(self, stage: int, group: str = ALL) -> tuple[int, int]:
        """CH02's basis: (responded to within the timescales, all in the denominator)."""
        if self.ch02_basis == "received":
            figures = self.stage(stage, group)
            return figures.completed_on_time, figures.received
        return self._ch02.get((group, stage), (0, 0))

    # -- rendering ------------------------------------------------------------------------

    @property
    def columns(self) -> tuple[str, ...]:
        """The table columns: "All", then each group."""
        return (ALL, *self.groups)

    def timescales(self) -> str:
        """The timescales used, one sentence per edition present (CH02 requires them)."""
        return " ".join(timescales_sentence(edition) for edition in self.editions)

    def to_rows(self) -> list[dict[str, str]]:
        """The report as rows: section, measure, then one value per column."""
        rows: list[dict[str, str]] = []
        for number in self.stages:
            section = f"Stage {number} complaints"
            for label, values in stage_rows(self, number):
                rows.append({"section": section, "measure": label, **values})
        for label, text in measure_rows(self):
            rows.append({"section": "Measures", "measure": label, ALL: text})
        for made in self.provenance:
            for label, text in (
                ("complaintcode", made.complaintcode),
                ("holidays", made.holidays),
                ("calendar", made.describe_calendar()),
                ("calendar fingerprint", made.fingerprint),
            ):
                rows.append({"section": "Provenance", "measure": label, ALL: text})
        return rows

    def to_csv(self) -> str:
        """The report as CSV text (section, measure, All, groups...)."""
        out = io.StringIO()
        writer = csv.DictWriter(
            out, ["section", "measure", *self.columns], lineterminator="\n", restval=""
        )
        writer.writeheader()
        writer.writerows(self.to_rows())
        return out.getvalue()

    def to_markdown(self) -> str:
        """The report in the layout landlords publish."""
        title = self.period.title if self.period is not None else "all complaints"
        lines = [f"# Complaints performance: {title}", ""]
        columns = self.columns
        for number in self.stages:
            lines += [f"## Stage {number} complaints", ""]
            table = markdown_table(
                ["", *columns],
                (
                    [label, *(values[c] for c in columns)]
                    for label, values in stage_rows(self, number)
                ),
                numeric=[False, *(True for _ in columns)],
            )
            lines += [table[0].replace("|  |", "| |", 1), *table[1:], ""]
        lines += ["## Measures", ""]
        lines += markdown_table(
            ["Measure", "Value"], [list(row) for row in measure_rows(self)], numeric=[False, True]
        )
        basis = (
            "responses sent in the period"
            if self.ch02_basis == "responded"
            else "complaints received in the period"
        )
        lines += ["", f"CH02 basis: {basis}. Timescales used: {self.timescales()}", ""]
        if self.provenance:
            lines += [*(made.sentence() for made in self.provenance), ""]
        return "\n".join(lines)

    def to_frame(self) -> pandas.DataFrame:
        """The report as a pandas DataFrame (needs the ``pandas`` extra)."""
        import pandas as pd

        return pd.DataFrame(self.to_rows()).set_index(["section", "measure"])


def _group_key(by: str) -> Callable[[Assessment, int, date], str]:
    """The group of a stage when grouping by a field."""

    def key(assessment: Assessment, number: int, _received: date) -> str:
        complaint = assessment.complaint
        if complaint is None:
            return NOT_RECORDED
        # "handler": each stage under the person who handled that stage
        stage = complaint.stages[number - 1]
        value = stage.handler if by == "handler" else complaint.attribute(by)
        return value if value else NOT_RECORDED

    return key


# The answered statuses, compared by identity (an enum member hashes in Python).
_ON_TIME, _WITHIN, _LATE = StageStatus.ON_TIME, StageStatus.WITHIN_EXTENSION, StageStatus.LATE


def _by_month(by: str | None, period: AnyPeriod | None) -> tuple[str, ...] | None:
    """The group of a stage received in each month (1-12) of the period, or ``None``.

    Item 0 is the group of a stage received outside the period (for CH02). Only the whole
    (``by=None``) and quarters are known from the month alone.
    """
    if by is None:
        return (ALL,) * 13
    if by != "quarter":
        return None
    if not isinstance(period, FinancialYear):
        raise InvalidArgument("by", by, "'quarter' only with period=FinancialYear(...)")
    labels = [q.label for q in period.quarters]
    # Q1 is April to June ... Q4 January to March: three months each from April.
    return ("outside " + period.label, *(labels[(m - 4) % 12 // 3] for m in range(1, 13)))


def summarise(
    assessments: Iterable[Assessment],
    *,
    period: AnyPeriod | None = None,
    homes: int | Mapping[str, int] | None = None,
    by: str | None = None,
    ch02_basis: Ch02Basis = "responded",
) -> PerformanceSummary:
    """Add up assessments into the figures landlords publish.

    Args:
        assessments: from :func:`complaintcode.check` (ideally with ``as_of`` at or after
            the end of the period, so that unanswered complaints show as overdue), or
            the columnar engine's results (``complaintcode.columnar.CheckResults``),
            which are counted on whole columns with the same figures.
        period: a :class:`FinancialYear` or :class:`Period`; a stage counts when it was
            received in it. ``None``: every stage.
        homes: homes owned, for CH01: a number, or a mapping of tenure to homes (e.g.
            ``{"LCRA": 4500, "LCHO": 300}``) for separate per-tenure figures.
        by: group every figure by a field: "tenure", "category", "handler" (each stage
            under its own handler), any attribute name, or "quarter" (needs a financial
            year).
        ch02_basis: "responded" (default) or "received": the CH02 denominator.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage, check
    >>> on_time = Complaint("B", [Stage(1, date(2024, 6, 3), acknowledged=date(2024, 6, 4),
    ...                                 responded=date(2024, 6, 10))])
    >>> summarise([check(on_time)], period=FinancialYear(2024)).stage(1).completed_on_time
    1
    """
    if ch02_basis not in ("responded", "received"):
        raise InvalidArgument("ch02_basis", ch02_basis, "'responded' or 'received'")
    tallies = Tallies(period, by)
    add_up = getattr(assessments, "add_up", None)
    if callable(add_up):  # columnar results add themselves up on whole columns
        add_up(tallies)
    else:
        for assessment in assessments:
            tallies.add(assessment)
    return tallies.summary(homes, ch02_basis)


class Tallies:
    """The running counts behind :func:`summarise`, by (group, stage number).

    :meth:`add` counts one assessment; the columnar engine's results count many at once
    through :meth:`counter`, :meth:`count_ch02` and :meth:`count_tenure`. :meth:`summary`
    freezes them into the :class:`PerformanceSummary`.
    """

    def __init__(self, period: AnyPeriod | None, by: str | None) -> None:
        self.period = period
        self.by = by
        # By year or by quarter, a stage's group is read off its month of receipt.
        self.months = _by_month(by, period)
        self.key = _group_key(by or "")
        # The period's bounds, read once (a FinancialYear builds its dates on each access).
        self.first, self.last = (
            (period.start, period.end) if period is not None else (date.min, date.max)
        )
        self.counters: dict[tuple[str, int], _Counter] = defaultdict(_Counter)
        self.ch02: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
        self.by_tenure: dict[tuple[str, int], int] = defaultdict(int)
        self.groups: set[str] = set()
        self.stages: set[int] = {1, 2}
        self.editions: dict[str, CodeEdition] = {}
        self.calendars: dict[WorkingDayCalendar, None] = {}  # in order of first use

    def counter(self, group: str, number: int) -> _Counter:
        """The counts of ``group``'s stage ``number`` (a stage counted in the period)."""
        self.stages.add(number)
        self.groups.add(group)
        return self.counters[(group, number)]

    def count_ch02(self, group: str, number: int, on_time: int, answered: int) -> None:
        """Stages answered (and answered on time) with the response sent in the period."""
        tally = self.ch02[(group, number)]
        tally[0] += on_time
        tally[1] += answered

    def count_tenure(self, tenure: str, number: int, received: int) -> None:
        """Stages received in the period under ``tenure``, for CH01."""
        self.by_tenure[(tenure, number)] += received

    def add(self, assessment: Assessment) -> None:
        """Count one assessment's stages."""
        complaint = assessment.complaint
        if complaint is None:
            raise InvalidArgument(
                "assessments", assessment.reference, "assessments made by check()"
            )
        if assessment.calendar is not None:
            self.calendars.setdefault(assessment.calendar)
        first, last, months = self.first, self.last, self.months
        statuses = assessment.statuses
        for number, table in assessment.timetable.items():
            stage = complaint.stages[number - 1]
            received = stage.received_date
            status = statuses.get(number)
            inside = first <= received <= last
            if months is not None:
                group = months[received.month] if inside else months[0]
            else:
                group = self.key(assessment, number, received)
            if status is _ON_TIME or status is _WITHIN or status is _LATE:
                # CH02 on the "responded" basis counts by the day the response was sent.
                responded = stage.responded
                if responded is not None and first <= responded <= last:
                    tally = self.ch02[(group, number)]
                    tally[1] += 1
                    tally[0] += status is not StageStatus.LATE
            if not inside:
                continue
            self.editions[assessment.edition.name] = assessment.edition
            # Each stage is counted in its own group only; the whole is added up at the end.
            counter = self.counter(group, number)
            if status is None:
                counter.counts["excluded"] += 1
                continue
            counts = counter.counts
            counts["received"] += 1
            counts[_STATUS_FIELD[status]] += 1
            counts[_OUTCOME_FIELD[_outcome_seen(assessment, stage)]] += 1
            if table.acknowledged_on_time is not None:
                counts["acknowledgement_due"] += 1
                counts["acknowledged_on_time"] += table.acknowledged_on_time
            if any(
                assessment.as_of is None or e.notified <= assessment.as_of for e in stage.extensions
            ):
                counts["extensions_used"] += 1
            if table.working_days_to_respond is not None:
                counter.days.append(table.working_days_to_respond)
            self.by_tenure[(complaint.tenure or NOT_RECORDED, number)] += 1

    def summary(
        self, homes: int | Mapping[str, int] | None, ch02_basis: Ch02Basis
    ) -> PerformanceSummary:
        """The figures, frozen."""
        counters, ch02, groups, editions = self.counters, self.ch02, self.groups, self.editions
        _add_up_the_whole(counters, ch02)
        ordered = sorted(groups - {ALL, NOT_RECORDED}) + (
            [NOT_RECORDED] if NOT_RECORDED in groups else []
        )
        return PerformanceSummary(
            period=self.period,
            homes=homes,
            by=self.by,
            ch02_basis=ch02_basis,
            groups=tuple(ordered) if self.by is not None else (),
            stages=tuple(sorted(self.stages)),
            editions=tuple(editions[name] for name in sorted(editions)),
            figures={k: c.freeze() for k, c in counters.items()},
            ch02={k: (v[0], v[1]) for k, v in ch02.items()},
            by_tenure=dict(self.by_tenure),
            provenance=tuple(Provenance.of(calendar) for calendar in self.calendars),
        )


def _outcome_seen(assessment: Assessment, stage: Stage) -> Outcome | None:
    """The stage's outcome as known at ``as_of``: none while its response was still to come."""
    as_of = assessment.as_of
    if as_of is not None and stage.responded is not None and stage.responded > as_of:
        return None
    return stage.outcome


def _add_up_the_whole(
    counters: dict[tuple[str, int], _Counter], ch02: dict[tuple[str, int], list[int]]
) -> None:
    """The figures for everyone (``ALL``): the sum of every group's, stage by stage."""
    for (group, number), counter in list(counters.items()):
        if group == ALL:
            continue
        whole = counters[(ALL, number)]
        for field, value in counter.counts.items():
            whole.counts[field] += value
        # Sorted runs: sorting the whole then only merges them (as quick as one group).
        counter.days.sort()
        whole.days.extend(counter.days)
    for (group, number), (on_time, answered) in list(ch02.items()):
        if group == ALL:
            continue
        tally = ch02[(ALL, number)]
        tally[0] += on_time
        tally[1] += answered
