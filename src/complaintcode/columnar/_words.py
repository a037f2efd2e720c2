"""Filling the sentence templates of ``complaintcode._sentences`` for one row or many.

A finding's words are described once, as a :class:`Words`: a template and its fields,
gathered from the evaluation's columns for the rows where the finding arises (each field
an array of those rows). :func:`say_all` fills the template for every row at once with
Arrow's string kernels, so no Python runs per row; the object engine fills the same
template with :meth:`str.format`, so the two cannot word a finding differently.

The fields: a plain ``str`` or ``int`` is the same in every row; :class:`Day` is a day
(an ordinal, written YYYY-MM-DD), :class:`Count` a whole number, :class:`Unit` the
"working day(s)" agreeing with a count, :class:`Pick` one of a few fixed words;
:class:`Choice` picks a template by a code, and :class:`Joined` joins the parts present
in a row with a separator.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Sequence
from typing import Any

import numpy as np

from complaintcode._text import plural
from complaintcode.columnar._days import NA, Array
from complaintcode.columnar._evaluation import _EPOCH

__all__ = [
    "Choice",
    "Count",
    "Day",
    "Joined",
    "Pick",
    "Unit",
    "Words",
    "join_rows",
    "say_all",
]


class _Value:
    """One value per row (or one value)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class Day(_Value):
    """A day, as an ordinal (or a column of them)."""

    __slots__ = ()


class Count(_Value):
    """A whole number, written in digits."""

    __slots__ = ()


class Unit(_Value):
    """The words "working day" after a count of 1, else "working days"."""

    __slots__ = ()


class Pick:
    """``options[code]``: one of a few fixed words, chosen by a code."""

    __slots__ = ("code", "options")

    def __init__(self, code: Any, options: Sequence[str]) -> None:
        self.code = code
        self.options = tuple(options)


class Words:
    """A template and the values of its fields."""

    __slots__ = ("fields", "template")

    def __init__(self, template: str, **fields: Any) -> None:
        self.template = template
        self.fields = fields


class Choice:
    """``branches[code]``: the wording a row's code selects.

    A branch may be a function of no arguments that gives the wording, called only when
    some row chooses it (for a wording that is costly to gather).
    """

    __slots__ = ("branches", "code")

    def __init__(self, code: Any, branches: Sequence[Any]) -> None:
        self.code = code
        self.branches = tuple(branches)


class Joined:
    """The parts whose mask is true in a row, joined by ``separator``."""

    __slots__ = ("parts", "separator")

    def __init__(self, separator: str, parts: Sequence[tuple[Any, Any]]) -> None:
        self.separator = separator
        self.parts = tuple(parts)


def _branch(choice: Choice, code: int) -> Any:
    branch = choice.branches[code]
    return branch() if callable(branch) else branch


# -- many rows ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    """The template as (literal text, field name or ``None``) pairs."""
    return tuple((text, name) for text, name, _, _ in string.Formatter().parse(template))


def say_all(value: Any, rows: int) -> Any:
    """The words of every row as an Arrow string array of ``rows`` values.

    ``value``'s fields are arrays of ``rows`` values, but for plain ``str`` and ``int``
    fields (the same in every row).
    """
    import pyarrow as pa

    words = _all(value, None)
    if isinstance(words, str):
        return pa.array([words] * rows, pa.string())
    return words


def _all(value: Any, where: Array | None) -> Any:
    """``value`` for the rows ``where`` (all: ``None``): an Arrow array, or a ``str``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(value, Words):
        parts: list[Any] = []
        for text, name in _pieces(value.template):
            if text:
                parts.append(text)
            if name is not None:
                parts.append(_all(value.fields[name], where))
        if all(isinstance(part, str) for part in parts):
            return "".join(parts)
        return pc.binary_join_element_wise(*parts, "")
    if isinstance(value, Day):
        days = _rows(value.value, where)
        days = np.where(days == NA, _EPOCH, days) - _EPOCH  # a missing day is never shown
        return pc.cast(pa.array(days.astype(np.int32), pa.date32()), pa.string())
    if isinstance(value, Count):
        counts = _rows(value.value, where)
        return pc.cast(pa.array(counts.astype(np.int64), pa.int64()), pa.string())
    if isinstance(value, Unit):
        return pc.if_else(pa.array(_rows(value.value, where) == 1), plural(1), plural(2))
    if isinstance(value, Pick):
        codes = _rows(value.code, where).astype(np.int64)
        return pa.array(value.options, pa.string()).take(pa.array(codes))
    if isinstance(value, Choice):
        return _choose(value, where)
    if isinstance(value, Joined):
        # Each part present with the separator before it, then the first separator cut off
        # (Arrow's own skipping of null parts drops rows where every part is null).
        sep = value.separator
        pieces = [
            pc.if_else(
                pa.array(_rows(mask, where)),
                pc.binary_join_element_wise(sep, _all(part, where), ""),
                "",
            )
            for mask, part in value.parts
        ]
        return pc.utf8_slice_codeunits(pc.binary_join_element_wise(*pieces, ""), len(sep))
    return str(value)


def _rows(values: Array, where: Array | None) -> Array:
    """``values`` (an array of every row) at the rows ``where`` (all: ``None``)."""
    return values if where is None else values[where]


def _choose(choice: Choice, where: Array | None) -> Any:
    """Each branch filled for the rows that chose it, put back in row order."""
    import pyarrow as pa

    codes = _rows(choice.code, where).astype(np.int64)
    present = np.flatnonzero(np.bincount(codes, minlength=len(choice.branches)))
    if len(present) == 1:
        return _all(_branch(choice, int(present[0])), where)
    pieces, mine = [], []
    for code in present.tolist():
        rows = np.flatnonzero(codes == code)
        words = _all(_branch(choice, code), rows if where is None else where[rows])
        if isinstance(words, str):
            words = pa.array([words] * len(rows), pa.string())
        pieces.append(words)
        mine.append(rows)
    # Where each row's words are among the pieces, put end to end.
    back = np.empty(len(codes), dtype=np.int64)
    back[np.concatenate(mine)] = np.arange(len(codes))
    return pa.concat_arrays(pieces).take(pa.array(back))


def join_rows(n: int, rows: Sequence[Array], words: Sequence[Any], separator: str) -> Any:
    """One string per row: the words given for that row, joined in the order given.

    ``rows[k]`` are the rows (each once) that ``words[k]`` (an Arrow string array) words;
    a row given no words is null.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not rows:
        return pa.nulls(n, pa.string())
    every = np.concatenate(rows)
    counts = np.bincount(every, minlength=n)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    # Each row's words go after those given for it before: no sort needed.
    place = np.empty(len(every), dtype=np.int64)
    filled = offsets[:-1].copy()
    start = 0
    for given in rows:
        place[start : start + len(given)] = filled[given]
        filled[given] += 1
        start += len(given)
    back = np.empty(len(every), dtype=np.int64)
    back[place] = np.arange(len(every))
    values = pa.concat_arrays(list(words)).take(pa.array(back))
    lists = pa.ListArray.from_arrays(
        pa.array(offsets.astype(np.int32)), values, mask=pa.array(counts == 0)
    )
    return pc.binary_join(lists, separator)
