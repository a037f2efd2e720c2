"""CheckResults row by row: the assessments of judged rows, and failed rows' errors."""

from __future__ import annotations

import gc
import weakref
from datetime import date

import pytest

from complaintcode import Complaint, Stage, check
from complaintcode.columnar import check_complaints
from complaintcode.errors import EditionError

AS_OF = date(2024, 6, 28)
# Received Friday 3 May 2024, acknowledged on the 7th (on time) and answered Friday 17th
# (on time: due Tuesday 21 May, 6 May being a bank holiday).
ANSWERED = Complaint(
    "A-1", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7), responded=date(2024, 5, 17))]
)
# Acknowledged on the 15th: after Monday 13 May, the 5th working day; never answered.
LATE = Complaint("L-1", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 15))])
# No edition of the Code was in force in 1990: check() refuses it.
BEFORE_ANY_CODE = Complaint("OLD-1", [Stage(1, date(1990, 5, 4))])


def test_iterating_gives_checks_assessments_of_the_judged_rows_only() -> None:
    results = check_complaints([ANSWERED, BEFORE_ANY_CODE, LATE], as_of=AS_OF)
    assert results.failed.tolist() == [False, True, False]
    assessments = list(results)
    assert assessments == [check(ANSWERED, as_of=AS_OF), check(LATE, as_of=AS_OF)]
    assert [a.compliant for a in assessments] == [True, False]


def test_a_failed_row_raises_the_error_check_raises_naming_the_date() -> None:
    results = check_complaints([BEFORE_ANY_CODE], as_of=AS_OF)
    with pytest.raises(EditionError, match="1990-05-04"):
        check(BEFORE_ANY_CODE, as_of=AS_OF)
    with pytest.raises(EditionError, match="1990-05-04"):
        results.assessment(0)
    error = results.error(0)
    assert error is not None
    assert "1990-05-04" in error
    assert list(results) == []


def test_results_go_when_dropped_without_waiting_for_the_cycle_collector() -> None:
    # check_file no longer runs a full collection per batch: a batch's evaluation, its
    # columns and its slots (whose wording functions reach back to it) must be freed by
    # reference counting alone, findings worded or not.
    results = check_complaints([ANSWERED, LATE], as_of=AS_OF)
    assert [f.rule for f in results.findings(1)] == ["stage1.acknowledgement", "stage1.response"]
    evaluation = weakref.ref(results.evaluation)
    columns = weakref.ref(results.columns)
    gc.disable()
    try:
        del results
        assert evaluation() is None
        assert columns() is None
    finally:
        gc.enable()
