"""The results page's warnings.

Never a plain page of figures built from nothing, or from mostly unreadable rows.
"""

from __future__ import annotations

from datetime import date

from complaintcode import WorkingDayCalendar
from complaintcode.server.exports import check_upload
from complaintcode.server.sections import results_page

CALENDAR = WorkingDayCalendar.england_and_wales()


def _page(export: str, year: int | None = None) -> str:
    results = check_upload(
        export, columns=None, date_format=None, as_of=None, year=year, calendar=CALENDAR
    )
    return results_page(results, None)


def test_an_export_without_rows_is_flagged_and_its_figures_say_none_to_count() -> None:
    page = _page("reference,received\n", year=2024)
    assert "Warning: the file has no data rows." in page
    assert "Rows that could not be read" not in page  # nothing was rejected
    assert "Escalation rate: – (none to count)." in page
    assert "stage 1 – (none to count)" in page


def test_more_than_one_in_a_hundred_rows_unreadable_is_flagged_with_the_share() -> None:
    # 3/5/2024 is not ISO (the default) and "nope" is no date: 2 of the 3 rows are refused.
    page = _page("reference,received\nA-1,2024-05-03\nA-2,3/5/2024\nA-3,nope\n")
    assert "Warning: 2 of 3 rows (66.7%) could not be read" in page
    assert "Rows that could not be read (2)" in page
    assert "3/5/2024" in page
    assert "The first 200 are listed" not in page  # all of them are listed


def test_the_results_file_ends_every_row_with_what_made_it() -> None:
    """The page's download is check's CSV: the provenance columns on every row."""
    import csv
    import io

    from complaintcode.provenance import Provenance

    shut = WorkingDayCalendar(closures=[date(2024, 5, 8)])
    results = check_upload(
        "reference,received\nA-1,2024-05-03\nA-2,nope\n",
        columns=None,
        date_format=None,
        as_of=None,
        year=None,
        calendar=shut,
    )
    header, *rows = csv.reader(io.StringIO(results.csv_text))
    assert header[-3:] == list(Provenance.COLUMNS)
    assert [row[-3:] for row in rows] == [list(Provenance.of(shut).cells())] * 2
