"""The work queue of a whole export: the rows that can owe something, picked on columns.

On a long history, at a moment ``as_of``, most complaints are closed: every stage answered
or refused, every remedy completed. :func:`owing` reads the columns the engine computed for
a batch and keeps only the rows for which :func:`complaintcode.next_actions` can give an
action: a stage received by ``as_of``, not refused, one the edition has, and not answered
by then (it owes at least its response); or a remedy offered by then, with a target date,
not completed by then. Rows the engine could not judge are kept too, so that the object
engine says why (or finds what they owe). :func:`owing_items` builds
:class:`~complaintcode.Complaint` objects for the kept rows only; ``complaintcode due``
runs :func:`complaintcode.worklist` on them, so every action, its state and its
explanation come from the object engine, as they do without the columnar engine.

>>> from datetime import date
>>> from complaintcode import Complaint, Stage
>>> from complaintcode.columnar import check_complaints
>>> answered = Complaint("A", [Stage(1, date(2024, 5, 3), responded=date(2024, 5, 17))])
>>> waiting = Complaint("W", [Stage(1, date(2024, 5, 3), acknowledged=date(2024, 5, 7))])
>>> results = check_complaints([answered, waiting], as_of=date(2024, 6, 3))
>>> owing(results.evaluation).tolist()
[False, True]
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from complaintcode.columnar._days import NA, Array
from complaintcode.columnar._evaluation import Evaluation
from complaintcode.columnar._results import CheckResults
from complaintcode.model import Complaint
from complaintcode.records import RecordError

__all__ = ["owing", "owing_items"]


def owing(ev: Evaluation) -> Array:
    """A mask of the rows that may owe an action at ``ev.as_of`` (all rows without one).

    A superset of the rows :func:`complaintcode.next_actions` gives an action for: every
    row that cannot be judged here is kept as well.
    """
    if ev.as_of is None:
        return np.ones(ev.cols.n, dtype=bool)
    keep = ev.failed.copy()
    for st in ev.stages:
        # ``responded`` holds only a response made by as_of (NA otherwise).
        keep |= st.active & (st.responded == NA)
    cols = ev.cols
    limit = ev.as_of.toordinal()
    offered, completed = cols.remedy_offered, cols.remedy_completed
    open_remedy = (
        (offered != NA)
        & (offered <= limit)
        & (cols.remedy_due != NA)
        & ((completed == NA) | (completed > limit))
    )
    keep |= open_remedy.any(axis=1)
    return keep


def owing_items(results: CheckResults) -> Iterator[tuple[int, Complaint | RecordError]]:
    """The kept rows in file order, as (row, complaint), and every rejected row with its error.

    A row the reader rejected comes as its :class:`~complaintcode.records.RecordError`;
    every other kept row as the :class:`~complaintcode.Complaint` it holds.
    """
    cols = results.columns
    for i in np.flatnonzero(owing(results.evaluation)).tolist():
        error = cols.error[i]
        yield int(cols.row[i]), error if error is not None else cols.complaint(i)
