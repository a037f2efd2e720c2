"""The web page's forms over plain HTTP: every refusal names the field and the value sent.

The browser tests (test_server_page.py) drive the page as a person does; these send what a
browser would, including what the page's own controls never send (a mistyped time, a form
without a file), and read the answer's HTML.
"""

from __future__ import annotations

import html
import uuid
from urllib.parse import urlencode

from .conftest import Service


def _page(service: Service, path: str, **query: str) -> tuple[int, str]:
    status, _, body = service.request("GET", f"{path}?{urlencode(query)}")
    return status, html.unescape(body.decode())


def _upload(service: Service, files: dict[str, bytes], fields: dict[str, str]) -> tuple[int, str]:
    """POST /check as multipart/form-data, as the upload form sends it."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, data in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{name}.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    status, _, answer = service.request("POST", "/check", body, headers)
    return status, html.unescape(answer.decode())


# -- the calculator -----------------------------------------------------------------------------


def test_the_calculator_counts_from_the_time_and_the_extension_given(service: Service) -> None:
    """2024 Code, stage 1, received Friday 2024-05-03 at 09:00, acknowledged Tuesday the 7th.

    Monday 6 May is the early May bank holiday. The response is due 10 working days after
    the acknowledgement: Tuesday 21 May; an extension of 10 working days notified on the
    20th moves it to Wednesday 5 June (27 May, the spring bank holiday, skipped).
    """
    status, page = _page(
        service,
        "/deadlines",
        received="2024-05-03",
        time="09:00",
        stage="1",
        acknowledged="2024-05-07",
        edition="2024",
        ext_notified="2024-05-20",
        ext_days="10",
        ext_reason="a surveyor's report is awaited",
    )
    assert status == 200
    assert "Deadlines: stage 1, 2024 Code" in page
    assert "Wednesday 5 June 2024" in page
    assert "Spring Bank Holiday (Monday 27 May 2024)" in page


def test_the_calculator_refuses_a_time_without_hours_and_minutes(service: Service) -> None:
    """time=5pm: 422, and the page asks for hours and minutes such as 17:30."""
    status, page = _page(service, "/deadlines", received="2024-05-03", time="5pm", stage="1")
    assert status == 422
    assert "Enter the time as hours and minutes, such as 17:30" in page
    assert "Deadlines: stage 1" not in page


def test_the_calculator_shows_the_services_own_refusal_beside_the_field(
    service: Service,
) -> None:
    """An impossible date received: 422 with the API's message, which quotes the value."""
    status, page = _page(service, "/deadlines", received="2024-02-30", stage="1")
    assert status == 422
    assert "There is a problem" in page or "error-summary" in page
    assert "2024-02-30" in page


# -- the upload form ----------------------------------------------------------------------------


def test_a_post_that_is_not_a_form_with_a_file_is_refused(service: Service) -> None:
    """POST /check with a JSON body: 422, asking for the form with a file."""
    status, _, body = service.request("POST", "/check", b"{}", {"Content-Type": "application/json"})
    assert status == 422
    assert "Send the form with a file" in html.unescape(body.decode())


def test_a_form_with_more_files_than_the_page_sends_is_refused_with_the_reason(
    service: Service,
) -> None:
    """Three files where the form has two: 422, 'The upload could not be read' and why."""
    files = {"export": b"a", "columns": b"b", "another": b"c"}
    status, page = _upload(service, files, {})
    assert status == 422
    assert "The upload could not be read: Too many files" in page


def test_a_form_without_an_export_and_with_bad_fields_lists_every_problem(
    service: Service,
) -> None:
    """No file, as_of 31/03/2024 and year 23: all three named in one answer, with the values."""
    status, page = _upload(service, {}, {"as_of": "31/03/2024", "year": "23"})
    assert status == 422
    assert "Choose the export (a CSV file or an Excel workbook) to check" in page
    assert "Enter a date such as 2024-03-31; got '31/03/2024'" in page
    assert "Enter a financial year such as 2023; got '23'" in page


def test_a_column_map_that_is_not_toml_is_refused_without_the_temporary_path(
    service: Service,
) -> None:
    """A broken column map: 422 naming the problem, and no server-side temporary folder."""
    export = b"reference,stage,received\nHC-1,1,2024-05-03\n"
    status, page = _upload(service, {"export": export, "columns": b"[columns\nx = "}, {})
    assert status == 422
    assert 'id="columns-error"' in page
    assert "/tmp/" not in page


def test_an_export_that_is_not_utf8_is_refused_naming_the_byte(service: Service) -> None:
    """Latin-1 text (0xE9 for é at byte 21): 422, naming the byte and how to save the file."""
    export = "reference,received\nHé-1,2024-05-03\n".encode("latin-1")
    status, page = _upload(service, {"export": export}, {})
    assert status == 422
    assert "The file is not UTF-8 text (byte 21 cannot be read)" in page
    assert "save it as CSV UTF-8" in page
