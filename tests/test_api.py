"""The public API is exactly the documented one."""

from __future__ import annotations

import complaintcode

# architecture.md §8: the names other systems import from ``complaintcode``.
DOCUMENTED = {
    "WorkingDayCalendar",
    "Complaint",
    "Stage",
    "Extension",
    "Remedy",
    "Refusal",
    "Outcome",
    "RemedyKind",
    "ResponseItem",
    "ExclusionGround",
    "CodeEdition",
    "CODE_2020",
    "CODE_2022",
    "CODE_2024",
    "edition_for",
    "check",
    "check_all",
    "Assessment",
    "Finding",
    "Severity",
    "StageStatus",
    "Timetable",
    # the exceptions
    "ComplaintCodeError",
    "InvalidComplaint",
    "InvalidArgument",
    "CalendarRangeError",
    "EditionError",
    "InvalidType",
    "InvalidDocument",
}


def test_all_is_exactly_the_documented_api() -> None:
    """__all__ lists the documented names, no more and no fewer."""
    assert set(complaintcode.__all__) == DOCUMENTED


def test_every_public_name_resolves_and_is_documented_with_an_example() -> None:
    """Each exported name exists, and each class or function has a docstring example."""
    for name in complaintcode.__all__:
        obj = getattr(complaintcode, name)
        if callable(obj):
            doc = obj.__doc__ or ""
            assert ">>>" in doc, f"{name} has no docstring example"


def test_type_errors_are_complaintcode_errors() -> None:
    """Wrong types raise InvalidType, both a ComplaintCodeError and a TypeError."""
    assert issubclass(complaintcode.InvalidType, complaintcode.ComplaintCodeError)
    assert issubclass(complaintcode.InvalidType, TypeError)


def test_exceptions_are_value_errors() -> None:
    """Every data or argument error is also a ValueError."""
    for name in (
        "InvalidComplaint",
        "InvalidArgument",
        "InvalidDocument",
        "CalendarRangeError",
        "EditionError",
    ):
        exc = getattr(complaintcode, name)
        assert issubclass(exc, complaintcode.ComplaintCodeError)
        assert issubclass(exc, ValueError)
