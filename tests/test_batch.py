"""check_export(): a whole export checked, streaming, in one process or several."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from complaintcode import (
    Checked,
    Complaint,
    InvalidArgument,
    Stage,
    check_export,
    sample_path,
)
from complaintcode.records import ColumnMap
from complaintcode.serialize import to_dict

ROOT = Path(__file__).resolve().parent.parent
MESSY = ROOT / "examples" / "messy.csv"
MESSY_MAP = ROOT / "examples" / "columns.toml"


def as_json(item: Checked) -> str:
    """A module-level (so picklable) rendering: the row and its whole result."""
    result = item.assessment
    body = to_dict(result) if result is not None else str(item.error)
    return json.dumps([item.row, item.verdict, body], sort_keys=True)


def test_one_process_and_two_give_identical_results_in_the_same_order() -> None:
    """jobs=1 and jobs=2 yield the same rendered rows, in file order, and the same counts."""
    runs = []
    for jobs in (1, 2):
        with check_export(sample_path(), jobs=jobs, render=as_json) as batch:
            runs.append((list(batch), vars(batch.summary).copy(), batch.jobs))
    (one, counts_one, jobs_one), (two, counts_two, jobs_two) = runs
    assert (jobs_one, jobs_two) == (1, 2)
    assert one == two
    assert counts_one == counts_two
    assert len(one) == 3000
    assert [json.loads(line)[0] for line in one] == list(range(2, 3002))


def test_rejected_rows_are_results_too_and_every_row_is_counted() -> None:
    """The messy export: rows = checked + rejected, the same with two workers."""
    counts = []
    for jobs in (1, 2):
        columns = ColumnMap.from_toml(MESSY_MAP)
        with check_export(MESSY, columns=columns, jobs=jobs) as batch:
            items = list(batch)
        summary = batch.summary
        assert summary.rows == len(items) == summary.checked + summary.rejected
        assert summary.rejected == sum(1 for i in items if i.verdict == "rejected") > 0
        counts.append([(i.row, i.verdict) for i in items])
    assert counts[0] == counts[1]


def test_complaints_already_built_are_numbered_from_1() -> None:
    """An iterable of complaints: rows are positions; a date no edition covers is rejected."""
    complaints = [
        Complaint("C-1", [Stage(1, date(2024, 5, 3), responded=date(2024, 5, 3))]),
        Complaint("C-2", [Stage(1, date(2019, 5, 3))]),  # before the first edition
    ]
    for jobs in (1, 2):
        items = list(check_export(complaints, jobs=jobs))
        assert [(i.row, i.verdict) for i in items] == [(1, "compliant"), (2, "rejected")]
        error = items[1].error
        assert error is not None
        assert error.reference == "C-2"


def test_as_of_and_edition_reach_the_workers() -> None:
    """Options given to check_export apply in worker processes too."""
    text = "reference,received,responded\nA,2024-05-03,\n"
    for jobs in (1, 2):
        [open_case] = check_export(io.StringIO(text), jobs=jobs)
        [overdue] = check_export(io.StringIO(text), as_of=date(2024, 7, 1), jobs=jobs)
        [forced] = check_export(io.StringIO(text), edition="2022", jobs=jobs)
        assert open_case.verdict == "compliant"
        assert overdue.verdict == "breach"
        assert forced.assessment is not None
        assert forced.assessment.edition.name == "2022"


@pytest.mark.parametrize("jobs", [0, -1, 1.5, True, "2"])
def test_jobs_must_be_a_whole_number_of_processes(jobs: object) -> None:
    """Jobs below 1, or not an int, is an InvalidArgument naming jobs."""
    with pytest.raises(InvalidArgument) as caught:
        check_export(sample_path(), jobs=jobs)  # type: ignore[call-overload]
    assert caught.value.name == "jobs"


def test_stopping_early_closes_the_file() -> None:
    """Leaving the with block part-way closes what check_export opened."""
    with check_export(sample_path(), jobs=2) as batch:
        first = next(batch)
    assert first.row == 2
    with pytest.raises(StopIteration):
        next(batch)


# Received Fri 3 May 2024; acknowledgement due Mon 13 May (5 working days, skipping the
# May Day bank holiday on Mon 6 May). Answered Mon 20 May: after the acknowledgement
# deadline, so a blank acknowledgement cell is a stage1.acknowledgement breach ("no
# acknowledgement recorded"); with no acknowledgement column at all, nothing is known.
_ANSWERED = "2024-05-20"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_blank_cell_is_no_but_an_absent_column_is_not_evidenced(jobs: int) -> None:
    """A blank acknowledged cell breaches; with no such column the rule is not evidenced."""
    blank = io.StringIO(f"reference,received,acknowledged,responded\nA,2024-05-03,,{_ANSWERED}\n")
    absent = io.StringIO(f"reference,received,responded\nA,2024-05-03,{_ANSWERED}\n")
    with check_export(blank, jobs=jobs) as batch:
        [with_cell] = batch
    assert batch.not_evidenced == {}
    with check_export(absent, jobs=jobs) as batch:
        [without] = batch
    assert batch.not_evidenced == {"stage1.acknowledgement": ("acknowledged",)}
    assert with_cell.assessment is not None
    assert without.assessment is not None
    assert [f.rule for f in with_cell.assessment.findings] == ["stage1.acknowledgement"]
    assert without.assessment.findings == ()
    assert without.verdict == "compliant"
