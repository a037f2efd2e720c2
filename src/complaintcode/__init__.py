"""complaintcode: the Housing Ombudsman's Complaint Handling Code (England) as code.

Everything a user needs for the documented jobs is importable from here; the list is
``__all__``, grouped by topic, and the reference page "The front door" shows the same list.

>>> from datetime import date
>>> import complaintcode as cc
>>> complaint = cc.Complaint("C-1", [cc.Stage(1, date(2023, 5, 5))])
>>> cc.check(complaint).timetable[1].acknowledge_by.due  # skips the Coronation
datetime.date(2023, 5, 15)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from complaintcode._compat import register_moved_module as _register_moved_module
from complaintcode._kinds import ExclusionGround, Outcome, RemedyKind, ResponseItem
from complaintcode._version import __version__ as __version__
from complaintcode.calendar import NonWorkingDay, StartRule, WorkingDayCalendar
from complaintcode.casework import (
    Action,
    ActionKind,
    ActionState,
    ExtensionOptions,
    Preview,
    Worklist,
    extension_options,
    next_actions,
    preview_extension,
    preview_response,
    worklist,
)
from complaintcode.checking import check, check_all, timetable
from complaintcode.editions import CodeEdition, edition_for, edition_named
from complaintcode.errors import (
    CalendarRangeError,
    ComplaintCodeError,
    EditionError,
    InvalidArgument,
    InvalidComplaint,
    InvalidDocument,
    InvalidEdition,
    InvalidType,
)
from complaintcode.model import Complaint, Extension, Refusal, Remedy, Stage
from complaintcode.results import (
    Assessment,
    Deadline,
    DeadlineEvent,
    Finding,
    LateAcknowledgement,
    Severity,
    StageStatus,
    Timetable,
)

if TYPE_CHECKING:  # imported on first use (below), so `import complaintcode` stays light
    from complaintcode.batch import Batch, BatchSummary, Checked, check_export
    from complaintcode.columnar import check_frame
    from complaintcode.documents import DocumentError, read_documents
    from complaintcode.editions import CODE_2020, CODE_2022, CODE_2024, EDITIONS
    from complaintcode.provisions import CodeProvision
    from complaintcode.records import (
        CaseReader,
        ColumnMap,
        InvalidColumnMap,
        InvalidRecords,
        RecordError,
        read_cases,
    )
    from complaintcode.report import FinancialYear, PerformanceSummary, Period, summarise
    from complaintcode.rules import RULES, RuleId
    from complaintcode.samples import sample_path
    from complaintcode.selfassessment import SelfAssessment, Thresholds, self_assessment
    from complaintcode.serialize import from_dict, schema, to_dict

# 0.1.0 had a module ``complaintcode.check``, hidden by the function of that name.
_register_moved_module("complaintcode.check", "complaintcode.checking")

# Grouped by topic, in the order of the reference page "The front door"
# (tests/test_api.py checks that the two agree).
__all__ = [  # noqa: RUF022
    # the working-day calendar
    "NonWorkingDay",
    "StartRule",
    "WorkingDayCalendar",
    # the model: a complaint's history
    "Complaint",
    "ExclusionGround",
    "Extension",
    "Outcome",
    "Refusal",
    "Remedy",
    "RemedyKind",
    "ResponseItem",
    "Stage",
    # the editions of the Code
    "CODE_2020",
    "CODE_2022",
    "CODE_2024",
    "EDITIONS",
    "CodeEdition",
    "CodeProvision",
    "RULES",
    "RuleId",
    "edition_for",
    "edition_named",
    # checking
    "Assessment",
    "Deadline",
    "DeadlineEvent",
    "Finding",
    "LateAcknowledgement",
    "Severity",
    "StageStatus",
    "Timetable",
    "check",
    "check_all",
    "timetable",
    # casework: what is owed next, work queues, extension options
    "Action",
    "ActionKind",
    "ActionState",
    "ExtensionOptions",
    "Preview",
    "Worklist",
    "extension_options",
    "next_actions",
    "preview_extension",
    "preview_response",
    "worklist",
    # records: reading exports
    "CaseReader",
    "ColumnMap",
    "RecordError",
    "read_cases",
    # checking a whole export
    "Batch",
    "BatchSummary",
    "Checked",
    "check_export",
    "sample_path",
    # JSON documents
    "DocumentError",
    "from_dict",
    "read_documents",
    "schema",
    "to_dict",
    # reports
    "FinancialYear",
    "PerformanceSummary",
    "Period",
    "summarise",
    # self-assessment
    "SelfAssessment",
    "Thresholds",
    "self_assessment",
    # the columnar engine (the fast extra)
    "check_frame",
    # errors
    "CalendarRangeError",
    "ComplaintCodeError",
    "EditionError",
    "InvalidArgument",
    "InvalidColumnMap",
    "InvalidComplaint",
    "InvalidDocument",
    "InvalidEdition",
    "InvalidRecords",
    "InvalidType",
]

_LAZY = {
    "CODE_2020": "complaintcode.editions",
    "CODE_2022": "complaintcode.editions",
    "CODE_2024": "complaintcode.editions",
    "EDITIONS": "complaintcode.editions",
    "Batch": "complaintcode.batch",
    "BatchSummary": "complaintcode.batch",
    "Checked": "complaintcode.batch",
    "check_export": "complaintcode.batch",
    "sample_path": "complaintcode.samples",
    "CodeProvision": "complaintcode.provisions",
    "CaseReader": "complaintcode.records",
    "ColumnMap": "complaintcode.records",
    "InvalidColumnMap": "complaintcode.records",
    "InvalidRecords": "complaintcode.records",
    "RecordError": "complaintcode.records",
    "read_cases": "complaintcode.records",
    "FinancialYear": "complaintcode.report",
    "PerformanceSummary": "complaintcode.report",
    "Period": "complaintcode.report",
    "summarise": "complaintcode.report",
    "RULES": "complaintcode.rules",
    "RuleId": "complaintcode.rules",
    "SelfAssessment": "complaintcode.selfassessment",
    "Thresholds": "complaintcode.selfassessment",
    "self_assessment": "complaintcode.selfassessment",
    "DocumentError": "complaintcode.documents",
    "read_documents": "complaintcode.documents",
    "from_dict": "complaintcode.serialize",
    "schema": "complaintcode.serialize",
    "to_dict": "complaintcode.serialize",
    "check_frame": "complaintcode.columnar",
}
"""Names loaded on first use: the editions (read from their data files), readers, JSON,
reports and self-assessment."""


def __getattr__(name: str) -> Any:
    """Load a name of ``_LAZY`` on first use."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'complaintcode' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The module's names, with those loaded on first use."""
    return sorted(set(globals()) | set(__all__))
