"""The Hypothesis strategies: what they generate, what they shrink to, what they refuse.

The shrink targets asserted here were counted by hand on a printed calendar (the count is
beside each), not read off the code under test.
"""

from __future__ import annotations

import fnmatch
import importlib
import pkgutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, find, given, settings
from hypothesis import strategies as st

import complaintcode
from complaintcode import (
    Complaint,
    Extension,
    InvalidArgument,
    Stage,
    StageStatus,
    WorkingDayCalendar,
    check,
)
from complaintcode import strategies as cs
from complaintcode.strategies import (
    EditionName,
    _breaches,
    _drafts,
    calendars,
    complaints,
    extensions,
    stages,
    working_days,
)
from support import offending

EDITIONS: list[EditionName] = ["2020", "2022", "2024"]
# find() without the explain phase: the same shrunk value, a fraction of the time.
QUICK_FIND = settings(database=None, phases=[Phase.generate, Phase.shrink])


# Breaches only possible under the 2024 Code (or most easily found there).
ONLY_2024 = {"stage?.extension-ombudsman-details", "exclusion.time-limit", "stages.count"}


# -- complaints: compliance as promised ------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_compliant_complaints_have_no_findings(edition: EditionName, data: st.DataObject) -> None:
    """A complaint generated as compliant has no finding at all, under its own edition."""
    complaint = data.draw(complaints(edition=edition, compliant=True))
    assessment = check(complaint)
    assert assessment.edition.name == edition
    assert assessment.findings == ()
    assert all(
        s in (StageStatus.ON_TIME, StageStatus.WITHIN_EXTENSION, StageStatus.OPEN)
        for s in assessment.statuses.values()
    )


@given(data=st.data())
def test_compliant_complaints_on_any_calendar_have_no_findings(data: st.DataObject) -> None:
    """Deadlines are counted with the calendar given, closures and cut-offs included."""
    calendar = data.draw(calendars())
    complaint = data.draw(complaints(calendar=calendar, compliant=True))
    assert check(complaint, calendar=calendar).findings == ()


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_breaching_complaints_have_a_finding(edition: EditionName, data: st.DataObject) -> None:
    """A complaint generated as non-compliant has at least one finding."""
    complaint = data.draw(complaints(edition=edition, compliant=False))
    assessment = check(complaint)
    assert assessment.edition.name == edition
    assert assessment.findings


@given(data=st.data())
def test_breaching_complaints_on_any_calendar_have_a_finding(data: st.DataObject) -> None:
    """Breaches are placed with the calendar given."""
    calendar = data.draw(calendars())
    complaint = data.draw(complaints(calendar=calendar, compliant=False))
    assert check(complaint, calendar=calendar).findings


@pytest.mark.parametrize("mutation", _breaches._MUTATIONS, ids=lambda m: m.name)
@settings(max_examples=30, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_each_kind_of_breach_gives_its_own_finding(
    mutation: _breaches._Mutation, data: st.DataObject
) -> None:
    """Every breach the strategy can apply produces a finding of the rule it targets."""
    edition: EditionName | None = "2024" if mutation.rule in ONLY_2024 else None
    options = _drafts._options(edition, None, date(2020, 7, 1), date(2027, 12, 31), 3)
    draft = data.draw(_drafts._compliant_drafts(options))
    assume(mutation.applies(draft, options))
    target = _breaches._Target(data.draw(st.integers(0, 3)), data.draw(st.integers(1, 20)))
    complaint = mutation.apply(draft, options, target).complaint()
    rules = [f.rule for f in check(complaint).findings]
    assert any(fnmatch.fnmatch(rule, mutation.rule) for rule in rules), rules


@given(complaints())
def test_either_kind_is_valid_and_checkable(complaint: Complaint) -> None:
    """Without compliant=, complaints are still valid and check() accepts them."""
    assert check(complaint).reference == complaint.reference


@given(
    complaints(
        min_received=date(2023, 1, 1),
        max_received=date(2024, 6, 30),
        max_stages=1,
    )
)
def test_bounds_and_stage_limit_are_kept(complaint: Complaint) -> None:
    """Stage 1 is received within the bounds; max_stages caps the stages."""
    assert date(2023, 1, 1) <= complaint.received <= date(2024, 6, 30)
    assert len(complaint.stages) == 1


@given(complaints(edition="2024", compliant=True))
def test_compliant_2024_complaints_have_at_most_two_stages(complaint: Complaint) -> None:
    """A compliant complaint never has more stages than its edition allows."""
    assert len(complaint.stages) <= 2


# -- complaints: shrinking -------------------------------------------------------------------


def test_breaching_complaints_shrink_to_one_late_response() -> None:
    """find() shrinks a breach to a one-stage 2024 complaint answered a day late.

    Received Tue 2 Apr 2024 (the first working day of the 2024 Code: 1 Apr was Easter
    Monday) and acknowledged that day; 10 working days after: 3,4,5,8,9,10,11,12,15,16
    -> 16 Apr; answered 17 Apr, one working day late.
    """
    shrunk = find(complaints(compliant=False), lambda c: True)
    assert shrunk == Complaint(
        "C-1",
        [Stage(1, date(2024, 4, 2), acknowledged=date(2024, 4, 2), responded=date(2024, 4, 17))],
    )
    (finding,) = check(shrunk).findings
    assert (finding.rule, finding.stage, finding.working_days_late) == ("stage1.response", 1, 1)
    assert finding.due == date(2024, 4, 16)


@pytest.mark.parametrize(
    ("edition", "received", "due"),
    [
        # Wed 1 Jul 2020 + 10 WD: 2,3,6,7,8,9,10,13,14,15 -> 15 Jul
        ("2020", date(2020, 7, 1), date(2020, 7, 15)),
        # Fri 1 Apr 2022 + 10 WD: 4-8, 11-14, (15 Good Friday, 18 Easter Monday) 19 -> 19 Apr
        ("2022", date(2022, 4, 1), date(2022, 4, 19)),
        ("2024", date(2024, 4, 2), date(2024, 4, 16)),
    ],
)
def test_breaches_shrink_to_a_late_response_under_each_edition(
    edition: EditionName, received: date, due: date
) -> None:
    """Under each edition the minimal breach is stage 1 answered one working day late."""
    shrunk = find(
        complaints(edition=edition, compliant=False),
        lambda c: True,
        settings=QUICK_FIND,
    )
    late = WorkingDayCalendar.england_and_wales().next_working_day(due)
    assert shrunk.stages == (Stage(1, received, acknowledged=received, responded=late),)
    assert [(f.rule, f.working_days_late) for f in check(shrunk).findings] == [
        ("stage1.response", 1)
    ]


def test_compliant_complaints_shrink_to_one_stage_answered_on_receipt() -> None:
    """The simplest compliant complaint: one stage, acknowledged and answered on receipt."""
    shrunk = find(complaints(), lambda c: True, settings=QUICK_FIND)
    day = date(2024, 4, 2)
    assert shrunk == Complaint("C-1", [Stage(1, day, acknowledged=day, responded=day)])


def test_calendars_shrink_to_england_and_wales_as_it_stands() -> None:
    """Calendars shrink to England & Wales, no closures, no cut-off, roll-forward."""
    cal = find(calendars(), lambda c: True, settings=QUICK_FIND)
    assert (cal.subdivision, cal.closures, cal.cutoff, cal.start_rule) == (
        "ENG",
        (),
        None,
        "roll-forward",
    )


def test_working_days_shrink_to_the_first_working_day() -> None:
    """From Good Friday 2024 the first working day is Tuesday 2 April (after Easter Monday)."""
    assert find(working_days(min_value=date(2024, 3, 29)), lambda d: True) == date(2024, 4, 2)


# -- the smaller strategies ------------------------------------------------------------------


@given(data=st.data())
def test_working_days_are_working_days_within_bounds(data: st.DataObject) -> None:
    """working_days() only yields working days of its calendar, within the bounds."""
    calendar = data.draw(calendars())
    low = data.draw(st.dates(date(2020, 1, 1), date(2026, 12, 31)))
    high = low + timedelta(days=data.draw(st.integers(7, 400)))
    day = data.draw(working_days(calendar=calendar, min_value=low, max_value=high))
    assert low <= day <= high
    assert calendar.is_working_day(day)


@given(working_days())
def test_default_working_days_are_england_and_wales_working_days(day: date) -> None:
    """By default, England & Wales working days from July 2020 to 2027."""
    assert WorkingDayCalendar.england_and_wales().is_working_day(day)
    assert date(2020, 7, 1) <= day <= date(2027, 12, 31)


@given(calendars(subdivisions=["SCT"], max_closures=0, cutoffs=False, start_rules=["strict"]))
def test_calendars_respect_their_options(calendar: WorkingDayCalendar) -> None:
    """Options narrow what calendars() draws."""
    assert calendar.subdivision == "SCT"
    assert calendar.closures == ()
    assert calendar.cutoff is None
    assert calendar.start_rule == "strict"


@given(extensions(min_notified=date(2024, 5, 1), max_notified=date(2024, 5, 31)))
def test_extensions_fall_within_their_bounds(extension: Extension) -> None:
    """Extensions are notified within the bounds and last 1 working day or more."""
    assert date(2024, 5, 1) <= extension.notified <= date(2024, 5, 31)
    assert 1 <= extension.working_days <= 20


@given(stages(number=1))
def test_stages_are_valid_as_a_complaint(stage: Stage) -> None:
    """A generated stage 1 makes a valid one-stage complaint."""
    assert Complaint("C-1", [stage]).stage(1) == stage


@given(
    st.from_type(Complaint),
    st.from_type(Stage),
    st.from_type(Extension),
    st.from_type(WorkingDayCalendar),
)
def test_from_type_uses_the_registered_strategies(
    complaint: Complaint, stage: Stage, extension: Extension, calendar: WorkingDayCalendar
) -> None:
    """st.from_type() draws valid values of every registered type."""
    assert isinstance(complaint, Complaint)
    assert isinstance(stage, Stage)
    assert isinstance(extension, Extension)
    assert isinstance(calendar, WorkingDayCalendar)


def test_from_type_complaints_are_the_complaints_strategy() -> None:
    """st.from_type(Complaint) shrinks exactly as complaints() does: it is registered."""
    registered = find(st.from_type(Complaint), lambda c: True, settings=QUICK_FIND)
    assert registered == find(complaints(), lambda c: True, settings=QUICK_FIND)


# -- bad options -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (
            lambda: complaints(min_received=date(2024, 5, 1), max_received=date(2024, 4, 1)),
            "min_received",
        ),
        (lambda: complaints(min_received=date(2020, 6, 30)), "min_received"),
        (lambda: complaints(edition="2020", min_received=date(2023, 1, 1)), "edition"),
        (lambda: complaints(max_stages=0), "max_stages"),
        (lambda: complaints(compliant="yes"), "compliant"),  # type: ignore[arg-type]
        (lambda: complaints(calendar=WorkingDayCalendar(last_day=date(2021, 1, 1))), "calendar"),
        (lambda: working_days(min_value=date(2024, 6, 1), max_value=date(2024, 5, 1)), "min_value"),
        (
            lambda: working_days(min_value=date(2024, 6, 1), max_value=date(2024, 6, 2)),
            "min_value and max_value",
        ),  # a weekend
        (lambda: working_days(min_value=date(1980, 1, 1)), "min_value and max_value"),
        (lambda: calendars(subdivisions=[]), "subdivisions"),
        (lambda: calendars(max_closures=-1), "max_closures"),
        (lambda: extensions(max_working_days=0), "max_working_days"),
        (lambda: stages(number=0), "number"),
    ],
)
def test_bad_options_raise_invalid_argument_naming_them(make: object, name: str) -> None:
    """A bad option raises InvalidArgument naming it, when the strategy is made."""
    assert callable(make)
    with pytest.raises(InvalidArgument) as raised:
        make()
    assert raised.value.name == name


def test_an_unknown_edition_is_an_edition_error() -> None:
    """An edition name that does not exist is refused like check(edition=...) refuses it."""
    with pytest.raises(complaintcode.EditionError):
        complaints(edition="2019")  # type: ignore[arg-type]


# -- packaging -------------------------------------------------------------------------------


def test_all_lists_the_public_strategies_sorted() -> None:
    """__all__ is explicit and sorted, and lists exactly the public strategies."""
    assert cs.__all__ == sorted(cs.__all__)
    assert cs.__all__ == ["calendars", "complaints", "extensions", "stages", "working_days"]


def test_the_core_package_never_imports_hypothesis() -> None:
    """Every module but complaintcode.strategies imports without Hypothesis."""
    modules = [
        m.name
        for m in pkgutil.walk_packages(complaintcode.__path__, "complaintcode.")
        # complaintcode.strategies and its modules are the ones that need Hypothesis.
        if m.name != "complaintcode.__main__"
        and m.name.split(".")[:2] != ["complaintcode", "strategies"]
    ]
    assert importlib.import_module("complaintcode.checking")  # the list is not empty by accident
    program = (
        "import importlib, sys\n"
        "import complaintcode\n"
        "assert 'hypothesis' not in sys.modules, 'import complaintcode'\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "    assert 'hypothesis' not in sys.modules, name\n"
    )
    subprocess.run([sys.executable, "-c", program], check=True)


# Numbers the scan would flag that are not figures of the Code, each with its reason.
NOT_THE_CODE = {
    ("_days.py", 5): "calendars(max_closures=5): landlord closure days, a calendar option",
}


@pytest.mark.parametrize(
    "module", sorted(Path(cs.__file__).parent.glob("*.py")), ids=lambda p: p.name
)
def test_no_timescale_is_written_into_a_strategy(module: Path) -> None:
    """The strategies generate to the edition's limits: no 5, 10, 20 or 12 months of their own."""
    found = offending(module.read_text(encoding="utf-8"))
    assert [v for _, v in found if (module.name, v) not in NOT_THE_CODE] == []
