"""The figures the self-assessment quotes, provision by provision, from its tallies.

:func:`figures_of` turns the tallies of :mod:`complaintcode.selfassessment` into the
:class:`Figure` of each data-evidenced provision, quoting every limit from the edition.
:class:`Figure` is exported (and presented) by :mod:`complaintcode.selfassessment`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

import attrs

from complaintcode._text import percent_text, plural
from complaintcode.editions import Provision

if TYPE_CHECKING:
    from complaintcode.selfassessment import _Counts as Counts

__all__ = ["Figure", "figures_of"]


@attrs.frozen
class Figure:
    """One measured figure: ``count`` of ``total`` ``population`` met ``outcome``.

    ``note`` is commentary about what was not counted ("" when nothing).

    >>> f = Figure("6.2", 412, 456, "stage 1 complaints", "acknowledged within 5 working days")
    >>> f.sentence
    '6.2: 412 of 456 stage 1 complaints (90.4%) acknowledged within 5 working days'
    >>> f.percent
    Fraction(5150, 57)
    """

    provision: str
    count: int
    total: int
    population: str
    outcome: str
    note: str = ""

    @property
    def percent(self) -> Fraction | None:
        """``count`` as an exact percentage of ``total`` (``None`` when ``total`` is 0)."""
        return None if self.total == 0 else Fraction(100 * self.count, self.total)

    @property
    def sentence(self) -> str:
        """The evidence sentence ("" when there was nothing to measure)."""
        percent = self.percent
        if percent is None:
            return ""
        return (
            f"{self.provision}: {self.count:,} of {self.total:,} {self.population} "
            f"({percent_text(percent)}) {self.outcome}"
        )

    @property
    def commentary(self) -> str:
        """What a reader should know: nothing measured, and what was left out."""
        parts = [f"no {self.population} in the data"] if self.total == 0 else []
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)


def _days(n: int) -> str:
    return f"{n} {plural(n, 'working day', 'working days')}"


def figures_of(c: Counts) -> dict[str, list[Figure]]:
    """Every figure the counts support, keyed by the provision number it evidences."""
    edition = c.edition
    out: dict[str, list[Figure]] = {}

    def add(
        provision: Provision | None,
        count: int,
        total: int,
        population: str,
        outcome: str,
        *notes: str,
    ) -> None:
        if provision is None:
            return
        note = "; ".join(n for n in notes if n)
        figure = Figure(provision.number, count, total, population, outcome, note)
        out.setdefault(provision.number, []).append(figure)

    for n, rules in enumerate(edition.stages, start=1):
        s = c.stages[n]
        if rules.acknowledge is not None:
            add(
                rules.acknowledge.provision,
                s.ack_on_time,
                s.ack_judged,
                f"stage {n} complaints",
                f"acknowledged within {_days(rules.acknowledge.working_days)}",
                _left_out(
                    s.ack_pending,
                    f"stage {n} complaint",
                    "with no acknowledgement recorded and not yet late",
                ),
            )
        respond = rules.respond
        if respond.runs_from == "acknowledgement":
            event = "acknowledgement"
        else:
            event = "receipt" if n == 1 else "the escalation request"
        add(
            respond.provision,
            s.on_time,
            s.answered,
            f"answered stage {n} complaints",
            f"answered within {_days(respond.working_days)} of {event}",
            f"{s.within_extension:,} more answered within a compliant extension"
            if s.within_extension
            else "",
            f"{s.open:,} still open" if s.open else "",
            f"{s.overdue:,} open past {plural(s.overdue, 'its', 'their')} deadline"
            if s.overdue
            else "",
        )
        cap = rules.extension_cap.working_days
        add(
            rules.extension_cap.provision,
            s.extended_compliant,
            s.extended,
            f"stage {n} complaints with an extension",
            f"kept within {_days(cap)} of extension (or had good reason), notified in "
            "time and with reasons given",
        )
        add(
            rules.extension_ombudsman_details,
            s.extensions - s.extensions_without_details,
            s.extensions,
            f"stage {n} extensions",
            "gave the Ombudsman's contact details",
        )
        if rules.letter_items is not None:
            items = len(rules.letter_items)
            add(
                rules.letter_provision,
                s.letters_complete,
                s.letters,
                f"stage {n} responses with their contents recorded",
                f"covered all {items} required items",
                _left_out(
                    s.letters_unrecorded,
                    f"answered stage {n} complaint",
                    "with no letter contents recorded",
                ),
            )

    add(
        edition.stage_count,
        c.within_stage_limit,
        c.complaints,
        "complaints",
        f"had no more than {edition.max_stages} stages",
    )
    add(
        edition.stage_order,
        c.escalated_in_order,
        c.escalated,
        "escalated complaints",
        "escalated only after the previous stage's response",
    )
    unrecorded = c.escalated - c.handlers_recorded
    add(
        edition.handler_independence,
        c.handlers_independent,
        c.handlers_recorded,
        "escalated complaints with both handlers recorded",
        "had a different handler at stage 2",
        _left_out(
            unrecorded, "escalated complaint", "without a stage 1 or stage 2 handler recorded"
        ),
    )
    if edition.time_limit_months is not None:
        undated = c.out_of_time - c.out_of_time_dated
        add(
            edition.time_limit,
            c.out_of_time_outside_window,
            c.out_of_time_dated,
            "out-of-time refusals with an issue or awareness date",
            f"fell outside the {edition.time_limit_months}-month window",
            _left_out(undated, "out-of-time refusal", "with no issue or awareness date recorded"),
        )
    add(
        edition.refusal_to_accept,
        c.refusals_explained[1],
        c.refusals[1],
        "refusals to accept a complaint",
        "gave reasons and the right to go to the Ombudsman",
    )
    add(
        edition.refusal_to_escalate,
        c.refusals_explained[2],
        c.refusals[2],
        "refusals to escalate",
        "gave reasons and the right to go to the Ombudsman",
    )
    add(
        edition.remedy_target,
        c.remedies - c.remedies_without_target,
        c.remedies,
        "remedies offered",
        "set a target date (or were completed the day offered)",
    )
    add(
        edition.remedy_completion,
        c.remedies_judged - c.remedies_late,
        c.remedies_judged,
        "remedies with a target date that are completed or overdue",
        "were completed by the target date",
        _left_out(
            c.remedies_pending,
            "remedy",
            "with a target date, neither completed nor overdue,",
            many="remedies",
        ),
    )
    return out


def _left_out(n: int, one: str, why: str, *, many: str | None = None) -> str:
    """Commentary on ``n`` things not counted, e.g. "2 remedies … are not counted"."""
    if n == 0:
        return ""
    noun = plural(n, one, many if many is not None else one + "s")
    return f"{n:,} {noun} {why} {plural(n, 'is', 'are')} not counted"
