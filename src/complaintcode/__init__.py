"""complaintcode: the Housing Ombudsman's Complaint Handling Code (England) as code.

>>> from datetime import date
>>> import complaintcode as cc
>>> complaint = cc.Complaint("C-1", [cc.Stage(1, date(2023, 5, 5))])
>>> cc.check(complaint).timetable[1].acknowledge_by.due  # skips the Coronation
datetime.date(2023, 5, 15)
"""

from importlib import metadata as _metadata

from complaintcode._compat import register_moved_module as _register_moved_module
from complaintcode.calendar import WorkingDayCalendar
from complaintcode.checking import (
    Assessment,
    Finding,
    Severity,
    StageStatus,
    Timetable,
    check,
    check_all,
)
from complaintcode.editions import CODE_2020, CODE_2022, CODE_2024, CodeEdition, edition_for
from complaintcode.errors import (
    CalendarRangeError,
    ComplaintCodeError,
    EditionError,
    InvalidArgument,
    InvalidComplaint,
    InvalidDocument,
    InvalidType,
)
from complaintcode.model import (
    Complaint,
    ExclusionGround,
    Extension,
    Outcome,
    Refusal,
    Remedy,
    RemedyKind,
    ResponseItem,
    Stage,
)

# 0.1.0 had a module ``complaintcode.check``, hidden by the function of that name.
_register_moved_module("complaintcode.check", "complaintcode.checking")

try:
    __version__ = _metadata.version("complaintcode")
except _metadata.PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"

__all__ = [
    "CODE_2020",
    "CODE_2022",
    "CODE_2024",
    "Assessment",
    "CalendarRangeError",
    "CodeEdition",
    "Complaint",
    "ComplaintCodeError",
    "EditionError",
    "ExclusionGround",
    "Extension",
    "Finding",
    "InvalidArgument",
    "InvalidComplaint",
    "InvalidDocument",
    "InvalidType",
    "Outcome",
    "Refusal",
    "Remedy",
    "RemedyKind",
    "ResponseItem",
    "Severity",
    "Stage",
    "StageStatus",
    "Timetable",
    "WorkingDayCalendar",
    "check",
    "check_all",
    "edition_for",
]
