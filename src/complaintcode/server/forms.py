"""HTML of the web page: its frame, the calculator and upload forms, the calculator's answer.

Role: rendering only (no request handling). Every control has a label, errors are listed
at the top with links to their fields, and states are written in words, never shown by
colour alone.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from starlette.responses import HTMLResponse

__all__ = [
    "SECURITY_HEADERS",
    "calculator",
    "calculator_result",
    "error_summary",
    "escape",
    "field",
    "frame",
    "home_body",
    "long_date",
    "refused_page",
    "select",
    "upload_form",
]

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def escape(value: object) -> str:
    """Text made safe for HTML (``None`` as empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def frame(title: str, body: str, status: int = 200) -> HTMLResponse:
    """A whole page: header, skip link and footer around ``body``, with security headers."""
    text = f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · complaintcode</title>
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
    return HTMLResponse(text, status_code=status, headers=SECURITY_HEADERS)


# -- the deadline calculator ------------------------------------------------------------------


def field(
    name: str,
    label: str,
    kind: str,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    hint: str = "",
    extra: str = "",
) -> str:
    """An input with its label, hint and error, the error tied to it for screen readers."""
    hint_id = f"{name}-hint"
    error_id = f"{name}-error"
    described = " ".join(
        i for i, present in ((hint_id, hint), (error_id, name in errors)) if present
    )
    aria = f' aria-describedby="{described}"' if described else ""
    invalid = ' aria-invalid="true"' if name in errors else ""
    parts = [f'<div class="field{" has-error" if name in errors else ""}">']
    parts.append(f'<label for="{name}">{escape(label)}</label>')
    if hint:
        parts.append(f'<p class="hint" id="{hint_id}">{hint}</p>')
    if name in errors:
        parts.append(f'<p class="error" id="{error_id}">Error: {escape(errors[name])}</p>')
    parts.append(
        f'<input id="{name}" name="{name}" type="{kind}" value="{escape(values.get(name, ""))}"'
        f"{aria}{invalid}{extra}>"
    )
    parts.append("</div>")
    return "\n".join(parts)


def select(name: str, label: str, options: list[tuple[str, str]], chosen: str) -> str:
    """A drop-down list with its label; ``chosen`` is selected."""
    items = "".join(
        f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>{escape(text)}</option>'
        for v, text in options
    )
    return (
        f'<div class="field"><label for="{name}">{escape(label)}</label>'
        f'<select id="{name}" name="{name}">{items}</select></div>'
    )


def calculator(values: dict[str, str], errors: dict[str, str]) -> str:
    """The deadline calculator's form, with the values and errors of the last try."""
    f = field
    return f"""
<section aria-labelledby="calc-title">
<h2 id="calc-title">Work out the deadlines</h2>
<form method="get" action="/deadlines" novalidate>
<fieldset>
<legend>The complaint</legend>
{select("stage", "Stage", [("1", "Stage 1 (a new complaint)"), ("2", "Stage 2 (an escalation)")], values.get("stage", "1"))}
{f("received", "Date received", "date", values, errors, hint="At stage 2, the day the escalation request arrived.", extra=" required")}
{f("time", "Time received (optional)", "time", values, errors, hint="With a cut-off below, a complaint at or after it starts the clock the next working day.")}
{f("cutoff", "Out-of-hours cut-off (optional)", "time", values, errors)}
{f("stage1_received", "For stage 2: date stage 1 was received", "date", values, errors, hint="Chooses the edition of the Code.")}
{f("acknowledged", "Date acknowledged (optional)", "date", values, errors, hint="The 2022 and 2024 Codes count the response from the acknowledgement.")}
{select("edition", "Edition of the Code", [("", "The one in force when stage 1 was received"), ("2024", "2024 Code"), ("2022", "2022 Code"), ("2020", "2020 Code")], values.get("edition", ""))}
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
        holidays = (
            "; ".join(f"{escape(d['name'])} ({long_date(d['day'])})" for d in skipped) or "none"
        )
        rows.append(
            f'<tr><th scope="row">{label}</th>'
            f'<td class="due"><time datetime="{due}">{long_date(due.isoformat())}</time></td>'
            f"<td>{escape(deadline['explanation'])}</td><td>{escape(deadline['citation'])}</td>"
            f"<td>{holidays}</td></tr>"
        )
    return "\n".join(rows)


def long_date(iso: str) -> str:
    """An ISO date written out in full: ``Monday 8 May 2023``."""
    day = date.fromisoformat(iso)
    return f"{day:%A} {day.day} {day:%B %Y}"


def calculator_result(record: dict[str, Any]) -> str:
    """The calculator's answer: every deadline with what it counts from and its provision."""
    if not any(record[k] for k in ("acknowledge_by", "respond_by")):
        return '<p id="result">This edition sets no deadlines for that stage.</p>'
    days = ", ".join(
        f"{long_date(d['day'])} ({escape(d['name'])})"
        for d in record["non_working_days"]
        if d["name"] not in ("Saturday", "Sunday")
    )
    starts = record["clock_starts"]
    return f"""
<section id="result" aria-labelledby="result-title" tabindex="-1">
<h2 id="result-title">Deadlines: stage {record["stage"]}, {record["edition"]} Code</h2>
<p>The clock starts on {long_date(starts)}.</p>
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


def error_summary(problems: dict[str, str], title: str = "There is a problem") -> str:
    """The list of problems at the top of a page, each linking to its field."""
    if not problems:
        return ""
    items = "".join(f'<li><a href="#{escape(k)}">{escape(v)}</a></li>' for k, v in problems.items())
    return (
        f'<div class="error-summary" role="alert" aria-labelledby="error-title" tabindex="-1">'
        f'<h2 id="error-title">{escape(title)}</h2><ul>{items}</ul></div>'
    )


def refused_page(status: int, message: str) -> HTMLResponse:
    """A refusal (such as an upload over the size limit) as a page, for a browser."""
    body = (
        "<h1>Complaint deadlines and checks</h1>"
        + error_summary({"export": message}, "The request was refused")
        + '<p><a href="/">Back to the forms</a></p>'
    )
    return frame("Refused", body, status=status)


def upload_form(values: dict[str, str], errors: dict[str, str]) -> str:
    """The upload form (an export, an optional column map, a date and a year)."""
    return f"""
<section aria-labelledby="upload-title">
<h2 id="upload-title">Check your export</h2>
<p>A CSV file or an Excel workbook from your case system or spreadsheet, one row per
complaint with the <a href="https://github.com/complaintcode/complaintcode/tree/main/docs/how-to/check-your-export.md">documented columns</a>,
or with a column map that names your own columns.</p>
<form method="post" action="/check" enctype="multipart/form-data">
<div class="field drop{" has-error" if "export" in errors else ""}" id="drop">
<label for="export">Export file (.csv or .xlsx)</label>
<p class="hint" id="export-hint">Choose the file, or drop it here. A workbook is read from
its first sheet, unless the column map names another (<code>sheet</code>, <code>header_row</code>).
A CSV file's cells may be separated by commas, semicolons, tabs or pipes: which one is found
from its first rows, unless the column map says (<code>delimiter</code>).</p>
{f'<p class="error" id="export-error">Error: {escape(errors["export"])}</p>' if "export" in errors else ""}
<input id="export" name="export" type="file" accept=".csv,.tsv,.txt,.xlsx,.xls,.ods,text/csv,text/tab-separated-values" required aria-describedby="export-hint{" export-error" if "export" in errors else ""}">
</div>
<div class="field{" has-error" if "columns" in errors else ""}">
<label for="columns">Column map (optional, .toml)</label>
{f'<p class="error" id="columns-error">Error: {escape(errors["columns"])}</p>' if "columns" in errors else ""}
<input id="columns" name="columns" type="file" accept=".toml">
</div>
{select("date_format", "Dates in the file", [("", "ISO (2024-05-07), or as the column map says"), ("dd/mm/yyyy", "Day first (07/05/2024)")], values.get("date_format", ""))}
{field("as_of", "Judge open complaints as at (optional)", "date", values, errors, hint="Needed for the work queue: what is overdue or due on that day.")}
{field("year", "Financial year for the annual table (optional)", "number", values, errors, hint="2023 means April 2023 to March 2024.", extra=' min="2020" max="2098" step="1" inputmode="numeric"')}
<button type="submit">Check the export</button>
</form>
</section>"""  # noqa: E501


def home_body(values: dict[str, str], errors: dict[str, str], result: str = "") -> str:
    """The home page's content: any errors, a result, then both forms."""
    summary = error_summary(
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
        + calculator(values, errors)
        + upload_form({}, {})
    )
