"""The findings column, worded on whole columns, says what the object engine says.

Two layers. The filler itself (``columnar._words``): for any fields, filling a template for
every row at once gives, row by row, what :meth:`str.format` gives for that row (as the
object engine fills a template). Then every
branch of every finding's wording (a count of 1 and of more, an acknowledgement missing,
late or never made, each response clock, one, several or no extensions counted, stage 3,
too many stages, refusals, letters, remedies, datetimes of receipt), checked in one batch
against the object engine's messages joined as ``check --format csv`` joins them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from complaintcode import CODE_2020, CODE_2024, Stage, check
from complaintcode._text import plural
from complaintcode.columnar import check_complaints
from complaintcode.columnar._words import (
    Choice,
    Count,
    Day,
    Joined,
    Pick,
    Unit,
    Words,
    say_all,
    say_rows,
    say_rows_quoted,
)
from complaintcode.model import Complaint, ExclusionGround, Extension, RemedyKind, ResponseItem
from support import complaint, extension, refusal, remedy

pytest.importorskip("pyarrow")

_DAY = st.integers(date(2019, 1, 1).toordinal(), date(2030, 12, 31).toordinal())


@st.composite
def _fields(draw: st.DrawFn) -> tuple[int, dict[str, Any]]:
    rows = draw(st.integers(1, 8))

    def column(values: st.SearchStrategy[Any]) -> Any:
        return np.asarray(draw(st.lists(values, min_size=rows, max_size=rows)))

    return rows, {
        "day": column(_DAY),
        "count": column(st.integers(0, 30)),
        "code": column(st.integers(0, 2)),
        "pick": column(st.integers(0, 1)),
        "masks": [column(st.booleans()) for _ in range(3)],
    }


def _words(fields: dict[str, Any]) -> Any:
    """A wording with every kind of field, nested (one branch given as a function).

    Two joins: one of worded parts (one of them a choice), one of fixed texts.
    """
    count = fields["count"]
    inner = Choice(
        fields["pick"], [Words("{a} {b}", a=Count(count), b=Unit(count)), "nothing to say"]
    )
    first, second, third = fields["masks"]
    chosen = Choice(fields["pick"], [Words("part 1 ({c})", c=Count(count)), "part one"])
    joined = Joined(
        "; ", [(first, Words("part {k}", k=0)), (second, chosen),
               (third, Words("part 2 {day}", day=Day(fields["day"])))]
    )  # fmt: skip
    items = Joined(", ", [(mask, f"item {k}") for k, mask in enumerate(fields["masks"])])
    return Choice(
        fields["code"],
        [
            Words("on {day}, {inner} ({joined}) [{items}]", day=Day(fields["day"]), inner=inner,
                  joined=joined, items=items),
            lambda: Words("{which} {n}", which=Pick(fields["pick"], ("one", "two")), n=7),
            Words("fixed {text}", text="words"),
        ],
    )  # fmt: skip


def _one(value: Any, j: int) -> str:
    """Row ``j``'s words, filled one field at a time with ``str.format``."""
    if isinstance(value, Words):
        return value.template.format(**{k: _one(v, j) for k, v in value.fields.items()})
    if isinstance(value, Day):
        return date.fromordinal(int(value.value[j])).isoformat()
    if isinstance(value, Count):
        return str(value.value[j])
    if isinstance(value, Unit):
        return plural(int(value.value[j]))
    if isinstance(value, Pick):
        return str(value.options[value.code[j]])
    if isinstance(value, Choice):
        branch = value.branches[value.code[j]]
        return _one(branch() if callable(branch) else branch, j)
    if isinstance(value, Joined):
        return value.separator.join(_one(part, j) for mask, part in value.parts if mask[j])
    return str(value)


@given(_fields())
def test_filling_every_row_at_once_gives_each_row_s_words(
    drawn: tuple[int, dict[str, Any]],
) -> None:
    """say_all(words)[j] is row j's words filled by str.format, whatever the fields."""
    rows, fields = drawn
    words = _words(fields)
    assert say_all(words, rows).to_pylist() == [_one(words, j) for j in range(rows)]


def test_one_wording_for_every_row_is_repeated() -> None:
    """A wording the same in every row (a fixed sentence) fills every row."""
    assert say_all("The same person", 3).to_pylist() == ["The same person"] * 3
    assert say_all(Words("a {b}", b="c"), 2).to_pylist() == ["a c", "a c"]


def test_days_and_counts_far_apart_are_written_each_as_itself() -> None:
    """Days centuries apart and counts a billion apart are each written as str.format does."""
    days = [date(1, 1, 1), date(9999, 12, 31), date(2024, 5, 3)]
    counts = [0, 10**9, 7]
    words = Words(
        "{day}: {count}",
        day=Day(np.asarray([d.toordinal() for d in days])),
        count=Count(np.asarray(counts)),
    )
    expected = [f"{d.isoformat()}: {c}" for d, c in zip(days, counts, strict=True)]
    assert say_all(words, 3).to_pylist() == expected


def test_rows_are_joined_in_the_order_given_and_a_row_without_words_is_null() -> None:
    """Row 1 has the words of the first and third findings, in that order; row 0 none."""
    said = [
        (np.asarray([1, 2]), Words("a{k}", k=Count(np.asarray([1, 2])))),
        (np.asarray([2]), "b2"),
        (np.asarray([1]), Words("c{k}", k=Count(np.asarray([1])))),
    ]
    assert say_rows(3, said, " | ").to_pylist() == [None, "a1 | c1", "a2 | b2"]
    assert say_rows(2, [], " | ").to_pylist() == [None, None]


@given(_fields(), st.data())
def test_each_row_s_findings_are_its_words_joined_in_finding_order(
    drawn: tuple[int, dict[str, Any]], data: st.DataObject
) -> None:
    """say_rows gives each row its findings' words, in the order given, joined; else null."""
    rows, fields = drawn
    said: list[tuple[Any, Any]] = []
    expected: list[list[str]] = [[] for _ in range(rows)]
    for _ in range(data.draw(st.integers(0, 4))):
        mine = np.asarray(sorted(data.draw(st.sets(st.integers(0, rows - 1)))), dtype=np.int64)
        words = _words({k: [m[mine] for m in v] if k == "masks" else v[mine]
                        for k, v in fields.items()})  # fmt: skip
        said.append((mine, words))
        for j, row in enumerate(mine.tolist()):
            expected[row].append(_one(words, j))
    column = say_rows(rows, said, " | ").to_pylist()
    assert column == [" | ".join(texts) if texts else None for texts in expected]


def _quotable(fields: dict[str, Any]) -> Any:
    """A wording that holds a quote, a comma or a line feed in some rows only, by its picks."""
    count = fields["count"]
    items = Joined(", ", [(mask, f"item {k}") for k, mask in enumerate(fields["masks"])])
    return Choice(
        fields["code"],
        [
            Words("{which} {n}", which=Pick(fields["pick"], ('say "no"', "plain")), n=Count(count)),
            Words("line{which} on {day}", which=Pick(fields["pick"], ("\nbreak", "")),
                  day=Day(fields["day"])),
            Words("fixed {items}", items=items),
        ],
    )  # fmt: skip


@given(_fields(), st.data(), st.sampled_from([" | ", ", ", "; "]))
def test_words_made_ready_for_a_csv_cell_are_quoted_where_a_csv_writer_quotes(
    drawn: tuple[int, dict[str, Any]], data: st.DataObject, separator: str
) -> None:
    """say_rows_quoted: say_rows' words with quotes doubled, and the rows to quote.

    A row is quoted when its words hold a comma, a quote or a line feed (as Python's
    ``csv`` writer quotes), whether from a wording's fixed text, a pick, or the separator.
    """
    rows, fields = drawn
    said: list[tuple[Any, Any]] = []
    for _ in range(data.draw(st.integers(0, 3))):
        mine = np.asarray(sorted(data.draw(st.sets(st.integers(0, rows - 1)))), dtype=np.int64)
        part = {k: [m[mine] for m in v] if k == "masks" else v[mine] for k, v in fields.items()}
        said.append((mine, data.draw(st.sampled_from([_quotable, _words]))(part)))
    plain = say_rows(rows, said, separator).to_pylist()
    column, quoted = say_rows_quoted(rows, said, separator)
    assert column.to_pylist() == [(words or "").replace('"', '""') for words in plain]
    assert quoted is not None
    assert quoted.tolist() == [any(c in (words or "") for c in ',"\n') for words in plain]


def test_words_with_a_carriage_return_are_left_as_they_are() -> None:
    """A carriage return is written otherwise in a cell: the words come back unquoted."""
    said = [(np.asarray([1]), Words('a\r"b"{k}', k=Count(np.asarray([1]))))]
    column, quoted = say_rows_quoted(2, said, " | ")
    assert column.to_pylist() == [None, 'a\r"b"1']
    assert quoted is None


# -- every branch of every finding's wording, against the object engine ----------------------

_ITEMS = frozenset(ResponseItem) - {ResponseItem.REASONS, ResponseItem.REMEDY}


def _extended(*extensions: Extension) -> Complaint:
    """Received 3 May 2024, acknowledged in time, answered 30 September: late, extended or not."""
    return complaint(
        Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7), responded=date(2024, 9, 30),
              extensions=extensions)
    )  # fmt: skip


def _batch() -> list[Complaint]:
    may = date(2024, 5, 3)  # a Friday, under the 2024 Code; 6 May is a bank holiday
    old = date(2021, 3, 1)  # under the 2020 Code: three stages allowed
    return [
        # Acknowledged 1 working day late (due 13 May), answered in time.
        complaint(Stage(1, may, acknowledged=date(2024, 5, 14), responded=date(2024, 5, 20))),
        # Acknowledged and answered many working days late.
        complaint(Stage(1, may, acknowledged=date(2024, 5, 20), responded=date(2024, 7, 31))),
        # No acknowledgement; the response came late (the clock from the ack deadline).
        complaint(Stage(1, may, responded=date(2024, 6, 28))),
        # Neither acknowledged nor answered by as_of.
        complaint(Stage(1, may)),
        # Two extensions counted (one without a reason, one without the Ombudsman's
        # details), a third over the 10-day cap; the response later still.
        _extended(
            extension(date(2024, 5, 10), 5, reason=" "),
            extension(date(2024, 5, 20), 5, ombudsman_details_given=False),
            extension(date(2024, 5, 21), 5),
        ),
        # One extension counted, the response late.
        _extended(extension(date(2024, 5, 10), 1)),
        # An extension notified after the deadline: none counted.
        _extended(extension(date(2024, 7, 1), 5)),
        # Received at a datetime after the working day; stage 2 before stage 1's response,
        # by the same handler, and late.
        complaint(
            Stage(1, datetime(2024, 5, 3, 18, 30), acknowledged=date(2024, 5, 8), handler="Ann"),
            Stage(2, date(2024, 5, 20), acknowledged=date(2024, 6, 20), handler=" ann "),
        ),
        # Three stages under the 2020 Code, stage 2 started before stage 1's response and
        # stage 3 late; and under 2024, one stage too many.
        complaint(
            Stage(1, old, acknowledged=date(2021, 3, 2), responded=date(2021, 3, 10)),
            Stage(2, date(2021, 3, 5), responded=date(2021, 4, 12)),
            Stage(3, date(2021, 4, 20), responded=date(2021, 6, 30)),
        ),
        complaint(
            Stage(1, may, acknowledged=date(2024, 5, 7), responded=date(2024, 5, 17)),
            Stage(
                2, date(2024, 5, 24), acknowledged=date(2024, 5, 28), responded=date(2024, 6, 20)
            ),
            Stage(3, date(2024, 7, 1)),
        ),
        # A letter missing two items; remedies without a target, done late, still open.
        complaint(
            Stage(
                1,
                may,
                acknowledged=date(2024, 5, 7),
                responded=date(2024, 5, 17),
                response_items=_ITEMS,
            ),
            remedies=(
                remedy(date(2024, 5, 17), kind=RemedyKind.APOLOGY),
                remedy(date(2024, 5, 17), due=date(2024, 6, 3), completed=date(2024, 6, 4)),
                remedy(date(2024, 5, 17), due=date(2024, 6, 3), kind=RemedyKind.FINANCIAL),
            ),
        ),
        # Refused as out of time although in time, without reasons or rights; and an
        # escalation refused without reasons.
        complaint(
            Stage(1, may),
            issue_date=date(2024, 1, 10),
            refusal=refusal(
                date(2024, 5, 10),
                ExclusionGround.OUT_OF_TIME,
                reasons_given=False,
                ombudsman_rights_given=False,
            ),
        ),
        complaint(
            Stage(1, may, acknowledged=date(2024, 5, 7), responded=date(2024, 5, 17)),
            Stage(2, date(2024, 5, 24)),
            refusal=refusal(date(2024, 5, 30), stage=2, reasons_given=False),
        ),
    ]


_BRANCHES = (
    "1 working day after its",
    "working days after its",
    "has no acknowledgement recorded",
    "not acknowledged by 2025-06-30",
    "still not sent at 2025-06-30",
    "after the acknowledgement deadline",
    "after acknowledgement on",
    "after receipt of the escalation request on",
    ", 10 in all",
    "extended by 1 working day (notified 2024-05-10))",
    "not extended (no extension counted)",
    "gave the resident no reason",
    "did not give the Ombudsman's contact details",
    "more than the 10-working-day cap",
    "so it does not count",
    "before the stage 1 response was sent (none is recorded)",
    "before the stage 1 response was sent on",
    "The same person handled stage 1 and stage 2",
    "Stage 3 response sent",
    "the 2024 Code allows no more than 2",
    "does not set out the reasons for the decision, any remedy offered",
    "Remedy 1 (apology) offered 2024-05-17 has no target date",
    "Remedy 2 (other) was completed 2024-06-04, 1 working day after",
    "Remedy 3 (financial remedy) was still not completed at 2025-06-30",
    "Refused on 2024-05-10 as out of time",
    "gave no reasons and did not tell the resident",
    "The refusal to escalate to stage 2 on 2024-05-30 gave no reasons",
)


@pytest.mark.parametrize("late", ["moves-clock", "capped"])
@pytest.mark.parametrize("edition", [None, CODE_2020, CODE_2024])
def test_every_wording_branch_matches_the_object_engine(late: str, edition: Any) -> None:
    """Each row's findings column is the object engine's messages joined by " | "."""
    batch = _batch()
    as_of = date(2025, 6, 30)
    options: dict[str, Any] = {"as_of": as_of, "late_acknowledgement": late, "edition": edition}
    column = check_complaints(batch, **options).table_columns()["findings"].to_pylist()
    expected = [" | ".join(f.message for f in check(c, **options).findings) or None for c in batch]
    assert column == expected
    if edition is None:
        text = "\n".join(filter(None, column))
        assert [branch for branch in _BRANCHES if branch not in text] == []
        if late == "capped":
            assert "the clock is capped at its deadline" in text
