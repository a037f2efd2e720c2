"""What the columnar engine returns: a results table, and findings on demand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np

from complaintcode.checking import check
from complaintcode.columnar import RESULT_COLUMNS
from complaintcode.columnar._columns import OUTCOMES, Columns
from complaintcode.columnar._days import NA, Array
from complaintcode.columnar._evaluation import STATUSES, Evaluation, StageEvaluation
from complaintcode.columnar._wording import extensions_counted
from complaintcode.columnar._words import say_rows, say_rows_quoted
from complaintcode.errors import ComplaintCodeError
from complaintcode.provenance import Provenance
from complaintcode.report import Tallies
from complaintcode.results import Assessment, Deadline, DeadlineEvent, Finding, Timetable

__all__ = ["CheckResults", "StageCodes", "TableCodes"]


_CLOCK_EVENTS: tuple[DeadlineEvent, ...] = (
    "receipt",
    "acknowledgement",
    "acknowledgement deadline",
    "late acknowledgement",
)
_EPOCH = date(1970, 1, 1).toordinal()


def _receipt(number: int) -> DeadlineEvent:
    return "receipt" if number == 1 else "receipt of the escalation request"


class CheckResults:
    """The results of checking many complaints at once with the columnar engine.

    The table (:meth:`to_arrow`, :meth:`to_pandas`, :meth:`to_polars`) has one row per
    input row and the columns of ``complaintcode check --format csv``. Findings with
    their messages, and whole :class:`~complaintcode.Assessment` objects equal to what
    :func:`complaintcode.check` returns, are built only for the rows asked for.

    >>> from datetime import date
    >>> from complaintcode import Complaint, Stage
    >>> from complaintcode.columnar import check_complaints
    >>> late = Complaint("L-1", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 15))])
    >>> results = check_complaints([late])
    >>> [f.rule for f in results.findings(0)]
    ['stage1.acknowledgement']
    """

    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self._fired_rows: tuple[list[Any], list[Array]] | None = None

    @property
    def columns(self) -> Columns:
        """The input columns."""
        return self.evaluation.cols

    def __len__(self) -> int:
        return self.evaluation.cols.n

    @property
    def failed(self) -> Array:
        """A mask of the rows that could not be judged (see :meth:`error`)."""
        return self.evaluation.failed

    def findings(self, i: int) -> tuple[Finding, ...]:
        """Row ``i``'s findings, as :func:`complaintcode.check` gives them."""
        return self.evaluation.findings(i)

    def error(self, i: int) -> str | None:
        """Why row ``i`` could not be judged (``None`` when it was)."""
        ev = self.evaluation
        if not ev.failed[i]:
            return None
        reason = ev.cols.error[i]
        if reason is not None:
            # A reader's RecordError, worded as the error column of ``check --format csv``.
            field, message = getattr(reason, "field", None), getattr(reason, "message", None)
            if message is None:
                return str(reason)
            return f"{field}: {message}" if field else str(message)
        try:
            self._check_again(i)
        except ComplaintCodeError as error:
            return str(error)
        return "the row could not be judged"  # pragma: no cover - the engines agree

    def _check_again(self, i: int) -> None:
        """Check row ``i`` with the object engine, for the error it raises (a failed row)."""
        ev = self.evaluation
        check(
            ev.cols.complaint(i),
            calendar=ev.calendar,
            edition=ev.editions[0] if len(ev.editions) == 1 else None,
            as_of=ev.as_of,
            late_acknowledgement=ev.late_acknowledgement,  # type: ignore[arg-type]
        )

    def assessment(self, i: int) -> Assessment:
        """Row ``i`` as the :class:`~complaintcode.Assessment` that ``check`` returns.

        Raises:
            ComplaintCodeError: the error ``check`` raises for a row that failed.
        """
        ev = self.evaluation
        if ev.failed[i]:
            if ev.cols.error[i] is not None:
                raise ComplaintCodeError(str(ev.cols.error[i]))
            self._check_again(i)
        edition = ev.editions[int(ev.ed[i])]
        timetable: dict[int, Timetable] = {}
        statuses = {}
        for st in ev.stages:
            if not st.seen[i]:
                break
            n = st.number
            if not st.active[i]:
                timetable[n] = Timetable(n, None, None)
                continue
            timetable[n] = self._timetable(st, i)
            statuses[n] = STATUSES[int(st.status[i])]
        refused = int(ev.cols.refusal_stage[i]) if ev.refusal_seen[i] else None
        return Assessment(
            reference=str(ev.cols.reference[i]),
            edition=edition,
            findings=self.findings(i),
            timetable=timetable,
            statuses=statuses,
            as_of=ev.as_of,
            refused_stage=refused,
            complaint=ev.cols.complaint(i),
            calendar=ev.calendar,
        )

    def _timetable(self, st: StageEvaluation, i: int) -> Timetable:
        ev = self.evaluation
        edition = ev.editions[int(ev.ed[i])]
        rules = edition.stage(st.number)
        cal = ev.calendar
        name = edition.name
        received = date.fromordinal(int(ev.cols.stages[st.number - 1].received[i]))
        acknowledge_by = None
        if st.has_ack[i] and rules.acknowledge is not None:
            acknowledge_by = Deadline(
                date.fromordinal(int(st.ack_due[i])),
                received,
                rules.acknowledge.working_days,
                _receipt(st.number),
                rules.acknowledge.provision,
                name,
                cal,
            )
        clock = int(st.clock[i])
        respond_by = Deadline(
            date.fromordinal(int(st.respond_due[i])),
            date.fromordinal(int(st.counted_from[i])),
            rules.respond.working_days,
            _receipt(st.number) if clock == 0 else _CLOCK_EVENTS[clock],
            rules.respond.provision,
            name,
            cal,
        )
        extended = None
        if st.extended[i]:
            counted = extensions_counted(ev, st, i)
            extended = Deadline(
                date.fromordinal(int(st.final[i])),
                respond_by.due,
                sum(days for days, _ in counted),
                "extension",
                rules.extension_cap.provision,
                name,
                cal,
                counted,
            )
        on_time = bool(st.ack_on_time[i]) if acknowledge_by is not None else None
        taken = int(st.taken[i]) if st.responded[i] != NA else None
        return Timetable(st.number, acknowledge_by, respond_by, extended, on_time, taken)

    def __iter__(self) -> Iterator[Assessment]:
        """The judged rows' assessments, so that ``summarise(results)`` works.

        >>> from datetime import date
        >>> from complaintcode import Complaint, FinancialYear, Stage, summarise
        >>> from complaintcode.columnar import check_complaints
        >>> answered = Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7),
        ...                  responded=date(2024, 5, 17))
        >>> results = check_complaints([Complaint("S-1", [answered])])
        >>> summarise(results, period=FinancialYear(2024)).stage(1).received
        1
        """
        return self.assessments()

    def add_up(self, tallies: Tallies) -> None:
        """Count the judged rows into :func:`~complaintcode.summarise`'s tallies at once.

        ``summarise(results)`` calls this: the figures are those of summarising
        :meth:`assessments`, counted on whole columns.
        """
        from complaintcode.columnar._summary import add_up

        add_up(self, tallies)

    def count_into(self, counts: Any) -> None:
        """Count the judged rows into :func:`~complaintcode.self_assessment`'s counts.

        ``self_assessment(results)`` calls this, with the figures of its
        :meth:`assessments`.
        """
        from complaintcode.columnar._summary import count_assessments

        count_assessments(self, counts, self.evaluation.ok)

    def assessments(self) -> Iterator[Assessment]:
        """Each judged row's :class:`~complaintcode.Assessment`, in order (not failed rows)."""
        for i in np.flatnonzero(~self.evaluation.failed):
            yield self.assessment(int(i))

    # -- the table ------------------------------------------------------------------------

    def table_columns(self, *, messages: bool = True) -> dict[str, Any]:
        """The results as named columns, numpy arrays but for ``findings`` (Arrow strings).

        Dates are ``datetime64[D]`` (NaT if none); ``findings`` is null where a row has none.

        ``messages=False`` leaves the ``findings`` column empty (all null); the findings
        remain available row by row from :meth:`findings`.
        """
        codes = self.table_codes()
        n = len(self)
        names = np.asarray([*codes.editions, None], dtype=object)
        out: dict[str, Any] = {
            "row": codes.row,
            "reference": codes.reference,
            "result": np.asarray(RESULT_WORDS, dtype=object)[codes.result],
            "edition": names[codes.edition],
            "breaches": codes.breaches,
            "advisories": codes.advisories,
            "rules": np.asarray(codes.rule_sets, dtype=object)[codes.rules],
        }
        outcome_names = np.asarray([*OUTCOME_WORDS, None], dtype=object)
        status_names = np.asarray([*STATUS_WORDS, None], dtype=object)
        for number, stage in enumerate(codes.stages, 1):
            prefix = f"stage{number}_"
            for name, days in zip(STAGE_DAYS, stage.days, strict=True):
                out[prefix + name] = _dates(days)
            out[prefix + "outcome"] = outcome_names[stage.outcome]
            out[prefix + "status"] = status_names[stage.status]
        for number in range(len(codes.stages) + 1, 3):
            prefix = f"stage{number}_"
            for name in STAGE_DAYS:
                out[prefix + name] = _dates(np.full(n, NA))
            out[prefix + "outcome"] = out[prefix + "status"] = np.full(n, None, object)
        # A row that could not be judged shows only its row, reference and error.
        nothing = np.asarray(None, dtype=object)
        out["tenure"] = np.where(codes.ok, codes.tenure, nothing)
        out["category"] = np.where(codes.ok, codes.category, nothing)
        errors = np.full(n, None, dtype=object)
        for failed, error in codes.errors:
            errors[failed] = error
        out["findings"] = self._messages() if messages else say_rows(n, [], "")
        out["error"] = errors
        return {name: out[name] for name in RESULT_COLUMNS[: -len(Provenance.COLUMNS)]}

    def table_codes(self) -> TableCodes:
        """The results table before its words are spelled out (see :class:`TableCodes`)."""
        ev = self.evaluation
        cols = ev.cols
        n = cols.n
        ok = ev.ok
        breaches = ev.breaches
        count = ev.findings_count
        # Received after as_of: nothing seen yet, so nothing to judge (never "compliant").
        unseen = ok & (ev.seen_stages == 0) if ev.as_of is not None else np.zeros(n, bool)
        code = np.where(count > 0, np.where(breaches > 0, 1, 2), np.where(unseen, 3, 4))
        rules, rule_sets = self._rule_codes()
        stages = []
        for st, sc in zip(ev.stages[:2], cols.stages, strict=False):
            shown = st.seen & ok
            active = shown & st.active
            status = np.where(st.active, st.status, np.where(st.refused, len(STATUSES), -1))
            stages.append(
                StageCodes(
                    shown=shown,
                    days=(
                        _shown(sc.received, shown),
                        _shown(sc.responded, shown),
                        _shown(st.ack_due, shown & st.has_ack),
                        _shown(st.respond_due, active),
                        _shown(st.final, active),
                    ),
                    outcome=np.where(shown, sc.outcome, -1),
                    status=np.where(shown, status, -1),
                )
            )
        return TableCodes(
            ok=ok,
            row=cols.row,
            reference=cols.reference,
            reference_text=cols.reference_text,
            result=np.where(ev.failed, 0, code),
            editions=tuple(e.name for e in ev.editions),
            edition=ev.ed,
            breaches=np.where(ok, breaches, -1),
            advisories=np.where(ok, count - breaches, -1),
            rules=rules,
            rule_sets=rule_sets,
            stages=stages,
            tenure=cols.tenure,
            category=cols.category,
            word_codes=cols.word_codes,
            errors=[(row, self.error(row)) for row in np.flatnonzero(ev.failed).tolist()],
        )

    def _messages(self) -> Any:
        """Each row's findings' messages joined by " | ", in finding order, on whole columns.

        Every finding of the batch is worded at once: each slot's ``words`` over the rows
        where it fires, filled and joined row by row by :func:`~complaintcode.columnar.
        _words.say_rows`.
        """
        return say_rows(self.evaluation.cols.n, self._said(), " | ")

    def _quoted_messages(self) -> tuple[Any, Array | None]:
        """:meth:`_messages` made ready for a CSV cell: quotes doubled, and the rows to quote.

        As :func:`~complaintcode.columnar._words.say_rows_quoted` gives them.
        """
        return say_rows_quoted(self.evaluation.cols.n, self._said(), " | ")

    def _said(self) -> list[tuple[Array, Any]]:
        """Each slot's rows where it fires, and its words over them."""
        firing = self.evaluation.firing
        return [(rows, slot.words(rows)) for slot, rows in zip(firing, self._fired(), strict=True)]

    def _fired(self) -> list[Array]:
        """The rows where each slot of ``evaluation.firing`` fires, ascending.

        Found once for both the rules and the findings' words.
        """
        firing = self.evaluation.firing
        if self._fired_rows is None or self._fired_rows[0] is not firing:
            self._fired_rows = (firing, [np.flatnonzero(slot.fires) for slot in firing])
        return self._fired_rows[1]

    def _rule_codes(self) -> tuple[Array, list[str]]:
        """Each row's set of rule ids as a code, and each code's ids joined by ";".

        The joined ids are built once per distinct set of findings.
        """
        ev = self.evaluation
        n = ev.cols.n
        firing = ev.firing
        if not firing:
            return np.zeros(n, dtype=np.intp), [""]
        names = [slot.rule for slot in firing]
        if len(firing) <= 64:
            import pyarrow as pa
            import pyarrow.compute as pc

            # Each row's set of firing slots as the bits of a word, hashed (not sorted).
            keys = np.zeros(n, dtype=np.uint64)
            for bit, rows in enumerate(self._fired()):
                keys[rows] |= np.uint64(1 << bit)
            found = pc.dictionary_encode(pa.array(keys))
            inverse = found.indices.to_numpy()
            texts = [";".join(_bits(names, key)) for key in found.dictionary.to_pylist()]
            return inverse, texts
        # Each row's set of firing slots as bits of several 64-bit words.
        fires = np.stack([slot.fires for slot in firing], axis=1)
        fired = np.packbits(fires, axis=1, bitorder="little")
        words = -(-fired.shape[1] // 8)
        keys = np.zeros((n, 8 * words), dtype=np.uint8)
        keys[:, : fired.shape[1]] = fired
        void = keys.view(np.dtype((np.void, 8 * words))).ravel()
        _, first, inverse = np.unique(void, return_index=True, return_inverse=True)
        texts = [
            ";".join(slot.rule for slot in firing if slot.fires[row]) for row in first.tolist()
        ]
        return inverse.ravel(), texts

    def to_arrow(self, *, messages: bool = True) -> Any:
        """The results table as a ``pyarrow.Table`` (needs pyarrow)."""
        import pyarrow as pa

        arrays = {}
        for name, values, counts in self._named(messages):
            if isinstance(values, pa.Array):
                arrays[name] = values
            elif counts:
                arrays[name] = pa.array(values, mask=values < 0, type=pa.int64())
            elif values.dtype.kind == "M":
                arrays[name] = pa.array(values, type=pa.date32())
            else:
                arrays[name] = pa.array(values.tolist(), type=pa.string())
        return pa.table(arrays)

    def to_pandas(self, *, messages: bool = True) -> Any:
        """The results table as a ``pandas.DataFrame`` (needs pandas)."""
        import pandas as pd

        frame = {}
        for name, values, counts in self._named(messages):
            frame[name] = values
            if name == "findings":
                frame[name] = values.to_numpy(zero_copy_only=False)
            elif counts:
                frame[name] = pd.array(np.where(values < 0, 0, values), dtype="Int64")
                frame[name][values < 0] = pd.NA
        return pd.DataFrame(frame, columns=list(RESULT_COLUMNS))

    def _named(self, messages: bool) -> Iterator[tuple[str, Any, bool]]:
        """Each result column in order: name, values, and whether it is a count (-1: none).

        The columns of :meth:`table_columns`, then the provenance's (the same on every row).
        """
        columns = self.table_columns(messages=messages)
        made = Provenance.of(self.evaluation.calendar).cells()
        for name, value in zip(Provenance.COLUMNS, made, strict=True):
            columns[name] = np.full(len(self), value, dtype=object)
        for name in RESULT_COLUMNS:
            yield name, columns[name], name in ("row", "breaches", "advisories")

    def to_polars(self, *, messages: bool = True) -> Any:
        """The results table as a ``polars.DataFrame`` (needs polars and pyarrow)."""
        import polars as pl

        return pl.from_arrow(self.to_arrow(messages=messages))


RESULT_WORDS = ("rejected", "breach", "advisory", "not-received", "compliant")
"""The ``result`` column's words, by :attr:`TableCodes.result` code."""
OUTCOME_WORDS = tuple(o.name for o in OUTCOMES)
"""A stage's ``outcome`` words, by :attr:`StageCodes.outcome` code."""
STATUS_WORDS = (*(s.name for s in STATUSES), "REFUSED")
"""A stage's ``status`` words, by :attr:`StageCodes.status` code."""
STAGE_DAYS = ("received", "responded", "acknowledge_by", "respond_by", "final_respond_by")
"""A stage's date columns (each ``stageN_`` and the name), in :attr:`StageCodes.days` order."""


class StageCodes:
    """One stage's columns of the results table, as codes (``-1``: blank)."""

    __slots__ = ("days", "outcome", "shown", "status")

    def __init__(
        self, shown: Array, days: tuple[Array, ...], outcome: Array, status: Array
    ) -> None:
        self.shown = shown
        """The rows that show the stage (a row blank in all of them shows none)."""
        self.days = days
        """The dates of :data:`STAGE_DAYS`, as day ordinals (``NA``: blank)."""
        self.outcome = outcome
        """Codes into :data:`OUTCOME_WORDS`."""
        self.status = status
        """Codes into :data:`STATUS_WORDS`."""


class TableCodes:
    """The results table before its words are spelled out: small codes and day ordinals.

    What :meth:`CheckResults.table_columns` spells out, kept in a form that is cheap to
    turn into text column by column (``check --format csv``): each word column is a code
    into a short list of words, each date a day ordinal. Blank cells are ``-1`` (``NA`` for
    days); a row that could not be judged is blank but for its row, reference, result and
    error.
    """

    __slots__ = (
        "advisories",
        "breaches",
        "category",
        "edition",
        "editions",
        "errors",
        "ok",
        "reference",
        "reference_text",
        "result",
        "row",
        "rule_sets",
        "rules",
        "stages",
        "tenure",
        "word_codes",
    )

    def __init__(self, **columns: Any) -> None:
        self.ok: Array = columns["ok"]
        """The rows judged."""
        self.row: Array = columns["row"]
        self.reference: Array = columns["reference"]
        self.reference_text: Any = columns["reference_text"]
        """``reference`` as Arrow text, where the reader kept it (else ``None``)."""
        self.result: Array = columns["result"]
        """Codes into :data:`RESULT_WORDS`."""
        self.editions: tuple[str, ...] = columns["editions"]
        self.edition: Array = columns["edition"]
        """Codes into ``editions``."""
        self.breaches: Array = columns["breaches"]
        self.advisories: Array = columns["advisories"]
        self.rules: Array = columns["rules"]
        """Codes into ``rule_sets``, each a set of rule ids joined by ";"."""
        self.rule_sets: list[str] = columns["rule_sets"]
        self.stages: list[StageCodes] = columns["stages"]
        """Stages 1 and 2, as far as the batch has them."""
        self.tenure: Array = columns["tenure"]
        """Free text or ``None``, blank in a row not judged."""
        self.category: Array = columns["category"]
        self.word_codes: dict[str, tuple[Array, list[str | None]]] = columns["word_codes"]
        """``tenure`` and ``category`` as codes into their words, where the reader kept them
        (``-1``: a row whose word is only in the column)."""
        self.errors: list[tuple[int, str | None]] = columns["errors"]
        """Each row not judged, and why."""


def _bits(names: list[str], key: int) -> Iterator[str]:
    """The names whose bits are set in ``key``, lowest bit first."""
    while key:
        low = key & -key
        yield names[low.bit_length() - 1]
        key ^= low


_NAT = np.iinfo(np.int64).min  # NaT as the integer behind a datetime64


def _shown(ordinals: Array, shown: Array) -> Array:
    """Day ordinals where shown, ``NA`` elsewhere."""
    return ordinals if shown.all() else np.where(shown, ordinals, NA)


def _dates(ordinals: Array) -> Array:
    """Day ordinals as ``datetime64[D]``; NaT where ``NA``."""
    return np.where(ordinals != NA, ordinals - _EPOCH, _NAT).view("datetime64[D]")
