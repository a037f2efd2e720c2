"""complaintcode: the Housing Ombudsman's Complaint Handling Code (England) as code.

>>> from datetime import date
>>> import complaintcode as cc
>>> cc.WorkingDayCalendar.england_and_wales().add_working_days(date(2023, 5, 5), 5)
datetime.date(2023, 5, 15)
"""

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.errors import (
    CalendarRangeError,
    ComplaintCodeError,
    EditionError,
    InvalidArgument,
    InvalidComplaint,
)

__all__ = [
    "CalendarRangeError",
    "ComplaintCodeError",
    "EditionError",
    "InvalidArgument",
    "InvalidComplaint",
    "WorkingDayCalendar",
]
