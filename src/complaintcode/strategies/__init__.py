"""Hypothesis strategies for complaints, stages, extensions, calendars and working days.

Use them to property-test your own deadline logic (a case-management system's due dates,
a report's counts) against histories that are known to meet, or known to breach, the
Complaint Handling Code. This module needs the optional extra
(``pip install "complaintcode[hypothesis]"``); the rest of complaintcode never imports
Hypothesis.

**Importing this module registers its strategies** with
:func:`hypothesis.strategies.register_type_strategy`, so that ``st.from_type(Complaint)``,
``st.from_type(Stage)``, ``st.from_type(Extension)`` and
``st.from_type(WorkingDayCalendar)`` (and ``st.builds`` of anything annotated with those
types) draw from :func:`complaints`, :func:`stages`, :func:`extensions` and
:func:`calendars`.

Every strategy takes keyword-only options that are plain values (never strategies),
returns a typed :class:`~hypothesis.strategies.SearchStrategy`, and says what it shrinks
towards. A typical test::

    from hypothesis import given
    from complaintcode import check
    from complaintcode.strategies import complaints

    @given(complaints(edition="2024", compliant=True))
    def test_my_system_agrees(complaint):
        assert my_system.is_on_time(complaint) == check(complaint).compliant

The package's modules each have one role: ``_days`` (calendars and working days),
``_parts`` (extensions and stages on their own), ``_drafts`` (compliant histories with the
deadlines they were built to), ``_breaches`` (turning one into a breach of one rule),
``_complaints`` (the :func:`complaints` strategy) and ``_blocks`` (what they share). The
limits they generate to (days to acknowledge and respond, extension caps, the time-limit
window) are read from the editions, never written into the strategies.

>>> from hypothesis import given, settings, strategies as st
>>> from complaintcode import Complaint
>>> @settings(max_examples=5)
... @given(st.from_type(Complaint))  # registered on import
... def test_complaints_are_complaints(complaint):
...     assert isinstance(complaint, Complaint)
>>> test_complaints_are_complaints()
"""

from __future__ import annotations

from hypothesis import strategies as st

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.model import Complaint, Extension, Stage
from complaintcode.strategies._blocks import EditionName as EditionName  # used in signatures
from complaintcode.strategies._complaints import complaints
from complaintcode.strategies._days import calendars, working_days
from complaintcode.strategies._parts import extensions, stages

__all__ = ["calendars", "complaints", "extensions", "stages", "working_days"]

# -- registration: st.from_type(Complaint) and friends ----------------------------------------

st.register_type_strategy(WorkingDayCalendar, st.deferred(calendars))
st.register_type_strategy(Extension, st.deferred(extensions))
st.register_type_strategy(Stage, st.deferred(stages))
st.register_type_strategy(Complaint, st.deferred(complaints))
