"""A real uvicorn server on 127.0.0.1 (a free port) for the HTTP and browser tests."""

from __future__ import annotations

import csv
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from complaintcode.server import UVICORN_OPTIONS, create_app

LIMIT = 2 * 1024 * 1024  # a small request-size limit, so that the oversized test is quick


class Service:
    """The address of a running service, and plain-HTTP helpers to call it."""

    def __init__(self, base: str) -> None:
        self.base = base

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        req = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers or {}
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()

    def post(self, path: str, document: Any) -> tuple[int, Any]:
        status, _, body = self.request(
            "POST",
            path,
            json.dumps(document).encode(),
            {"Content-Type": "application/json"},
        )
        return status, json.loads(body)

    def get(self, path: str) -> tuple[int, Any]:
        status, _, body = self.request("GET", path)
        return status, json.loads(body)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def service() -> Iterator[Service]:
    """A uvicorn server with create_app() on 127.0.0.1 in a background thread."""
    port = _free_port()
    config = uvicorn.Config(
        create_app(max_body=LIMIT),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        **UVICORN_OPTIONS,  # type: ignore[arg-type]
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield Service(f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=10)


ROOT = Path(__file__).resolve().parents[2]
MESSY = ROOT / "examples" / "messy.csv"
COLUMNS = ROOT / "examples" / "columns.toml"
_DMY = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


@pytest.fixture(scope="session")
def messy_workbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """examples/messy.csv as a spreadsheet user would keep it, and its column map.

    A notes sheet comes first and the complaints sheet has a title row above its header
    (the column map names both); half the valid dates are real date cells, the others stay
    text as typed (one of them month-first, so wrong); extension days are number cells.
    Returns the workbook (named ``.dat``: it is known by its content) and the column map.
    """
    import xlsxwriter

    folder = tmp_path_factory.mktemp("workbook")
    book_path = folder / "complaints.dat"
    book = xlsxwriter.Workbook(str(book_path))
    book.add_worksheet("Read me").write(0, 0, "Complaints log, kept by the housing team")
    sheet = book.add_worksheet("Complaints")
    as_date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write(0, 0, "Complaints received 2024-25")
    with MESSY.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    sheet.write_row(1, 0, rows[0])
    cells = 0
    for r, row in enumerate(rows[1:], start=2):
        for c, value in enumerate(row):
            found = _DMY.fullmatch(value)
            day = None
            if found:
                try:
                    day = datetime(int(found[3]), int(found[2]), int(found[1]))
                except ValueError:
                    day = None  # not a real day-first date: left as the text typed
            if day is not None and cells % 2 == 0:
                sheet.write_datetime(r, c, day, as_date)
            elif rows[0][c] == "Extension Days" and value.isdigit():
                sheet.write_number(r, c, int(value))
            elif value:
                sheet.write_string(r, c, value)
            cells += day is not None
    book.close()
    columns = folder / "columns.toml"
    columns.write_text(
        'sheet = "Complaints"\nheader_row = 2\n' + COLUMNS.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return book_path, columns
