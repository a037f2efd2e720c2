"""Strategies for the parts of a complaint on their own: extensions and stages.

They are valid data whose compliance is left to chance; :func:`complaints` builds whole
histories with known compliance.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st
from hypothesis.strategies import DrawFn, SearchStrategy

from complaintcode.errors import InvalidArgument
from complaintcode.model import Extension, Stage
from complaintcode.strategies._blocks import (
    _BLANK_REASONS,
    _FIRST_RECEIVED,
    _HANDLERS,
    _LAST_RECEIVED,
    _LONGEST_EXTENSION,
    _MAYBE_ITEMS,
    _MAYBE_OUTCOME,
    _REASONS,
    _check_bounds,
    _days_between,
    _draw_optional,
)

__all__ = ["extensions", "stages"]


def extensions(
    *,
    min_notified: date = _FIRST_RECEIVED,
    max_notified: date = _LAST_RECEIVED,
    max_working_days: int = _LONGEST_EXTENSION,
) -> SearchStrategy[Extension]:
    """Extensions notified between the two dates, of 1 to ``max_working_days`` days.

    ``max_working_days`` defaults to the largest extension cap any edition sets.

    Any valid extension: the reason may be blank, ``good_reason`` and
    ``ombudsman_details_given`` either way. Whether it complies depends on the stage it
    extends; :func:`complaints` builds extensions that fit their stage.

    Shrinks towards a one-working-day extension notified on ``min_notified`` with a reason,
    no good reason recorded and the Ombudsman's details given.

    >>> from hypothesis import find
    >>> find(extensions(min_notified=date(2024, 5, 1)), lambda e: True)
    Extension(notified=datetime.date(2024, 5, 1), working_days=1, reason="awaiting a surveyor's report", good_reason=False, ombudsman_details_given=True)
    """  # noqa: E501
    _check_bounds("min_notified", min_notified, "max_notified", max_notified)
    if type(max_working_days) is not int or max_working_days < 1:
        raise InvalidArgument("max_working_days", max_working_days, "a whole number, 1 or more")
    return _extensions(min_notified, max_notified, max_working_days)


@st.composite
def _extensions(draw: DrawFn, first: date, last: date, most: int) -> Extension:
    return Extension(
        draw(_days_between(first, last)),
        draw(st.integers(min_value=1, max_value=most)),
        draw(st.sampled_from(_REASONS + _BLANK_REASONS)),
        good_reason=draw(st.booleans()),
        ombudsman_details_given=not draw(st.booleans()),
    )


def stages(
    *,
    number: int | None = None,
    min_received: date = _FIRST_RECEIVED,
    max_received: date = _LAST_RECEIVED,
) -> SearchStrategy[Stage]:
    """Valid stages, numbered ``number`` (or 1 to 3), received between the two dates.

    Acknowledgement, response and extensions fall within about two months of receipt and
    in a possible order (nothing before receipt, no extension after the response); whether
    they meet the Code is left to chance. Use :func:`complaints` for whole histories with
    known compliance.

    Shrinks towards stage 1 (or ``number``) received on ``min_received`` with nothing else
    recorded.

    >>> from hypothesis import find
    >>> find(stages(min_received=date(2024, 5, 1)), lambda s: True)
    Stage(number=1, received=datetime.date(2024, 5, 1), acknowledged=None, responded=None, handler=None, extensions=(), outcome=None, response_items=None)
    """  # noqa: E501
    _check_bounds("min_received", min_received, "max_received", max_received)
    if number is not None and (type(number) is not int or number < 1):
        raise InvalidArgument("number", number, "None or a stage number, 1 or more")
    return _stages(number, min_received, max_received)


@st.composite
def _stages(draw: DrawFn, number: int | None, first: date, last: date) -> Stage:
    received = draw(_days_between(first, last))
    acknowledged = draw(st.none() | _days_between(received, received + timedelta(days=30)))
    responded = draw(st.none() | _days_between(received, received + timedelta(days=60)))
    latest_notice = responded if responded is not None else received + timedelta(days=60)
    return Stage(
        number if number is not None else draw(st.integers(min_value=1, max_value=3)),
        received,
        acknowledged=acknowledged,
        responded=responded,
        handler=_draw_optional(draw, _HANDLERS),
        extensions=draw(
            st.lists(_extensions(received, latest_notice, _LONGEST_EXTENSION), max_size=2).map(
                lambda es: sorted(es, key=lambda e: e.notified)
            )
        ),
        outcome=draw(_MAYBE_OUTCOME),
        response_items=draw(_MAYBE_ITEMS),
    )
