"""Issue 10's corpus: one set of complaints written as real exports write them.

Shared by the reader's tests (``tests/records/test_export_corpus.py``) and the engines'
(``tests/columnar/test_corpus.py``). A generator (not hand-cleaned files) takes the first
rows of the bundled sample as the clean canonical export and writes the variants
landlords' systems produce: times on every date column, empty-value words, dd/mm/yyyy
dates with times, one row per stage (shuffled, with a byte-order mark), extensions in a
file of their own, an ``.xlsx`` workbook with date-time cells under a title row,
Windows-1252 text, and a semicolon-separated Windows-1252 file under a title row whose
quoted cells hold semicolons.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from complaintcode.records import CANONICAL_COLUMNS
from complaintcode.records.columns import EXT_FIELDS, STAGE1, STAGE2, STAGE3

ROWS = 250
Row = dict[str, str]

DATE_COLUMNS = [
    name
    for name in CANONICAL_COLUMNS
    if name.endswith(("received", "acknowledged", "responded", "notified", "_date", "decided"))
    or name in ("remedy_offered", "remedy_due", "remedy_completed")
]


def clean_rows() -> tuple[list[str], list[Row]]:
    """The clean canonical export: the first ROWS rows of the bundled sample."""
    sample = Path(str(resources.files("complaintcode") / "data" / "sample.csv"))
    with sample.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = [row for _, row in zip(range(ROWS), reader, strict=False)]
    return header, rows


def write_csv(
    path: Path,
    header: list[str],
    rows: Iterable[Mapping[str, str]],
    encoding: str = "utf-8",
    delimiter: str = ",",
    title: str | None = None,
) -> Path:
    """The rows as CSV; a ``title`` is written as row 1, then a blank row, above the header."""
    with path.open("w", encoding=encoding, newline="") as handle:
        if title is not None:
            handle.write(f"{title}\r\n\r\n")
        writer = csv.DictWriter(handle, header, extrasaction="ignore", delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _map_dates(row: Row, convert: Callable[[str, str], str]) -> Row:
    out = dict(row)
    for name in DATE_COLUMNS:
        if out.get(name):
            out[name] = convert(name, out[name])
    return out


def moment(name: str, value: str) -> datetime:
    """A clean cell as a date-time: its own time if it has one (a receipt), else one added.

    A received date gets 09:30 (before any out-of-hours cut-off, so the day it counts from
    is unchanged); other dates get 16:26:45, as a system's time stamp would.
    """
    if len(value) > 10:
        return datetime.fromisoformat(value)
    day = date.fromisoformat(value)
    clock = (9, 30, 0) if name.endswith("received") else (16, 26, 45)
    return datetime(day.year, day.month, day.day, *clock)


def with_times(row: Row) -> Row:
    """A time on every date column, ISO with a space or a T."""
    return _map_dates(row, lambda name, d: moment(name, d).isoformat(" " if len(d) == 10 else "T"))


def dd_mm_with_times(row: Row) -> Row:
    return _map_dates(row, lambda name, d: f"{moment(name, d):%d/%m/%Y %H:%M:%S}")


def with_empty_words(rng: random.Random) -> Callable[[Row], Row]:
    words = ["-", "N/A", "n/a", "NA", "TBC", "none", "NULL", "  "]

    def convert(row: Row) -> Row:
        return {k: (v if v.strip() else rng.choice(words)) for k, v in row.items()}

    return convert


def stage_rows(rows: list[Row], rng: random.Random) -> tuple[list[str], list[Row]]:
    """One row per stage: each stage's cells under the stage 1 names, shuffled."""
    complaint_level = [c for c in CANONICAL_COLUMNS if c not in (*STAGE1, *STAGE2, *STAGE3)]
    complaint_level = [c for c in complaint_level if not c.startswith(("s1_", "s2_"))]
    ext_names = [f"s1_ext{k}_{f}" for k in (1, 2) for f in EXT_FIELDS]
    header = ["reference", "stage", *STAGE1[1:], *ext_names, *complaint_level, "team"]
    labels = {1: ["Stage 1", "1", "stage one"], 2: ["Stage 2", "Escalation"], 3: ["Stage 3"]}
    out: list[Row] = []
    for row in rows:
        first = {n: row[n] for n in header if n in row}
        first["stage"] = rng.choice(labels[1])
        out.append(first)
        if row["escalation_received"]:
            second = {"reference": row["reference"], "stage": rng.choice(labels[2])}
            for name in STAGE1[1:]:
                second[name] = row[f"escalation_{name}"]
            for k in (1, 2):
                for f in EXT_FIELDS:
                    second[f"s1_ext{k}_{f}"] = row[f"s2_ext{k}_{f}"]
            out.append(second)
        if row["stage3_received"]:
            third = {"reference": row["reference"], "stage": rng.choice(labels[3])}
            for name in ("received", "responded", "handler", "outcome"):
                third[name] = row[f"stage3_{name}"]
            out.append(third)
    rng.shuffle(out)
    return header, out


def extension_rows(rows: list[Row]) -> list[Row]:
    """Each extension as a row of its own: reference, stage, and its five cells."""
    out = []
    for row in rows:
        for stage in (1, 2):
            for k in (1, 2):
                cells = {f: row[f"s{stage}_ext{k}_{f}"] for f in EXT_FIELDS}
                if any(v.strip() for v in cells.values()):
                    out.append({"reference": row["reference"], "stage": str(stage), **cells})
    return out


def write_xlsx(path: Path, header: list[str], rows: list[Row]) -> Path:
    """A workbook: a title row, a blank row, then the header on row 3; real date cells."""
    xlsxwriter = pytest.importorskip("xlsxwriter")
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Complaints")
    stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.write(0, 0, "Complaints export - run 2025-12-01 08:00")
    sheet.write_row(2, 0, header)
    for r, row in enumerate(rows, start=3):
        for c, name in enumerate(header):
            value = row.get(name, "")
            if not value:
                continue
            if name in DATE_COLUMNS:
                sheet.write_datetime(r, c, moment(name, value), stamp)
            elif name.endswith("_days") or name == "refusal_stage":
                sheet.write_number(r, c, float(value))
            else:
                sheet.write_string(r, c, value)
    book.close()
    return path


Variant = tuple[Path, dict[str, Any]]  # the export, and what read_cases needs told


def variants(tmp: Path, header: list[str], rows: list[Row]) -> dict[str, Callable[[], Variant]]:
    rng = random.Random(10)

    def times() -> Variant:
        return write_csv(tmp / "times.csv", header, map(with_times, rows)), {}

    def empty_words() -> Variant:
        return write_csv(tmp / "empty.csv", header, map(with_empty_words(rng), rows)), {}

    def dd_mm() -> Variant:
        path = write_csv(tmp / "ddmm.csv", header, map(dd_mm_with_times, rows))
        return path, {"date_format": "dd/mm/yyyy"}

    def stages() -> Variant:
        stage_header, out = stage_rows(rows, rng)
        path = write_csv(tmp / "stages.csv", stage_header, out, encoding="utf-8-sig")
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
        return path, {}  # the layout is recognised from the stage column

    def separate_extensions() -> Variant:
        main = [c for c in header if "_ext" not in c]
        ext_header = ["reference", "stage", *EXT_FIELDS]
        path = write_csv(tmp / "main.csv", main, rows)
        ext = write_csv(tmp / "extensions.csv", ext_header, extension_rows(rows))
        return path, {"extensions": ext}

    def workbook() -> Variant:
        pytest.importorskip("python_calamine")
        return write_xlsx(tmp / "export.xlsx", header, rows), {"header_row": 3}

    def windows_1252() -> Variant:
        def accented(row: Row) -> Row:
            out = dict(row)
            if out["category"]:
                out["category"] += " – général"
            if out["remedy_amount"]:
                out["remedy_amount"] = "£" + out["remedy_amount"]
            return out

        path = write_csv(tmp / "cp1252.csv", header, map(accented, rows), encoding="cp1252")
        assert b"\xa3" in path.read_bytes() or b"\x96" in path.read_bytes()
        return path, {"encoding": "cp1252"}

    def semicolons() -> Variant:
        def spoken(row: Row) -> Row:
            out = dict(row)
            if out["s1_ext1_reason"]:
                out["s1_ext1_reason"] += "; the resident agreed"  # a quoted cell
            if out["remedy_amount"]:
                out["remedy_amount"] = "£" + out["remedy_amount"]
            return out

        path = write_csv(
            tmp / "semicolons.csv",
            header,
            map(spoken, rows),
            encoding="cp1252",
            delimiter=";",
            title="Complaints export; run 2025-12-01",
        )
        assert b'"; the resident agreed' not in path.read_bytes()
        assert b'; the resident agreed"' in path.read_bytes()
        return path, {"delimiter": ";", "header_row": 3, "encoding": "cp1252"}

    return {
        "times": times,
        "empty-words": empty_words,
        "dd/mm/yyyy with times": dd_mm,
        "one row per stage": stages,
        "separate extensions": separate_extensions,
        "xlsx": workbook,
        "cp1252": windows_1252,
        "semicolons under a title": semicolons,
    }


NAMES = [
    "times",
    "empty-words",
    "dd/mm/yyyy with times",
    "one row per stage",
    "separate extensions",
    "xlsx",
    "cp1252",
    "semicolons under a title",
]


# The command-line flag of each reading option a variant carries.
_FLAGS = {
    "date_format": "--date-format",
    "extensions": "--extensions",
    "header_row": "--header-row",
    "encoding": "--encoding",
    "delimiter": "--delimiter",
}


def cli_options(options: dict[str, Any]) -> list[str]:
    """A variant's reading options as command-line arguments, e.g. ``--encoding cp1252``."""
    return [part for name, value in options.items() for part in (_FLAGS[name], str(value))]
