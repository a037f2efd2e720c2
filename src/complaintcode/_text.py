"""Words and tables shared by every renderer: plurals, one-decimal percentages, Markdown.

One home for the small text helpers the findings, the report, the self-assessment and the
command line all use, so that "1 working day", "79.5%" and a Markdown table look the same
wherever they appear.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Sequence
from fractions import Fraction

NO_FIGURE = "–"
"""What a table shows where a figure cannot be computed (for example 0 of 0)."""


def plural(n: int, one: str = "working day", many: str | None = None) -> str:
    """The noun that agrees with ``n`` (``many`` defaults to ``one`` + "s").

    >>> plural(1), plural(3), plural(2, "is", "are")
    ('working day', 'working days', 'are')
    """
    if n == 1:
        return one
    return many if many is not None else one + "s"


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` with thousands separators and the noun that agrees with it.

    >>> counted(1, "complaint"), counted(3000, "complaint")
    ('1 complaint', '3,000 complaints')
    """
    return f"{n:,} {plural(n, one, many)}"


def round1(value: Fraction) -> str:
    """One decimal place, halves rounded up (so 79.45 shows as 79.5), with thousands commas.

    >>> round1(Fraction(7945, 100)), round1(Fraction(123456, 100))
    ('79.5', '1,234.6')
    """
    tenths = (value * 10 + Fraction(1, 2)).__floor__()
    return f"{tenths // 10:,}.{tenths % 10}"


def percent_text(value: Fraction | None) -> str:
    """A percentage to one decimal place, or :data:`NO_FIGURE` when there is none.

    >>> percent_text(Fraction(200, 3)), percent_text(None)
    ('66.7%', '–')
    """
    return NO_FIGURE if value is None else f"{round1(value)}%"


def markdown_cell(text: str) -> str:
    r"""A table cell's text with the characters that would break the table escaped.

    >>> markdown_cell("North | South")
    'North \\| South'
    """
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def markdown_row(cells: Iterable[str]) -> str:
    r"""One Markdown table row; every cell escaped.

    >>> markdown_row(["a", "b|c"])
    '| a | b\\|c |'
    """
    return "| " + " | ".join(markdown_cell(c) for c in cells) + " |"


def markdown_table(
    headings: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: Sequence[bool] = ()
) -> list[str]:
    r"""A Markdown table as lines: headings, the rule (right-aligned where ``numeric``), rows.

    >>> print("\n".join(markdown_table(["Measure", "Value"], [["Received", "12"]],
    ...                                  numeric=[False, True])))
    | Measure | Value |
    |---|---:|
    | Received | 12 |
    """
    aligned = [bool(numeric[i]) if i < len(numeric) else False for i in range(len(headings))]
    rule = "|" + "".join("---:|" if right else "---|" for right in aligned)
    return [markdown_row(headings), rule, *(markdown_row(row) for row in rows)]


_SHORT = reprlib.Repr()
_SHORT.maxlevel = 2
_SHORT.maxdict = _SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxset = 4
_SHORT.maxstring = _SHORT.maxother = _SHORT.maxlong = 60


def shown(value: object) -> str:
    """A value as an error message quotes it: its ``repr``, cut to about 60 characters.

    A long string keeps its start and end and says how long it was, so a 10 MB cell is
    never echoed whole; lists and objects show their first few items.

    >>> shown("150.00")
    "'150.00'"
    >>> shown("x" * 10_000_000)
    "'xxxxxxxxxxxxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxxxxxxxxxxxx' (10,000,000 characters)"
    >>> shown(list(range(100)))
    '[0, 1, 2, 3, ...]'
    >>> shown(10**5000)
    'a whole number of about 5,000 digits'
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"a whole number of about {int(value.bit_length() * 0.30103):,} digits"
    text = _SHORT.repr(value)
    if isinstance(value, str) and len(value) > _SHORT.maxstring:
        text += f" ({len(value):,} characters)"
    return text
