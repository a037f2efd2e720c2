"""Adding up columnar results into the published tables, on whole columns.

:func:`add_up` counts a batch of results into :class:`complaintcode.report.Tallies` as
:meth:`~complaintcode.report.Tallies.add` counts assessments one at a time: the same
stages, groups, statuses, outcomes and CH02 basis, with ``numpy.bincount`` per group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from complaintcode.columnar._columns import GROUNDS, OUTCOMES, Columns, StageColumns
from complaintcode.columnar._days import NA, Array
from complaintcode.columnar._evaluation import STATUSES, Evaluation
from complaintcode.model import ExclusionGround
from complaintcode.report import _OUTCOME_FIELD, _STATUS_FIELD, NOT_RECORDED, Tallies
from complaintcode.results import StageStatus
from complaintcode.rules import STAGE_RULE_IDS
from complaintcode.selfassessment import _Counts

if TYPE_CHECKING:
    from complaintcode.columnar._results import CheckResults

__all__ = ["add_up", "attribute_names", "attribute_values", "count_assessments", "factorize"]

_EPOCH = 719163  # date(1970, 1, 1).toordinal()
_ON_TIME, _WITHIN, _LATE, _OPEN, _OVERDUE = (STATUSES.index(s) for s in StageStatus)
_OUT_OF_TIME = GROUNDS.index(ExclusionGround.OUT_OF_TIME)


def _given(values: Array) -> Array:
    """Which cells of an object array are not ``None``."""
    return np.asarray(values != None, dtype=bool)  # noqa: E711


def factorize(values: Array, rows: Array) -> tuple[Array, list[str]]:
    """Codes for ``values`` (a blank value: :data:`NOT_RECORDED`) and the names they code.

    ``codes[i]`` is meaningful in ``rows`` only (a mask); -1 elsewhere.
    """
    codes = np.full(len(values), -1, dtype=np.int64)
    names: dict[str, int] = {}
    picked = np.flatnonzero(rows)
    codes[picked] = [
        names.setdefault(value if value else NOT_RECORDED, len(names))
        for value in values[picked].tolist()
    ]
    return codes, list(names)


def attribute_values(cols: Columns, name: str) -> Array:
    """Each row's value of a free attribute (``None`` where blank or absent)."""
    if name == "tenure":
        return cols.tenure
    if name == "category":
        return cols.category
    column = cols.attribute_columns.get(name)
    values = np.full(cols.n, None, dtype=object) if column is None else column.copy()
    for i in np.flatnonzero(_given(cols.attributes)).tolist():
        values[i] = dict(cols.attributes[i]).get(name)
    return values


def attribute_names(results: CheckResults, rows: Array | None = None) -> set[str]:
    """The free attributes with a value in some judged row (what ``--by`` may name).

    ``rows`` (a mask) names other rows to look in than the judged ones.
    """
    cols = results.evaluation.cols
    ok = results.evaluation.ok if rows is None else rows
    names = {name for name, values in cols.attribute_columns.items() if any(values[ok])}
    for row in np.flatnonzero(ok & _given(cols.attributes)).tolist():
        names.update(name for name, _ in cols.attributes[row])
    return names


def _months(ordinals: Array) -> Array:
    """The month (1-12) of each day."""
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    return days.astype("datetime64[M]").astype(np.int64) % 12 + 1


def add_up(results: CheckResults, tallies: Tallies) -> None:
    """Count ``results``'s judged rows into ``tallies`` (see the module docstring)."""
    ev = results.evaluation
    cols = ev.cols
    ok = ev.ok
    if not ok.any():
        return
    tallies.calendars.setdefault(ev.calendar)
    first, last = tallies.first.toordinal(), tallies.last.toordinal()
    limit = ev.as_of.toordinal() if ev.as_of is not None else None
    tenure, tenures = factorize(cols.tenure, ok)
    for st, sc in zip(ev.stages, cols.stages, strict=False):
        number = st.number
        present = st.seen & ok
        if not present.any():
            break
        received = sc.received
        inside = present & (received >= first) & (received <= last)
        codes, names = _groups(tallies, st.number, sc, received, present, inside, cols)
        size = len(names)

        def count(mask: Array, codes: Array = codes, size: int = size) -> Array:
            return np.bincount(codes[mask], minlength=size)

        status = np.where(st.active, st.status, -1)
        answered = present & (status >= 0) & (status <= _LATE)  # on time, within, late
        responded = sc.responded
        sent = answered & (responded != NA) & (responded >= first) & (responded <= last)
        all_sent, on_time = count(sent), count(sent & (status != _LATE))
        for g in np.flatnonzero(all_sent).tolist():
            tallies.count_ch02(names[g], number, int(on_time[g]), int(all_sent[g]))
        stages = count(inside)
        if not stages.any():
            continue
        for code in np.unique(ev.ed[inside]).tolist():
            edition = ev.editions[code]
            tallies.editions[edition.name] = edition
        judged = inside & (status >= 0)
        outcome = sc.outcome.astype(np.int64)
        if limit is not None:
            outcome = np.where((responded != NA) & (responded > limit), -1, outcome)
        extended = np.zeros(cols.n, dtype=bool)
        if sc.extension_slots:
            notified = sc.ext_notified
            if limit is not None:
                notified = np.where(notified <= limit, notified, NA)
            extended = (notified != NA).any(axis=1)
        due = judged & st.has_ack
        fields = {
            "excluded": count(inside & (status < 0)),
            "received": count(judged),
            **{
                field: count(judged & (status == STATUSES.index(s)))
                for s, field in _STATUS_FIELD.items()
            },
            **{_OUTCOME_FIELD[o]: count(judged & (outcome == k)) for k, o in enumerate(OUTCOMES)},
            _OUTCOME_FIELD[None]: count(judged & (outcome < 0)),
            "acknowledgement_due": count(due),
            "acknowledged_on_time": count(due & st.ack_on_time),
            "extensions_used": count(judged & extended),
        }
        timed = judged & (st.responded != NA)
        for g in np.flatnonzero(stages).tolist():
            counter = tallies.counter(names[g], number)
            for field, values in fields.items():
                if values[g]:
                    counter.counts[field] += int(values[g])
            counter.days.extend(st.taken[timed & (codes == g)].tolist())
        by_tenure = np.bincount(tenure[judged], minlength=len(tenures))
        for t in np.flatnonzero(by_tenure).tolist():
            tallies.count_tenure(tenures[t], number, int(by_tenure[t]))


def _groups(
    tallies: Tallies,
    number: int,
    sc: StageColumns,
    received: Array,
    present: Array,
    inside: Array,
    cols: Columns,
) -> tuple[Array, list[str]]:
    """Each present stage's group code, and the group names."""
    months = tallies.months
    if months is not None:
        names = list(dict.fromkeys(months))
        lookup = np.asarray([names.index(m) for m in months], dtype=np.int64)
        month = np.where(inside, _months(np.where(present, received, _EPOCH)), 0)
        return np.where(present, lookup[month], -1), names
    by = tallies.by
    values = sc.handler if by == "handler" else attribute_values(cols, by or "")
    return factorize(values, present)


def _non_blank(values: Array, rows: Array) -> Array:
    """Rows in ``rows`` whose text is not blank (``None``, empty or spaces)."""
    out = np.zeros(len(values), dtype=bool)
    picked = np.flatnonzero(rows)
    out[picked] = [bool(v and v.strip()) for v in values[picked].tolist()]
    return out


def count_assessments(results: CheckResults, counts: _Counts, rows: Array) -> None:
    """Count ``rows`` of ``results`` (a mask) into a self-assessment's ``counts``.

    As :meth:`_Counts.add_any` counts each assessment: those judged under another
    edition only in ``counts.other``.
    """
    ev = results.evaluation
    cols = ev.cols
    rows = rows & ev.ok
    names = [e.name for e in ev.editions]
    edition = counts.edition
    if edition.name not in names:
        counts.other += int(rows.sum())
        return
    mine = ev.ed == names.index(edition.name)
    counts.other += int((rows & ~mine).sum())
    r = rows & mine
    if not r.any():
        return
    counts.calendars.setdefault(ev.calendar)
    tallies = _RuleCounts(ev)
    limit = ev.as_of.toordinal() if ev.as_of is not None else None

    def seen(days: Array) -> Array:
        return days != NA if limit is None else days <= limit  # NA is later than any day

    def total(mask: Array) -> int:
        return int(np.count_nonzero(mask))

    none = tallies.none
    counts.complaints += total(r)
    counts.within_stage_limit += total(r & none("stages.count"))
    depth = sum((st.seen.astype(np.int64) for st in ev.stages), np.zeros(cols.n, np.int64))
    escalated = r & (depth >= 2)
    counts.escalated += total(escalated)
    counts.escalated_in_order += total(escalated & none("stages.order"))
    recorded = _non_blank(cols.stages[0].handler, escalated)
    recorded &= _non_blank(cols.stages[1].handler, recorded)
    counts.handlers_recorded += total(recorded)
    counts.handlers_independent += total(recorded & none("stages.handler-independence"))

    for st, sc in zip(ev.stages, cols.stages, strict=False):
        n = st.number
        tally = counts.stages.get(n)
        if tally is None:
            continue
        act = r & st.active
        if not act.any():
            continue
        ack = act & st.has_ack
        on_time = ack & st.ack_on_time
        late_ack = ack & ~st.ack_on_time & ~none(STAGE_RULE_IDS.get((n, "acknowledgement")))
        tally.ack_judged += total(on_time) + total(late_ack)
        tally.ack_on_time += total(on_time)
        tally.ack_pending += total(ack & ~st.ack_on_time) - total(late_ack)
        status = st.status
        answered = act & (status <= _LATE)  # on time, within an extension, or late
        tally.answered += total(answered)
        for field, code in (("on_time", _ON_TIME), ("within_extension", _WITHIN),
                            ("open", _OPEN), ("overdue", _OVERDUE)):  # fmt: skip
            setattr(tally, field, getattr(tally, field) + total(act & (status == code)))
        if sc.extension_slots:
            notices = seen(sc.ext_notified).sum(axis=1)
            extended = act & (notices > 0)
            tally.extended += total(extended)
            clean = extended
            for kind in ("extension-length", "extension-notice", "extension-reason"):
                clean = clean & none(STAGE_RULE_IDS.get((n, kind)))
            tally.extended_compliant += total(clean)
            tally.extensions += int(notices[extended].sum())
            details = tallies.count(STAGE_RULE_IDS.get((n, "extension-ombudsman-details")))
            tally.extensions_without_details += int(details[extended].sum())
        if edition.stage(n).letter_items is not None:
            unrecorded = answered & (sc.items < 0)
            letters = answered & (sc.items >= 0)
            tally.letters_unrecorded += total(unrecorded)
            tally.letters += total(letters)
            tally.letters_complete += total(letters & tallies.none_at("response.content", n))

    refused = r & ev.refusal_seen
    if refused.any():
        stage = cols.refusal_stage
        explained = refused & none("refusal.explanation")
        for number in np.unique(stage[refused]).tolist():
            counts.refusals[number] += total(refused & (stage == number))
            if total(explained & (stage == number)):
                counts.refusals_explained[number] += total(explained & (stage == number))
        out_of_time = refused & (stage == 1) & (cols.refusal_ground == _OUT_OF_TIME)
        counts.out_of_time += total(out_of_time)
        dated = out_of_time & ((cols.issue != NA) | (cols.aware != NA))
        counts.out_of_time_dated += total(dated)
        counts.out_of_time_outside_window += total(dated & none("exclusion.time-limit"))

    if cols.remedy_slots:
        offered = seen(cols.remedy_offered) & r[:, None]
        counts.remedies += total(offered)
        with_due = offered & (cols.remedy_due != NA)
        judged = seen(cols.remedy_completed)
        if limit is not None:
            judged = judged | (cols.remedy_due < limit)
        counts.remedies_judged += total(with_due & judged)
        counts.remedies_pending += total(with_due & ~judged)
    counts.remedies_without_target += int(tallies.count("remedy.target-date")[r].sum())
    counts.remedies_late += int(tallies.count("remedy.completion")[r].sum())


class _RuleCounts:
    """Each row's number of findings of a rule (and of a rule at one stage)."""

    def __init__(self, ev: Evaluation) -> None:
        self.ev = ev
        self.zero = np.zeros(ev.cols.n, dtype=np.int64)

    def count(self, rule: str | None) -> Array:
        """How many findings of ``rule`` each row has."""
        total = self.zero
        for slot in self.ev.firing:
            if slot.rule == rule:
                total = total + slot.fires
        return total

    def none(self, rule: str | None) -> Array:
        """Rows without a finding of ``rule``."""
        return self.count(rule) == 0

    def none_at(self, rule: str, stage: int) -> Array:
        """Rows without a finding of ``rule`` at ``stage``."""
        found = np.zeros(self.ev.cols.n, dtype=bool)
        for slot in self.ev.firing:
            if slot.rule == rule and slot.stage == stage:
                found |= slot.fires
        return ~found
