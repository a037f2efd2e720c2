"""``due`` gives the same work queue with either engine, byte for byte.

With the columnar engine, ``due`` evaluates each batch of rows on whole columns, builds
complaints only for the rows that can owe something at ``--as-of``
(:func:`complaintcode.columnar._casework.owing`) and runs the object work queue on them.
The laws: every complaint :func:`~complaintcode.next_actions` gives an action for (or
cannot judge) is kept, so the queue of the kept rows is the queue of all; and the command
writes the same bytes, summary, rejected rows and exit status with ``--engine columnar``
as with ``--engine object``, for complaints drawn from ``complaintcode.strategies`` written
to a CSV file, for every variant of issue 10's corpus of real exports, for the bundled
sample, and for exports that lack columns or keep remedies in a file of their own.
"""

from __future__ import annotations

import contextlib
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complaintcode import (
    Complaint,
    ComplaintCodeError,
    Stage,
    WorkingDayCalendar,
    next_actions,
    sample_path,
    worklist,
)
from complaintcode.cli import main
from complaintcode.records import CANONICAL_COLUMNS
from complaintcode.strategies import calendars, complaints
from corpus import NAMES, clean_rows, cli_options, variants, write_csv

pytest.importorskip("pyarrow")

from complaintcode.columnar import check_complaints
from complaintcode.columnar._casework import owing

_AS_OF = st.dates(date(2020, 7, 1), date(2027, 12, 31)) | st.datetimes(
    datetime(2020, 7, 1), datetime(2027, 12, 31)
)


def _owes(complaint: Complaint, **options: Any) -> bool:
    """Whether the object engine gives ``complaint`` an action (or cannot judge it)."""
    try:
        return bool(next_actions(complaint, **options))
    except ComplaintCodeError:
        return True


def _kept_rows_give_the_whole_queue(
    batch: list[Complaint], as_of: date | datetime, **options: Any
) -> None:
    results = check_complaints(batch, as_of=as_of, **options)
    kept = owing(results.evaluation).tolist()
    for complaint, keep in zip(batch, kept, strict=True):
        if _owes(complaint, as_of=as_of, **options):
            assert keep, complaint
    skipped: list[str] = []
    whole = worklist(
        batch, as_of=as_of, on_error=lambda c, _: skipped.append(c.reference), **options
    )
    chosen = [c for c, keep in zip(batch, kept, strict=True) if keep]
    part = worklist(chosen, as_of=as_of, on_error=lambda c, _: None, **options)
    assert part.actions == whole.actions
    assert (part.with_actions, part.skipped) == (whole.with_actions, whole.skipped)
    assert part.by_state == whole.by_state
    assert part.by_kind == whole.by_kind


@settings(max_examples=80)
@given(
    st.lists(complaints(), min_size=1, max_size=12),
    _AS_OF,
    st.sampled_from(["moves-clock", "capped"]),
    st.sampled_from([None, "2020", "2022", "2024"]),
)
def test_the_rows_kept_hold_every_action(
    batch: list[Complaint], as_of: date | datetime, late: str, edition: str | None
) -> None:
    """Any batch, moment, clock rule and edition: nothing that is owed is left out."""
    _kept_rows_give_the_whole_queue(batch, as_of, late_acknowledgement=late, edition=edition)


@settings(max_examples=60)
@given(st.lists(complaints(compliant=False), min_size=1, max_size=12), _AS_OF)
def test_the_rows_kept_hold_every_action_of_breaches(
    batch: list[Complaint], as_of: date | datetime
) -> None:
    """Complaints made to breach a rule (late, extended, refused, remedies undone)."""
    _kept_rows_give_the_whole_queue(batch, as_of)


@settings(max_examples=30)
@given(st.data(), calendars(), _AS_OF)
def test_the_rows_kept_hold_every_action_on_any_calendar(
    data: st.DataObject, calendar: WorkingDayCalendar, as_of: date | datetime
) -> None:
    """Closures, cut-offs and other nations' holidays (rows outside the calendar kept)."""
    batch = data.draw(st.lists(complaints(calendar=calendar), min_size=1, max_size=10))
    _kept_rows_give_the_whole_queue(batch, as_of, calendar=calendar)


def test_without_a_moment_every_row_is_kept() -> None:
    """Nothing is owed "at no date": an evaluation without as_of keeps every row."""
    c = Complaint("A", [Stage(1, date(2024, 5, 3), responded=date(2024, 5, 17))])
    assert owing(check_complaints([c, c]).evaluation).tolist() == [True, True]


# -- the command, both engines -----------------------------------------------------------


def _due(path: Path, engine: str, *options: str) -> tuple[int, str | None, str]:
    out = path.parent / f"{path.name}.{engine}.queue"
    out.unlink(missing_ok=True)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["due", str(path), "--output", str(out), "--engine", engine, *options])
    return status, out.read_text("utf-8") if out.exists() else None, err.getvalue()


def _same(path: Path, *options: str) -> tuple[int, str | None, str]:
    columnar = _due(path, "columnar", *options)
    assert columnar == _due(path, "object", *options)
    return columnar


def _iso(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _row(number: int, c: Complaint) -> dict[str, str]:
    """The complaint as a row of the canonical export (what the columns can hold)."""
    row = {"reference": c.reference, "team": ("North", "South", "")[number % 3]}
    for stage in c.stages[:3]:
        prefix = {1: "", 2: "escalation_", 3: "stage3_"}[stage.number]
        row[prefix + "received"] = stage.received.isoformat()
        row[prefix + "acknowledged"] = _iso(stage.acknowledged)
        row[prefix + "responded"] = _iso(stage.responded)
        row[prefix + "handler"] = stage.handler or ""
        row[prefix + "outcome"] = stage.outcome.name if stage.outcome else ""
        row[prefix + "items"] = ";".join(sorted(i.name for i in stage.response_items or ()))
        for k, e in enumerate(stage.extensions[:2], start=1):
            ext = f"s{stage.number}_ext{k}_"
            row[ext + "notified"] = e.notified.isoformat()
            row[ext + "days"] = str(e.working_days)
            row[ext + "reason"] = e.reason
            row[ext + "good_reason"] = "yes" if e.good_reason else "no"
            row[ext + "ombudsman_details"] = "yes" if e.ombudsman_details_given else "no"
    row["issue_date"], row["aware_date"] = _iso(c.issue_date), _iso(c.aware_date)
    if c.refusal is not None:
        r = c.refusal
        row.update(
            refusal_decided=r.decided.isoformat(),
            refusal_ground=r.ground.name,
            refusal_stage=str(r.stage),
            refusal_reasons_given="yes" if r.reasons_given else "no",
            refusal_ombudsman_rights_given="yes" if r.ombudsman_rights_given else "no",
        )
    for m in c.remedies[:1]:
        row.update(
            remedy_kind=m.kind.name,
            remedy_description=m.description,
            remedy_offered=m.offered.isoformat(),
            remedy_due=_iso(m.due),
            remedy_completed=_iso(m.completed),
            remedy_amount="" if m.amount is None else str(m.amount),
        )
    row.update(category=c.category or "", tenure=c.tenure or "")
    return row


_FORMATS = [["--format", "text"], ["--format", "csv"], ["--format", "json"]]
_OPTIONS = [
    [],
    ["--by", "handler"],
    ["--by", "team", "--within", "10"],
    ["--late-acknowledgement", "capped"],
    ["--edition", "2022", "--by", "category"],
    ["--subdivision", "SCT"],
]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(complaints(), min_size=1, max_size=15),
    st.dates(date(2020, 7, 1), date(2027, 12, 31)),
    st.sampled_from(_FORMATS),
    st.sampled_from(_OPTIONS),
)
def test_due_writes_the_same_bytes_for_generated_complaints(
    tmp_path: Path, batch: list[Complaint], as_of: date, fmt: list[str], options: list[str]
) -> None:
    """Complaints from our strategies written to a CSV export: the same queue, either way.

    References repeat and some rows cannot be judged (received before the 2020 Code, or
    past the calendar), so rejected rows are compared too.
    """
    header = [*CANONICAL_COLUMNS, "team"]
    path = write_csv(tmp_path / "drawn.csv", header, map(_row, range(len(batch)), batch))
    _same(path, "--as-of", as_of.isoformat(), "--max-rejected", "100%", *fmt, *options)


def _spoiled(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    out = [dict(row) for row in rows]
    out[3]["reference"] = out[2]["reference"]  # a repeated reference
    out[7]["acknowledged"] = "2024-02-30"  # a day that does not exist
    out[11]["received"] = ""  # stage 2 (if any) without its stage 1
    out[13]["handler"] = "=HYPERLINK(1)"  # a formula, written safely
    return out


@pytest.mark.parametrize("name", ["clean", "spoiled", *NAMES])
def test_due_writes_the_same_bytes_for_every_real_export(name: str, tmp_path: Path) -> None:
    """Every variant of the corpus, and the clean file with rows spoiled: the same queue.

    Per-stage rows, separate extensions, a workbook, times, empty-value words,
    Windows-1252; at three moments, in every format, grouped or not.
    """
    header, rows = clean_rows()
    options: dict[str, Any] = {}
    if name in ("clean", "spoiled"):
        path = write_csv(
            tmp_path / f"{name}.csv", header, _spoiled(rows) if name == "spoiled" else rows
        )
    else:
        path, options = variants(tmp_path, header, rows)[name]()
    given = cli_options(options)
    queued = 0
    for as_of, fmt, by in (
        ("2023-06-30", "text", ["--by", "team"]),
        ("2025-12-31", "csv", []),
        ("2025-11-28", "json", ["--by", "handler"]),
    ):
        status, out, _ = _same(
            path, "--as-of", as_of, "--format", fmt, "--max-rejected", "10%", *by, *given
        )
        assert status in (0, 1)
        assert out is not None
        queued += out.count("\n")
    assert queued > 10  # the complaints were read, and some owe something


def test_due_on_the_sample_is_the_same_with_either_engine(tmp_path: Path) -> None:
    """The bundled sample (every rule family, stage 3, refusals, remedies), at several moments."""
    path = tmp_path / "sample.csv"
    path.write_bytes(sample_path().read_bytes())
    for as_of in ("2022-03-31", "2024-06-30", "2025-12-31"):
        for fmt in ("text", "csv", "json"):
            status, out, _ = _same(path, "--as-of", as_of, "--format", fmt, "--by", "team")
            assert status == 1
            assert out is not None


def test_due_is_the_same_for_an_export_that_lacks_columns(tmp_path: Path) -> None:
    """No acknowledged column: both engines read every acknowledgement as not recorded.

    A-1, received Fri 3 May 2024 and answered 17 May, owes nothing; A-2, received Mon 20
    May, owes its acknowledgement by Tue 28 May (5 working days: 21, 22, 23, 24, 28 after
    the bank holiday on 27 May) and its response by 11 June (10 working days after that
    deadline). On 29 May the acknowledgement is 1 working day late.
    """
    path = tmp_path / "export.csv"
    path.write_text(
        "reference,received,responded\nA-1,2024-05-03,2024-05-17\nA-2,2024-05-20,\n", "utf-8"
    )
    status, out, _ = _same(path, "--as-of", "2024-05-29", "--format", "csv")
    assert status == 1
    assert out is not None
    assert [line.split(",")[:4] for line in out.splitlines()[1:]] == [
        ["OVERDUE", "-1", "2024-05-28", "A-2"],
        ["UPCOMING", "9", "2024-06-11", "A-2"],
    ]


def test_due_is_the_same_with_remedies_in_a_file_of_their_own(tmp_path: Path) -> None:
    """Remedies read from a side file (with a rejected remedy row) through either engine."""
    header, rows = clean_rows()
    main_file = write_csv(tmp_path / "main.csv", [c for c in header if "remedy" not in c], rows)
    remedies = [
        {
            "reference": row["reference"],
            **{name[len("remedy_") :]: row[name] for name in header if name.startswith("remedy_")},
        }
        for row in rows
        if row["remedy_offered"]
    ]
    assert len(remedies) > 5
    remedies[0]["due"] = "soon"  # not a date: that complaint is rejected
    side = write_csv(
        tmp_path / "remedies.csv",
        ["reference", "kind", "description", "offered", "due", "completed", "amount"],
        remedies,
    )
    for as_of in ("2023-06-30", "2025-12-31"):
        _, out, err = _same(
            main_file, "--remedies", str(side), "--as-of", as_of, "--max-rejected", "10%"
        )
        assert out is not None
        assert "rejected:" in err


def test_too_many_rejected_rows_are_refused_by_either_engine(tmp_path: Path) -> None:
    """One row of two rejected is more than the default 1 %: exit 2 and no queue, both ways."""
    path = tmp_path / "export.csv"
    path.write_text("reference,received\nA-1,2024-05-03\nA-2,2024-02-30\n", "utf-8")
    status, out, err = _same(path, "--as-of", "2024-05-29")
    assert (status, out) == (2, None)
    assert "more than --max-rejected" in err


def test_a_complaint_the_code_cannot_judge_is_rejected_by_either_engine(tmp_path: Path) -> None:
    """Received in 2019, before the first edition took effect: rejected, with its row."""
    path = tmp_path / "export.csv"
    path.write_text(
        "reference,received\nOLD,2019-05-03\nNEW,2024-05-20\n"
        + "".join(f"X-{i},2024-04-0{1 + i % 9}\n" for i in range(120)),
        "utf-8",
    )
    status, out, err = _same(path, "--as-of", "2024-05-29", "--format", "csv")
    assert status == 1
    assert out is not None
    assert "rejected: row 2" in err
    assert "OLD" in err


def test_by_a_column_only_closed_complaints_record_is_accepted_by_either_engine(
    tmp_path: Path,
) -> None:
    """``--by team`` where only an answered complaint names a team: valid, both ways.

    The columnar engine never builds that complaint, but reads its columns: every action
    is ungrouped, and the note says so.
    """
    path = tmp_path / "export.csv"
    path.write_text(
        "reference,received,responded,team\nA-1,2024-05-03,2024-05-17,North\nA-2,2024-05-20,,\n",
        "utf-8",
    )
    status, out, err = _same(path, "--as-of", "2024-05-29", "--by", "team", "--format", "csv")
    assert status == 1
    assert out is not None
    assert "no complaint records 'team'" in err


def test_the_summary_counts_every_complaint_read(tmp_path: Path) -> None:
    """The columnar engine builds 1 complaint of 3, but the summary counts all 3 read."""
    path = tmp_path / "export.csv"
    path.write_text(
        "reference,received,responded\nA-1,2024-05-03,2024-05-17\nA-2,2024-05-20,\n"
        "A-3,2024-04-02,2024-04-16\n",
        "utf-8",
    )
    _, _, err = _same(path, "--as-of", "2024-05-29", "--format", "csv")
    assert "on 1 of 3 complaints" in err


_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_due_is_the_same_with_a_column_map_a_user_edition_and_closures(tmp_path: Path) -> None:
    """The examples' per-stage export, its column map, a user edition, a closure: one queue.

    The map reads dd/mm dates with times under a title row, Windows-1252 text, the
    landlord's vocabulary and an extensions file; the complaints are judged under the
    example landlord's own stricter edition, with a closure day.
    """
    closures = tmp_path / "closures.txt"
    closures.write_text("2024-04-19,staff training\n", "utf-8")
    export = tmp_path / "stage-export.csv"
    export.write_bytes((_EXAMPLES / "stage-export.csv").read_bytes())
    for fmt in ("text", "csv", "json"):
        status, out, _ = _same(
            export, "--columns", str(_EXAMPLES / "stage-columns.toml"),
            "--extensions", str(_EXAMPLES / "stage-extensions.csv"),
            "--edition", str(_EXAMPLES / "acme-policy.toml"), "--closures", str(closures),
            "--as-of", "2024-04-24", "--by", "team", "--format", fmt, "--max-rejected", "100%",
        )  # fmt: skip
        assert status in (0, 1)
        assert out is not None
        assert "HC-24" in out


def test_due_is_the_same_for_the_messy_example(tmp_path: Path) -> None:
    """The messy example export (odd spellings, a stray quote) through its column map."""
    export = tmp_path / "messy.csv"
    export.write_bytes((_EXAMPLES / "messy.csv").read_bytes())
    status, out, err = _same(
        export, "--columns", str(_EXAMPLES / "columns.toml"), "--as-of", "2024-06-28",
        "--max-rejected", "100%", "--format", "csv",
    )  # fmt: skip
    assert status in (0, 1)
    assert out is not None
    assert "rejected" in err
