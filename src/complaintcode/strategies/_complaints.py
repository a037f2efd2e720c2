"""The :func:`complaints` strategy: whole histories known to meet, or to breach, the Code."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.editions import CodeEdition
from complaintcode.errors import InvalidArgument
from complaintcode.model import Complaint
from complaintcode.strategies._blocks import (
    _FIRST_RECEIVED,
    _LAST_RECEIVED,
    _LONGEST_RESPONSE,
    EditionName,
    _draw_one,
)
from complaintcode.strategies._breaches import _MUTATIONS, _Target
from complaintcode.strategies._drafts import _compliant_drafts, _Options, _options

__all__ = ["complaints"]


def complaints(
    *,
    edition: EditionName | CodeEdition | None = None,
    compliant: bool | None = None,
    calendar: WorkingDayCalendar | None = None,
    min_received: date = _FIRST_RECEIVED,
    max_received: date = _LAST_RECEIVED,
    max_stages: int = 3,
) -> SearchStrategy[Complaint]:
    """Valid complaint histories that meet the Code, breach it, or either.

    Every complaint is valid data: building it never raises
    :class:`~complaintcode.errors.InvalidComplaint`. Compliance is as
    ``check(complaint, calendar=calendar)`` judges it (no ``as_of``):

    * ``compliant=True``: **no finding at all**. Deadlines are counted with ``calendar``
      from the edition's limits, and every acknowledgement and response is on or before
      its deadline (a stage never acknowledged is answered within the acknowledgement
      limit); stage 2 has a different handler from stage 1; letters record every required
      item, or no items are recorded; remedies with a target date are completed by it (or
      not yet); extensions are notified by the then-current deadline, with a reason,
      within the cap (or with a good reason recorded) and, under the 2024 Code, with the
      Ombudsman's details; each escalation comes on or after the previous response; a
      refusal (only ever of the last stage) gives reasons and the right to go to the
      Ombudsman, and one for being out of time is. Only the last stage may be unanswered.
    * ``compliant=False``: **at least one finding** (some findings are advisory, so
      ``check(c).compliant`` can still be true): a compliant history with one breach
      applied: a late response, a late acknowledgement, the same handler at both stages;
      an extension notified late, without a reason, over the cap or (2024) without the
      Ombudsman's details; a letter missing an item; a remedy without a target date or
      completed late; a refusal without reasons or rights, or (2024) refused as out of
      time within the edition's time-limit window; a stage more than the edition allows (when
      ``max_stages`` leaves room); or an escalation before the previous response.
    * ``compliant=None``: either.

    Args:
        edition: "2020", "2022", "2024" or a :class:`~complaintcode.CodeEdition`: stage 1
            is then received while that edition was in force, so that ``check`` picks it.
            ``None`` draws any edition in force between the two dates.
        compliant: as above.
        calendar: the working-day calendar the deadlines are counted with (England &
            Wales by default). It should cover ``min_received`` to two years after
            ``max_received``; where it ends sooner, ``max_received`` is brought forward.
        min_received: the earliest day stage 1 is received, 1 July 2020 or later.
        max_received: the latest day stage 1 is received.
        max_stages: at most this many stages. Compliant complaints never have more stages
            than their edition allows (2 under the 2024 Code, 3 before).

    Shrinks towards a one-stage complaint under the newest edition in range (2024 by
    default), received on the first working day in range, acknowledged and answered that
    same day, with nothing else recorded. With ``compliant=False`` it shrinks towards that
    complaint answered one working day after its response deadline: a single
    ``stage1.response`` finding, one working day late. ``compliant=None`` shrinks towards
    the compliant one.

    Raises:
        InvalidArgument: for bounds that are reversed, before 1 July 2020, outside the
            calendar, or that hold no day on which ``edition`` was in force.

    >>> from hypothesis import given, settings
    >>> from complaintcode import check
    >>> @settings(max_examples=10)
    ... @given(complaints(edition="2022", compliant=False))
    ... def test_breaches_are_found(complaint):
    ...     assert check(complaint).edition.name == "2022"
    ...     assert check(complaint).findings
    >>> test_breaches_are_found()
    """
    if compliant not in (None, True, False):
        raise InvalidArgument("compliant", compliant, "True, False or None")
    return _complaints(
        _options(edition, calendar, min_received, max_received, max_stages), compliant
    )


@st.composite
def _complaints(draw: DrawFn, options: _Options, compliant: bool | None) -> Complaint:
    draft = draw(_compliant_drafts(options))
    breach = (not compliant) if compliant is not None else draw(st.booleans())
    if breach:
        mutation = _draw_one(draw, [m for m in _MUTATIONS if m.applies(draft, options)])
        # Every breach draws the same two numbers and nothing else, so that the shrinker
        # prefers the first (a late response) and the smallest (one working day late).
        target = _Target(draw(st.integers(0, 3)), draw(st.integers(1, _LONGEST_RESPONSE)))
        draft = mutation.apply(draft, options, target)
    return draft.complaint()
