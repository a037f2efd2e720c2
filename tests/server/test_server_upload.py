"""Uploads to the page's ``POST /check`` over real HTTP: CSV or workbook, known by content."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import COLUMNS, LIMIT, MESSY, Service


def _upload(service: Service, files: dict[str, tuple[str, bytes]]) -> tuple[int, str]:
    """POST a multipart form as a browser would; the status and the page's text."""
    boundary = uuid.uuid4().hex
    parts = []
    for field, (filename, data) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    status, _, page = service.request(
        "POST",
        "/check",
        body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    return status, page.decode("utf-8")


def _count(page: str, name: str) -> int:
    found = re.search(rf'data-count="{name}">([\d,]+)<', page)
    assert found is not None, name
    return int(found[1].replace(",", ""))


def test_a_file_is_known_by_its_content_not_its_name(
    service: Service, messy_workbook: tuple[Path, Path]
) -> None:
    """A workbook named .csv is read as a workbook; a CSV named .xlsx is read as CSV."""
    book, columns = messy_workbook
    status, page = _upload(
        service,
        {
            "export": ("complaints.csv", book.read_bytes()),
            "columns": ("columns.toml", columns.read_bytes()),
        },
    )
    assert status == 200, page
    assert _count(page, "rows") == 27
    status, page = _upload(
        service,
        {
            "export": ("complaints.xlsx", MESSY.read_bytes()),
            "columns": ("columns.toml", COLUMNS.read_bytes()),
        },
    )
    assert status == 200, page
    assert _count(page, "rows") == 27


def test_a_workbook_without_the_excel_extra_names_the_extra(
    service: Service, messy_workbook: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without python-calamine the page says which extra to install (a 422, never a 500)."""
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # as if not installed
    book, _ = messy_workbook
    status, page = _upload(service, {"export": ("complaints.xlsx", book.read_bytes())})
    assert status == 422
    assert "pip install &#x27;complaintcode[excel]&#x27;" in page
    assert "UTF-8" not in page


def test_a_file_that_is_neither_text_nor_a_workbook_is_refused(service: Service) -> None:
    """Bytes that are not UTF-8 get the byte named and both ways out."""
    status, page = _upload(service, {"export": ("export.csv", b"reference\r\nHC-\xff\r\n")})
    assert status == 422
    assert "byte 15 cannot be read" in page
    assert "upload the Excel workbook itself" in page


def _declared_upload(service: Service, accept: str) -> tuple[bytes, bytes]:
    """Start an upload declaring a body over the limit; the status line and the answer."""
    address = urlsplit(service.base)
    head = (
        "POST /check HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=b\r\n"
        f"Accept: {accept}\r\nConnection: close\r\nContent-Length: {LIMIT + 1}\r\n\r\n"
    ).encode()
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(head)
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                answer += chunk
    status, _, rest = answer.partition(b"\r\n")
    return status, rest.partition(b"\r\n\r\n")[2]


def test_an_upload_over_the_limit_is_refused_with_a_page_for_a_browser(service: Service) -> None:
    """A browser gets a 413 page naming the limit (an API client gets the JSON errors)."""
    status, page = _declared_upload(service, "text/html,application/xhtml+xml,*/*;q=0.8")
    assert status.startswith(b"HTTP/1.1 413")
    assert f"over the limit of {LIMIT:,} bytes".encode() in page
    assert b'href="/"' in page
    status, answer = _declared_upload(service, "*/*")
    assert status.startswith(b"HTTP/1.1 413")
    assert json.loads(answer)["type"] == "errors"


def _separated_by(delimiter: str) -> bytes:
    """The messy example export with ``delimiter`` between its cells."""
    import csv
    import io

    with MESSY.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    text = io.StringIO(newline="")
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode("utf-8")


_COUNTS = ("rows", "checked", "rejected", "no_findings")
_NAMED = [(";", "semicolons"), ("\t", "tabs"), ("|", "pipes")]


@pytest.mark.parametrize(("delimiter", "named"), _NAMED)
def test_an_upload_separated_by_another_delimiter_is_found_and_said(
    service: Service, delimiter: str, named: str
) -> None:
    """Found from the first rows as ``complaintcode columns`` finds it: the comma file's counts."""
    columns = ("columns.toml", COLUMNS.read_bytes())
    status, comma = _upload(service, {"export": ("e.csv", MESSY.read_bytes()), "columns": columns})
    assert status == 200, comma
    assert 'id="separated"' not in comma
    export = ("e.csv", _separated_by(delimiter))
    status, page = _upload(service, {"export": export, "columns": columns})
    assert status == 200, page
    assert [_count(page, n) for n in _COUNTS] == [_count(comma, n) for n in _COUNTS]
    assert _count(page, "rows") == 27
    assert f"The cells were separated by {named} (found from the file&#x27;s first rows)." in page


def test_an_upload_is_read_with_the_column_maps_delimiter(service: Service) -> None:
    """The map's delimiter wins over what the rows suggest; a wrong one is refused, never read."""
    text = COLUMNS.read_text(encoding="utf-8")
    pipes = ("columns.toml", ('delimiter = "|"\n' + text).encode())
    status, page = _upload(service, {"export": ("e.csv", _separated_by("|")), "columns": pipes})
    assert status == 200, page
    assert _count(page, "rows") == 27
    assert "The cells were separated by pipes (the column map&#x27;s)." in page
    status, page = _upload(service, {"export": ("e.csv", _separated_by(";")), "columns": pipes})
    assert status == 422
    assert "not pipes; give --delimiter &#x27;;&#x27;" in page
