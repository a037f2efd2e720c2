"""A real uvicorn server on 127.0.0.1 (a free port) for the HTTP and browser tests."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
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
