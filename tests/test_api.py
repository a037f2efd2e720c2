"""The public API is exactly the documented one."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from datetime import date
from pathlib import Path

import pytest

import complaintcode

ROOT = Path(__file__).resolve().parent.parent
FRONT_DOOR = ROOT / "docs" / "reference" / "index.md"

# architecture.md §8: names other systems import from ``complaintcode``; all must be there.
CONTRACT = {
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
    "summarise",
    "FinancialYear",
    # added in 0.2
    "Period",
    "read_cases",
    "ColumnMap",
    "to_dict",
    "from_dict",
    "self_assessment",
    "timetable",
    "check_export",
    "sample_path",
    # the exceptions
    "ComplaintCodeError",
    "InvalidComplaint",
    "InvalidArgument",
    "CalendarRangeError",
    "EditionError",
    "InvalidType",
    "InvalidDocument",
}


def front_door() -> list[str]:
    """The names the reference page "The front door" lists, in its order."""
    text = FRONT_DOOR.read_text(encoding="utf-8")
    table = text.split("<!-- front-door:start -->")[1].split("<!-- front-door:end -->")[0]
    names: list[str] = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("topic", "---"):
            names += re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", cells[2])
    return names


def test_front_door_page_lists_exactly_all_in_order() -> None:
    """The documented front door and ``__all__`` agree both ways, in the same order."""
    documented = front_door()
    assert len(documented) > 40  # the parser found the table
    missing_from_all = [n for n in documented if n not in complaintcode.__all__]
    missing_from_docs = [n for n in complaintcode.__all__ if n not in documented]
    assert not missing_from_all, f"documented but not in __all__: {missing_from_all}"
    assert not missing_from_docs, f"in __all__ but not on the front-door page: {missing_from_docs}"
    assert documented == list(complaintcode.__all__), "same names, different order"


def test_all_keeps_the_contract() -> None:
    """Every name architecture.md promises is exported, none twice."""
    assert set(complaintcode.__all__) >= CONTRACT, CONTRACT - set(complaintcode.__all__)
    assert len(set(complaintcode.__all__)) == len(complaintcode.__all__)


def test_the_documented_jobs_import_from_one_place() -> None:
    """The names the getting-started page needs come from ``complaintcode`` itself."""
    from complaintcode import FinancialYear, read_cases, summarise, to_dict

    assert FinancialYear(2024).start == date(2024, 4, 1)
    assert all(callable(f) for f in (read_cases, summarise, to_dict))


def test_no_module_is_hidden_by_a_function() -> None:
    """No name exported from the package is also the name of one of its modules."""
    modules = {m.name for m in pkgutil.iter_modules(complaintcode.__path__)}
    assert not modules & set(complaintcode.__all__)


def test_old_check_module_path_still_works_with_a_warning() -> None:
    """``from complaintcode.check import check_all`` works until 0.3, with a warning."""
    from complaintcode import checking

    with pytest.warns(DeprecationWarning, match=r"complaintcode\.checking\.check_all"):
        check_all = importlib.import_module("complaintcode.check").check_all
    assert check_all is checking.check_all


def test_lazy_names_are_the_module_objects() -> None:
    """Names loaded on first use are the very objects of their modules."""
    from complaintcode import records, report, serialize

    assert complaintcode.read_cases is records.read_cases
    assert complaintcode.summarise is report.summarise
    assert complaintcode.to_dict is serialize.to_dict
    assert "read_cases" in dir(complaintcode)
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = complaintcode.no_such_name


def test_every_public_name_resolves_and_is_documented_with_an_example() -> None:
    """Each exported name exists, and each class or function has a docstring example."""
    for name in complaintcode.__all__:
        obj = getattr(complaintcode, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):  # not Literal type aliases
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
