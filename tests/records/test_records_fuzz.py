"""Hypothesis-generated CSV files against read_cases.

read_cases never raises except InvalidRecords, and always yields exactly one item per data
row (counted independently with csv.reader).
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from complaintcode.model import Complaint
from complaintcode.records import (
    CANONICAL_COLUMNS,
    ColumnMap,
    InvalidRecords,
    RecordError,
    read_cases,
)

CELL_LIMIT = 131_072  # the longest cell the reader accepts (the csv module's default limit)
LONG = "x" * 140_000  # longer than that

CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "2024-05-03",
            "2024-05-07",
            "2023-01-09T16:45:00+00:00",
            "2024-05-03T10:00",
            "03/05/2024",
            "13/25/2024",
            "31/02/2024",
            "2024-02-30",
            "TBC",
            "n/a",
            "yes",
            "maybe",
            "0",
            "10",
            "ten",
            "-3",
            "£150.00",
            "NaN",
            "upheld",
            "PARTLY_UPHELD",
            "STAGE;DECISION",
            "STAGE;NOPE",
            "OUT_OF_TIME",
            "FINANCIAL",
            'a "quoted" value',
            "two\nlines",
            "cr\ronly",
            "a,b",
            "\ufeff",
            "\x00",
            "é ü 中文 🙂",
            LONG,
        ]
    ),
    st.text(max_size=12),
)

REAL = [*CANONICAL_COLUMNS, "team", "Case Ref"]
NAMES = st.one_of(st.sampled_from(REAL), st.text(max_size=8))


def plausible(column: str) -> st.SearchStrategy[str]:
    """A cell that is usually sensible for its column, so that many rows are complaints."""
    if column in ("reference", "Case Ref"):
        return st.one_of(st.integers(0, 30).map(lambda n: f"HC-{n}"), CELLS)
    if column == "received":
        dates = ["2024-05-03", "03/05/2024", "2024-05-03T10:00", "2023-01-09T16:45:00+00:00"]
        return st.one_of(st.sampled_from(dates), CELLS)
    return st.one_of(st.just(""), CELLS)


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, ColumnMap | None, str]:
    """CSV text (sometimes well formed, sometimes not), a column map and a date format."""
    use_map = draw(st.booleans())
    required = ["Case Ref" if use_map else "reference", "received"]
    if draw(st.integers(0, 4)):
        chosen = required
    else:
        chosen = sorted(draw(st.sets(st.sampled_from(required))))
    unique = draw(st.integers(0, 4)) > 0
    extra = draw(
        st.lists(NAMES, max_size=6, unique_by=str.casefold)
        if unique
        else st.lists(NAMES, max_size=6)
    )
    header = draw(st.permutations([*chosen, *extra]))
    width = len(header)
    good = st.tuples(*(plausible(c) for c in header)).map(list)
    rows = draw(
        st.lists(
            st.one_of(good, good, st.lists(CELLS, max_size=width + 2)),
            max_size=12,
        )
    )
    if draw(st.booleans()):
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"]))).writerows(
            [header, *rows]
        )
        text = out.getvalue()
    else:  # naive joining: stray quotes, unbalanced quoting, bare newlines
        text = "\n".join(",".join(r) for r in [header, *rows])
        if draw(st.booleans()):
            text += "\n"
    if draw(st.integers(0, 19)) == 0:
        text = ""
    if draw(st.booleans()):
        text = "\ufeff" + text
    cmap = ColumnMap({"reference": "Case Ref"}) if use_map else None
    return text, cmap, draw(st.sampled_from(["iso", "dd/mm/yyyy"]))


def expected_items(text: str, *, newline: str | None = "") -> int | None:
    """Data rows by csv.reader, or None when there is no usable header row.

    A last record with a quote left open (an odd number of quotes on its lines) swallowed
    the lines after its first: each that holds anything is a row of its own.
    """
    lines = io.StringIO(text, newline=newline).readlines()
    reader = csv.reader(iter(lines))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return None
    if not "".join(header).lstrip("\ufeff").strip():
        return None
    count = 0
    while True:
        start = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return count
        except csv.Error:
            count += 1
            continue
        if "".join(row).strip():
            count += 1
            raw = lines[start : reader.line_num]
            if reader.line_num == len(lines) and sum(line.count('"') for line in raw) % 2:
                count += sum(
                    1 for line in ",".join(row).split("\n")[1:] if line.replace(",", "").strip()
                )


def header_is_usable(text: str, cmap: ColumnMap | None) -> bool:
    """Whether a header row has both required columns and no repeated names."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
        rest = next(reader, None)
    except (StopIteration, csv.Error):
        return False
    if rest is None and text.count('"') % 2:
        # The header is the last record and a quote opened in it is never closed (on one
        # line or running to the end of the file): the reader refuses it rather than guess.
        return False
    if max(map(len, header), default=0) > CELL_LIMIT:
        return False  # a header cell longer than any cell may be: a quote left open in it
    names = [h.strip() for h in header]
    if names:
        names[0] = names[0].lstrip("\ufeff").strip()
    keys = [n.casefold() for n in names if n]
    ref = "case ref" if cmap is not None else "reference"
    return ref in keys and "received" in keys and len(keys) == len(set(keys))


def check(items: list[Complaint | RecordError], expected: int | None) -> None:
    assert expected is not None
    assert len(items) == expected
    assert all(isinstance(i, Complaint | RecordError) for i in items)
    rows = [i.row for i in items if isinstance(i, RecordError)]
    assert rows == sorted(rows)
    for item in items:
        str(item)


pytestmark = pytest.mark.slow  # 400 examples per fuzz test

FUZZ = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(csv_files(), st.booleans())
# A header whose last cell opens a quote that is never closed is refused, not read.
@example(('received,reference,"', None, "iso"), False)
@example(('received,reference,"', None, "iso"), True)
# A quote opened in the header closes only after a cell too long to be a cell: refused.
@example(('received,reference,"\n2024-05-03,HC-0\na "b",' + LONG + "\n", None, "iso"), False)
def test_streams(case: tuple[str, ColumnMap | None, str], universal: bool) -> None:
    text, cmap, date_format = case
    newline = None if universal else ""
    try:
        items = list(
            read_cases(io.StringIO(text, newline=newline), columns=cmap, date_format=date_format)
        )
    except InvalidRecords:
        assert not header_is_usable(text, cmap) or expected_items(text, newline=newline) is None
        return
    check(items, expected_items(text, newline=newline))


ENCODINGS = ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "mac-roman"]


@FUZZ
@given(csv_files(), st.sampled_from(ENCODINGS))
# The last record opens a quote that a stray quote on its next line closes: the lines it
# took in are still rows (found by this test's random search).
@example(('reference,received\nHC-0,",,\na "quoted" value', None, "iso"), "utf-8")
@example(('reference,received\nHC-0,",,\na "quoted" value\n', None, "iso"), "utf-8")
def test_files_in_any_encoding(case: tuple[str, ColumnMap | None, str], encoding: str) -> None:
    text, cmap, date_format = case
    data = text.encode(encoding, errors="replace")
    try:
        decoded: str | None = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        decoded = None
    refused: InvalidRecords | None = None
    items: list[Complaint | RecordError] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.csv"
        path.write_bytes(data)
        try:
            items = list(read_cases(path, columns=cmap, date_format=date_format))
        except InvalidRecords as err:
            refused = err
    if refused is not None:
        assert refused.path == str(path)
        assert decoded is None or not header_is_usable(decoded, cmap)
        return
    assert decoded is not None, "undecodable bytes must be refused before any row"
    check(items, expected_items(decoded))


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    for content in [b"", b"\xef\xbb\xbf", b"\n", b" , \r\n"]:
        path = tmp_path / "empty.csv"
        path.write_bytes(content)
        try:
            list(read_cases(path))
        except InvalidRecords:
            continue
        raise AssertionError(f"{content!r} was accepted")
