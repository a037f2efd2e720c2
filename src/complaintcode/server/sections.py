"""HTML of a checked export: counts, download, rejected rows, findings, work queue, annual table.

Role: rendering only (no request handling); the figures come from
:func:`complaintcode.server.exports.check_upload`.
"""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

from complaintcode._text import counted
from complaintcode.editions import citation
from complaintcode.results import Assessment, Severity
from complaintcode.rules import RULES
from complaintcode.server.exports import SHOWN, ExportResults
from complaintcode.server.forms import escape, long_date

__all__ = ["results_page"]


def _counts_section(results: ExportResults, as_of: date | None) -> str:
    counts = results.summary
    unit = counts.unit
    share = counts.rejected / counts.records if counts.records else 0
    warning = ""
    if counts.rows == 0:
        warning = '<p class="warning" role="alert">Warning: the file has no data rows.</p>'
    elif share > 0.01:
        warning = (
            f'<p class="warning" role="alert">Warning: {counts.rejected:,} of '
            f"{counts.records:,} {unit}s ({share:.1%}) could not be read, and every figure "
            "below leaves them out. Fix them (see the list) before relying on the figures.</p>"
        )
    records = (
        # One row per stage: a complaint's rows make one record, so both are counted.
        '<div><dt>Records (a complaint\'s rows joined)</dt><dd data-count="records">'
        f"{counts.records:,}</dd></div>"
        if counts.joined
        else ""
    )
    judged = (
        f"Open complaints were judged as at {long_date(as_of.isoformat())}."
        if as_of is not None
        else "Open complaints were not judged against a date (give one for the work queue)."
    )
    breaches, advisories = counts.breaches_by_rule, counts.advisories_by_rule
    rules = "".join(
        f'<tr><th scope="row"><code>{escape(r)}</code></th><td>{escape(RULES[r])}</td>'
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
    separated = (
        f'<p id="separated">The cells were separated by {escape(results.separated)}.</p>'
        if results.separated
        else ""
    )
    return f"""
<section aria-labelledby="summary-title">
<h2 id="summary-title">Summary</h2>
{warning}{separated}
<dl class="counts" id="counts">
<div><dt>Rows read</dt><dd data-count="rows">{counts.rows:,}</dd></div>{records}
<div><dt>Complaints checked</dt><dd data-count="checked">{counts.checked:,}</dd></div>
<div><dt>{unit.capitalize()}s rejected</dt><dd data-count="rejected">{counts.rejected:,}</dd></div>
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
        f"(CSV, {counted(results.summary.records, 'row')})</a></p></section>"
    )


def _rejections(results: ExportResults) -> str:
    rejected = results.summary.rejected
    if not rejected:
        return ""
    rows = "".join(
        f"<tr><td>{e.row}</td><td>{escape(e.reference or '')}</td><td>{escape(e.field or '')}</td>"
        f"<td>{escape(e.message)}</td></tr>"
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
            f"<code>{escape(f.rule)}</code> ({escape(citation(f.edition, f.provision))}): "
            f"{escape(f.message)}</li>"
            for f in a.findings
        )
        rows.append(
            f'<tr><th scope="row">{escape(a.reference)}</th><td>{_verdict(a)}</td>'
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
        f"<tr><td>{escape(a.state.value.capitalize())}</td>"
        f'<td><time datetime="{a.due.isoformat()}">{long_date(a.due.isoformat())}</time></td>'
        f"<td>{escape(a.reference)}</td><td>{'' if a.stage is None else a.stage}</td>"
        f"<td>{escape(a.kind.label.capitalize())}</td><td>{escape(a.basis)}</td></tr>"
        for a in results.queue
    )
    more = f" The first {SHOWN} are listed." if results.queue_size > SHOWN else ""
    return f"""
<section aria-labelledby="queue-title">
<h2 id="queue-title">Work queue as at {long_date(as_of.isoformat())}</h2>
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
<h2 id="annual-title">Annual table: {escape(period["label"])}</h2>
<p>Stages received in the year; open ones judged as at {long_date(judged)}.</p>
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


def results_page(results: ExportResults, as_of: date | None) -> str:
    """Every section of a checked export's page, in reading order."""
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
