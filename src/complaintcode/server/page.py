"""The web page's requests: ``/``, ``/deadlines`` (the calculator), ``/check`` (an upload).

Role: request handling; the HTML comes from :mod:`~complaintcode.server.forms` and
:mod:`~complaintcode.server.sections`. The page works without JavaScript
(``/static/page.js`` only adds dropping a file on the upload area). Nothing is stored: an
upload is read in memory and forgotten once the page is sent.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncGenerator, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.errors import ComplaintCodeError
from complaintcode.records import ColumnMap
from complaintcode.records.tables import is_workbook
from complaintcode.server.api import deadlines_body
from complaintcode.server.exports import check_upload
from complaintcode.server.forms import (
    calculator_result,
    error_summary,
    frame,
    home_body,
    upload_form,
)
from complaintcode.server.requests import BadRequest
from complaintcode.server.sections import results_page

__all__ = ["routes"]

_CALCULATOR_FIELDS = {
    "/received": "received",
    "/stage": "stage",
    "/stage1_received": "stage1_received",
    "/acknowledged": "acknowledged",
    "/edition": "edition",
    "/cutoff": "cutoff",
    "/extensions/0/notified": "ext_notified",
    "/extensions/0/working_days": "ext_days",
    "/extensions/0/reason": "ext_reason",
    "/extensions/0": "ext_notified",
}


def _calculator_request(values: dict[str, str]) -> dict[str, Any]:
    received = values.get("received", "")
    if values.get("time"):
        received = f"{received}T{values['time']}:00" if len(values["time"]) == 5 else received
    request: dict[str, Any] = {"received": received, "stage": _whole(values.get("stage", "1"))}
    for name in ("stage1_received", "acknowledged", "edition", "cutoff"):
        if values.get(name):
            request[name] = values[name]
    if any(values.get(n) for n in ("ext_notified", "ext_days", "ext_reason")):
        request["extensions"] = [
            {
                "notified": values.get("ext_notified", ""),
                "working_days": _whole(values.get("ext_days", "")),
                "reason": values.get("ext_reason", ""),
            }
        ]
    return request


def _whole(text: str) -> int | str:
    return int(text) if text.strip().isdigit() else text


async def home(request: Request) -> Response:
    """``GET /``: the calculator and the upload form."""
    return frame("Complaint deadlines and checks", home_body({}, {}))


async def deadlines(request: Request, calendar: WorkingDayCalendar) -> Response:
    """``GET /deadlines``: the calculator's answer (or its errors) above the forms."""
    values = {k: v.strip() for k, v in request.query_params.items()}
    errors: dict[str, str] = {}
    if not values.get("received"):
        errors["received"] = "Enter the date the complaint was received"
    if values.get("time") and len(values["time"]) != 5:
        errors["time"] = "Enter the time as hours and minutes, such as 17:30"
    if not errors:
        try:
            record = deadlines_body(_calculator_request(values), calendar)
        except BadRequest as exc:
            for pointer, message in exc.problems:
                errors.setdefault(_CALCULATOR_FIELDS.get(pointer, "received"), message)
        else:
            return frame("Deadlines", home_body(values, {}, calculator_result(record)))
    return frame("Deadlines: check your entries", home_body(values, errors), status=422)


# -- checking an export -----------------------------------------------------------------------


def _parser(limit: int) -> type[MultiPartParser]:
    """A multipart parser that keeps uploads in memory, never in a temporary file."""
    return type("InMemoryParser", (MultiPartParser,), {"spool_max_size": limit})


def _read_columns(data: bytes) -> ColumnMap:
    # ColumnMap reads a file: it is written to a private temporary folder only while being
    # read (a column map holds column names, not complaints), then deleted.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "columns.toml"
        path.write_bytes(data)
        return ColumnMap.from_toml(path)


def _date_field(value: str, name: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else date.fromisoformat("x")
    except ValueError:
        errors[name] = f"Enter a date such as 2024-03-31; got {value!r}"
        return None


def _upload_errors(errors: dict[str, str], values: dict[str, str]) -> Response:
    body = (
        "<h1>Complaint deadlines and checks</h1>"
        + error_summary(errors, "The export could not be checked")
        + upload_form(values, errors)
    )
    return frame("Check your export: there is a problem", body, status=422)


async def upload(request: Request, calendar: WorkingDayCalendar, limit: int) -> Response:
    """``POST /check``: check the uploaded export in memory and show the results."""
    kind = request.headers.get("content-type", "")
    if not kind.startswith("multipart/form-data"):
        return _upload_errors({"export": "Send the form with a file"}, {})
    body = await request.body()

    async def stream() -> AsyncGenerator[bytes, None]:
        yield body
        yield b""

    try:
        form = await _parser(limit)(request.headers, stream(), max_files=2, max_fields=10).parse()
    except MultiPartException as exc:
        return _upload_errors({"export": f"The upload could not be read: {exc.message}"}, {})
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
    errors: dict[str, str] = {}
    upload_file = form.get("export")
    data = await upload_file.read() if isinstance(upload_file, UploadFile) else b""
    if not data:
        errors["export"] = "Choose the export (a CSV file or an Excel workbook) to check"
    as_of = _date_field(values.get("as_of", ""), "as_of", errors)
    year_text = values.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2098 else None
    if year_text and year is None:
        errors["year"] = f"Enter a financial year such as 2023; got {year_text!r}"
    columns = None
    column_file = form.get("columns")
    column_data = await column_file.read() if isinstance(column_file, UploadFile) else b""
    if column_data:
        try:
            columns = _read_columns(column_data)
        except ComplaintCodeError as exc:
            errors["columns"] = str(exc).replace(tempfile.gettempdir(), "…")
    export: str | bytes = data  # a workbook (recognised by its content) is read as bytes
    if data and not is_workbook(data[:4]):
        try:
            export = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            errors["export"] = (
                f"The file is not UTF-8 text (byte {exc.start + 1:,} cannot be read): save it "
                "as CSV UTF-8, or upload the Excel workbook itself"
            )
    if errors:
        return _upload_errors(errors, values)
    try:
        results = await run_in_threadpool(
            check_upload,
            export,
            columns=columns,
            date_format=values.get("date_format") or None,
            as_of=as_of,
            year=year,
            calendar=calendar,
        )
    except ComplaintCodeError as exc:
        return _upload_errors({"export": str(exc)}, values)
    return frame("Your export, checked", results_page(results, as_of))


def routes(calendar: WorkingDayCalendar, limit: int) -> Iterable[Route]:
    """The page's routes: ``/``, ``/deadlines`` and ``/check``."""

    async def deadlines_endpoint(request: Request) -> Response:
        return await deadlines(request, calendar)

    async def upload_endpoint(request: Request) -> Response:
        return await upload(request, calendar, limit)

    return [
        Route("/", home, methods=["GET"]),
        Route("/deadlines", deadlines_endpoint, methods=["GET"]),
        Route("/check", upload_endpoint, methods=["POST"]),
    ]
