"""The web page at ``/``: a deadline calculator, and checking an uploaded export.

Server-rendered HTML that works without JavaScript (``/static/page.js`` only adds
dropping a file on the upload area). Every control has a label, errors are listed at the
top with links to their fields, and states are written in words, never shown by colour
alone. Nothing is stored: an upload is read in memory and forgotten once the page is sent.
"""

from __future__ import annotations

import base64
import html
import tempfile
from collections.abc import AsyncGenerator, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from complaintcode.calendar import WorkingDayCalendar
from complaintcode.errors import ComplaintCodeError
from complaintcode.records import ColumnMap
from complaintcode.results import Assessment, Severity
from complaintcode.rules import RULES
from complaintcode.server.api import deadlines_body
from complaintcode.server.exports import SHOWN, ExportResults, check_upload
from complaintcode.server.requests import BadRequest

__all__ = ["routes"]

_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    text = f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)} · complaintcode</title>
<link rel="stylesheet" href="/static/page.css">
<script src="/static/page.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header><p class="brand"><a href="/">complaintcode</a>: the Housing Ombudsman's Complaint
Handling Code, worked out for you</p></header>
<main id="main" tabindex="-1">
{body}
</main>
<footer><p>Nothing you enter or upload is kept: it is checked in memory and forgotten when
this page is sent. Deadlines count working days (Monday to Friday, less the bank holidays
of England and Wales).</p></footer>
</body>
</html>
"""
    return HTMLResponse(text, status_code=status, headers=_SECURITY_HEADERS)


# -- the deadline calculator ------------------------------------------------------------------

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


def _field(
    name: str,
    label: str,
    kind: str,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    hint: str = "",
    extra: str = "",
) -> str:
    hint_id = f"{name}-hint"
    error_id = f"{name}-error"
    described = " ".join(
        i for i, present in ((hint_id, hint), (error_id, name in errors)) if present
    )
    aria = f' aria-describedby="{described}"' if described else ""
    invalid = ' aria-invalid="true"' if name in errors else ""
    parts = [f'<div class="field{" has-error" if name in errors else ""}">']
    parts.append(f'<label for="{name}">{_e(label)}</label>')
    if hint:
        parts.append(f'<p class="hint" id="{hint_id}">{hint}</p>')
    if name in errors:
        parts.append(f'<p class="error" id="{error_id}">Error: {_e(errors[name])}</p>')
    parts.append(
        f'<input id="{name}" name="{name}" type="{kind}" value="{_e(values.get(name, ""))}"'
        f"{aria}{invalid}{extra}>"
    )
    parts.append("</div>")
    return "\n".join(parts)


def _select(name: str, label: str, options: list[tuple[str, str]], chosen: str) -> str:
    items = "".join(
        f'<option value="{_e(v)}"{" selected" if v == chosen else ""}>{_e(text)}</option>'
        for v, text in options
    )
    return (
        f'<div class="field"><label for="{name}">{_e(label)}</label>'
        f'<select id="{name}" name="{name}">{items}</select></div>'
    )


def _calculator(values: dict[str, str], errors: dict[str, str]) -> str:
    f = _field
    return f"""
<section aria-labelledby="calc-title">
<h2 id="calc-title">Work out the deadlines</h2>
<form method="get" action="/deadlines" novalidate>
<fieldset>
<legend>The complaint</legend>
{_select("stage", "Stage", [("1", "Stage 1 (a new complaint)"), ("2", "Stage 2 (an escalation)")], values.get("stage", "1"))}
{f("received", "Date received", "date", values, errors, hint="At stage 2, the day the escalation request arrived.", extra=" required")}
{f("time", "Time received (optional)", "time", values, errors, hint="With a cut-off below, a complaint at or after it starts the clock the next working day.")}
{f("cutoff", "Out-of-hours cut-off (optional)", "time", values, errors)}
{f("stage1_received", "For stage 2: date stage 1 was received", "date", values, errors, hint="Chooses the edition of the Code.")}
{f("acknowledged", "Date acknowledged (optional)", "date", values, errors, hint="The 2022 and 2024 Codes count the response from the acknowledgement.")}
{_select("edition", "Edition of the Code", [("", "The one in force when stage 1 was received"), ("2024", "2024 Code"), ("2022", "2022 Code"), ("2020", "2020 Code")], values.get("edition", ""))}
</fieldset>
<fieldset>
<legend>An extension (optional)</legend>
{f("ext_notified", "Date the resident was told", "date", values, errors)}
{f("ext_days", "Working days added", "number", values, errors, extra=' min="1" step="1" inputmode="numeric"')}
{f("ext_reason", "Reason given", "text", values, errors)}
</fieldset>
<button type="submit">Work out the deadlines</button>
</form>
</section>"""  # noqa: E501


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


def _deadline_rows(record: dict[str, Any]) -> str:
    rows = []
    for key, label in (
        ("acknowledge_by", "Acknowledge by"),
        ("respond_by", "Respond by"),
        ("extended_respond_by", "Respond by, as extended"),
    ):
        deadline = record[key]
        if deadline is None:
            continue
        due = date.fromisoformat(deadline["due"])
        skipped = deadline["skipped"]
        holidays = "; ".join(f"{_e(d['name'])} ({_long(d['day'])})" for d in skipped) or "none"
        rows.append(
            f'<tr><th scope="row">{label}</th>'
            f'<td class="due"><time datetime="{due}">{_long(due.isoformat())}</time></td>'
            f"<td>{_e(deadline['explanation'])}</td><td>{_e(deadline['citation'])}</td>"
            f"<td>{holidays}</td></tr>"
        )
    return "\n".join(rows)


def _long(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day:%A} {day.day} {day:%B %Y}"


def _calculator_result(record: dict[str, Any]) -> str:
    if not any(record[k] for k in ("acknowledge_by", "respond_by")):
        return '<p id="result">This edition sets no deadlines for that stage.</p>'
    days = ", ".join(
        f"{_long(d['day'])} ({_e(d['name'])})"
        for d in record["non_working_days"]
        if d["name"] not in ("Saturday", "Sunday")
    )
    starts = record["clock_starts"]
    return f"""
<section id="result" aria-labelledby="result-title" tabindex="-1">
<h2 id="result-title">Deadlines: stage {record["stage"]}, {record["edition"]} Code</h2>
<p>The clock starts on {_long(starts)}.</p>
<div class="scroll" role="region" aria-labelledby="result-title" tabindex="0">
<table>
<caption>Each deadline, what it is counted from, and the provision</caption>
<thead><tr><th scope="col">Deadline</th><th scope="col">Date</th><th scope="col">Counted</th>
<th scope="col">Provision</th><th scope="col">Bank holidays and closures skipped</th></tr></thead>
<tbody>
{_deadline_rows(record)}
</tbody>
</table>
</div>
<p>Bank holidays on the way: {days or "none"}. Weekends never count.</p>
</section>"""


def _error_summary(problems: dict[str, str], title: str = "There is a problem") -> str:
    if not problems:
        return ""
    items = "".join(f'<li><a href="#{_e(k)}">{_e(v)}</a></li>' for k, v in problems.items())
    return (
        f'<div class="error-summary" role="alert" aria-labelledby="error-title" tabindex="-1">'
        f'<h2 id="error-title">{_e(title)}</h2><ul>{items}</ul></div>'
    )


def _upload_form(values: dict[str, str], errors: dict[str, str]) -> str:
    return f"""
<section aria-labelledby="upload-title">
<h2 id="upload-title">Check your export</h2>
<p>A CSV file (or an Excel workbook) from your case system or spreadsheet, one row per
complaint with the <a href="https://github.com/complaintcode/complaintcode/tree/main/docs/how-to/check-your-export.md">documented columns</a>,
or with a column map that names your own columns.</p>
<form method="post" action="/check" enctype="multipart/form-data">
<div class="field drop{" has-error" if "export" in errors else ""}" id="drop">
<label for="export">Export file (.csv or .xlsx)</label>
<p class="hint" id="export-hint">Choose the file, or drop it here.</p>
{f'<p class="error" id="export-error">Error: {_e(errors["export"])}</p>' if "export" in errors else ""}
<input id="export" name="export" type="file" accept=".csv,.xlsx,text/csv" required aria-describedby="export-hint{" export-error" if "export" in errors else ""}">
</div>
<div class="field{" has-error" if "columns" in errors else ""}">
<label for="columns">Column map (optional, .toml)</label>
{f'<p class="error" id="columns-error">Error: {_e(errors["columns"])}</p>' if "columns" in errors else ""}
<input id="columns" name="columns" type="file" accept=".toml">
</div>
{_select("date_format", "Dates in the file", [("", "ISO (2024-05-07), or as the column map says"), ("dd/mm/yyyy", "Day first (07/05/2024)")], values.get("date_format", ""))}
{_field("as_of", "Judge open complaints as at (optional)", "date", values, errors, hint="Needed for the work queue: what is overdue or due on that day.")}
{_field("year", "Financial year for the annual table (optional)", "number", values, errors, hint="2023 means April 2023 to March 2024.", extra=' min="2020" max="2098" step="1" inputmode="numeric"')}
<button type="submit">Check the export</button>
</form>
</section>"""  # noqa: E501


def _home(values: dict[str, str], errors: dict[str, str], result: str = "") -> str:
    summary = _error_summary(
        {
            name: message
            for name, message in errors.items()
            if name not in ("export", "columns", "as_of", "year")
        }
    )
    return (
        "<h1>Complaint deadlines and checks</h1>"
        + summary
        + result
        + _calculator(values, errors)
        + _upload_form({}, {})
    )


async def home(request: Request) -> Response:
    """``GET /``: the calculator and the upload form."""
    return _page("Complaint deadlines and checks", _home({}, {}))


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
            return _page("Deadlines", _home(values, {}, _calculator_result(record)))
    return _page("Deadlines: check your entries", _home(values, errors), status=422)


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


def _counts_section(results: ExportResults, as_of: date | None) -> str:
    counts = results.summary
    share = counts.rejected / counts.rows if counts.rows else 0
    warning = ""
    if counts.rows == 0:
        warning = '<p class="warning" role="alert">Warning: the file has no data rows.</p>'
    elif share > 0.01:
        warning = (
            f'<p class="warning" role="alert">Warning: {counts.rejected:,} of '
            f"{counts.rows:,} rows ({share:.1%}) could not be read, and every figure below "
            "leaves them out. Fix them (see the list) before relying on the figures.</p>"
        )
    judged = (
        f"Open complaints were judged as at {_long(as_of.isoformat())}."
        if as_of is not None
        else "Open complaints were not judged against a date (give one for the work queue)."
    )
    breaches, advisories = counts.breaches_by_rule, counts.advisories_by_rule
    rules = "".join(
        f'<tr><th scope="row"><code>{_e(r)}</code></th><td>{_e(RULES[r])}</td>'
        f"<td>{breaches[r]:,}</td><td>{advisories[r]:,}</td></tr>"
        for r in RULES
        if breaches[r] or advisories[r]
    )
    table = (
        '<div class="scroll" role="region" aria-labelledby="rules-caption" tabindex="0"><table>'
        '<caption id="rules-caption">Findings by rule</caption><thead><tr>'
        '<th scope="col">Rule</th><th scope="col">Meaning</th><th scope="col">Breaches</th>'
        f'<th scope="col">Advisory</th></tr></thead><tbody>{rules}</tbody></table></div>'
        if rules
        else "<p>No findings.</p>"
    )
    return f"""
<section aria-labelledby="summary-title">
<h2 id="summary-title">Summary</h2>
{warning}
<dl class="counts" id="counts">
<div><dt>Rows read</dt><dd data-count="rows">{counts.rows:,}</dd></div>
<div><dt>Complaints checked</dt><dd data-count="checked">{counts.checked:,}</dd></div>
<div><dt>Rows rejected</dt><dd data-count="rejected">{counts.rejected:,}</dd></div>
<div><dt>No findings</dt><dd data-count="no_findings">{counts.compliant:,}</dd></div>
<div><dt>With breaches</dt><dd data-count="with_breaches">{counts.with_breaches:,}</dd></div>
<div><dt>Advisory findings only</dt>
<dd data-count="advisory_only">{counts.advisory_only:,}</dd></div>
</dl>
<p>{judged}</p>
{table}
</section>"""


def _download(results: ExportResults) -> str:
    encoded = base64.b64encode(results.csv_text.encode("utf-8-sig")).decode("ascii")
    return (
        '<section aria-labelledby="download-title"><h2 id="download-title">Results file</h2>'
        f'<p><a class="button" id="download" download="complaintcode-results.csv" '
        f'href="data:text/csv;base64,{encoded}">Download the results for every complaint '
        f"(CSV, {results.summary.rows:,} rows)</a></p></section>"
    )


def _rejections(results: ExportResults) -> str:
    rejected = results.summary.rejected
    if not rejected:
        return ""
    rows = "".join(
        f"<tr><td>{e.row}</td><td>{_e(e.reference or '')}</td><td>{_e(e.field or '')}</td>"
        f"<td>{_e(e.message)}</td></tr>"
        for e in results.rejections
    )
    more = (
        f"<p>The first {SHOWN} are listed; the results file has all {rejected:,}.</p>"
        if rejected > SHOWN
        else ""
    )
    return f"""
<section aria-labelledby="rejected-title">
<h2 id="rejected-title">Rows that could not be read ({rejected:,})</h2>
<div class="scroll" role="region" aria-labelledby="rejected-title" tabindex="0">
<table id="rejected"><thead><tr><th scope="col">Row</th><th scope="col">Reference</th>
<th scope="col">Column</th><th scope="col">Problem</th></tr></thead><tbody>{rows}</tbody></table>
</div>{more}</section>"""


def _verdict(assessment: Assessment) -> str:
    breaches = len(assessment.breaches)
    if breaches:
        return f"Breach{'es' if breaches > 1 else ''}: {breaches}"
    return "Advisory only"


def _findings(results: ExportResults) -> str:
    if not results.findings:
        return ""
    rows = []
    for a in results.findings:
        items = "".join(
            f"<li><strong>{'Breach' if f.severity is Severity.BREACH else 'Advisory'}</strong> "
            f"<code>{_e(f.rule)}</code> ({_e(f.edition)} Code {_e(f.provision)}): "
            f"{_e(f.message)}</li>"
            for f in a.findings
        )
        rows.append(
            f'<tr><th scope="row">{_e(a.reference)}</th><td>{_verdict(a)}</td>'
            f"<td><ul>{items}</ul></td></tr>"
        )
    with_findings = results.summary.with_breaches + results.summary.advisory_only
    more = (
        f"<p>The first {SHOWN} complaints with findings are listed; the results file has all "
        f"{with_findings:,}.</p>"
        if with_findings > SHOWN
        else ""
    )
    return f"""
<section aria-labelledby="findings-title">
<h2 id="findings-title">Findings by complaint</h2>
<div class="scroll" role="region" aria-labelledby="findings-title" tabindex="0">
<table id="findings"><thead><tr><th scope="col">Reference</th><th scope="col">Verdict</th>
<th scope="col">Findings</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>{more}
</section>"""


def _queue(results: ExportResults, as_of: date | None) -> str:
    if as_of is None:
        return ""
    rows = "".join(
        f"<tr><td>{_e(a.state.value.capitalize())}</td>"
        f'<td><time datetime="{a.due.isoformat()}">{_long(a.due.isoformat())}</time></td>'
        f"<td>{_e(a.reference)}</td><td>{'' if a.stage is None else a.stage}</td>"
        f"<td>{_e(a.kind.label.capitalize())}</td><td>{_e(a.basis)}</td></tr>"
        for a in results.queue
    )
    more = f" The first {SHOWN} are listed." if results.queue_size > SHOWN else ""
    return f"""
<section aria-labelledby="queue-title">
<h2 id="queue-title">Work queue as at {_long(as_of.isoformat())}</h2>
<p>{results.queue_size:,} actions owed on open complaints, {results.overdue:,} of them
overdue; overdue first, then by date.{more}</p>
<div class="scroll" role="region" aria-labelledby="queue-title" tabindex="0">
<table id="queue"><thead><tr><th scope="col">State</th><th scope="col">Due</th>
<th scope="col">Reference</th><th scope="col">Stage</th><th scope="col">Action</th>
<th scope="col">Basis</th></tr></thead><tbody>{rows}</tbody></table></div>
</section>"""


def _annual(results: ExportResults, as_of: date | None) -> str:
    summary = results.report
    if summary is None:
        return ""
    from complaintcode.documents import report_record

    record = report_record(summary)
    labels = (
        ("received", "Received"),
        ("completed_on_time", "Completed on time"),
        ("late", "Completed late"),
        ("overdue", "Overdue"),
        ("open", "Open (not yet due)"),
        ("upheld", "Upheld"),
        ("partly_upheld", "Partly upheld"),
        ("not_upheld", "Not upheld"),
        ("withdrawn", "Withdrawn"),
    )
    stages = [r for r in record["stages"] if r["group"] == "All"]
    head = "".join(f'<th scope="col">Stage {r["stage"]}</th>' for r in stages)
    body = "".join(
        f'<tr><th scope="row">{label}</th>'
        + "".join(f"<td>{r[key]:,}</td>" for r in stages)
        + "</tr>"
        for key, label in labels
    )
    body += (
        '<tr><th scope="row">% completed on time</th>'
        + "".join(f"<td>{_percent(r['percent_completed_on_time'])}</td>" for r in stages)
        + "</tr>"
    )
    period = record["period"]
    judged = as_of.isoformat() if as_of is not None else period["end"]
    return f"""
<section aria-labelledby="annual-title">
<h2 id="annual-title">Annual table: {_e(period["label"])}</h2>
<p>Stages received in the year; open ones judged as at {_long(judged)}.</p>
<div class="scroll" role="region" aria-labelledby="annual-title" tabindex="0">
<table id="annual"><thead><tr><th scope="col">Measure</th>{head}</tr></thead>
<tbody>{body}</tbody></table></div>
<p>Escalation rate: {_percent(record["escalation_rate"])}.
CH02 (responded to within the Code's timescales): stage 1 {_percent(record["ch02"][0])},
stage 2 {_percent(record["ch02"][1])}.</p>
</section>"""


def _percent(value: dict[str, Any]) -> str:
    if value["value"] is None:
        return "– (none to count)"
    return f"{value['value']}% ({value['numerator']:,} of {value['denominator']:,})"


def _results_page(results: ExportResults, as_of: date | None) -> str:
    return (
        '<h1 id="results-title">Your export, checked</h1>'
        + _counts_section(results, as_of)
        + _download(results)
        + _rejections(results)
        + _findings(results)
        + _queue(results, as_of)
        + _annual(results, as_of)
        + '<p><a href="/">Check another file or work out a deadline</a></p>'
    )


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
        + _error_summary(errors, "The export could not be checked")
        + _upload_form(values, errors)
    )
    return _page("Check your export: there is a problem", body, status=422)


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
    export = form.get("export")
    data = await export.read() if isinstance(export, UploadFile) else b""
    if not data:
        errors["export"] = "Choose a CSV file to check"
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
    text = ""
    if data.startswith(b"PK\x03\x04"):
        errors["export"] = (
            "This is an Excel workbook; this service reads CSV. In Excel choose "
            "File › Save As › CSV UTF-8, and upload that file"
        )
    elif data:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            errors["export"] = (
                f"The file is not UTF-8 text (byte {exc.start + 1:,} cannot be read): save it "
                "as CSV UTF-8"
            )
    if errors:
        return _upload_errors(errors, values)
    try:
        results = await run_in_threadpool(
            check_upload,
            text,
            columns=columns,
            date_format=values.get("date_format") or None,
            as_of=as_of,
            year=year,
            calendar=calendar,
        )
    except ComplaintCodeError as exc:
        return _upload_errors({"export": str(exc)}, values)
    return _page("Your export, checked", _results_page(results, as_of))


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
