"""`complaintcode serve`: the command starts the service, applies its options, stops on Ctrl-C."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from complaintcode.cli import main

LIMIT_1MB = ("--max-body", "1", "--log-level", "warning")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_for(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited early with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("serve did not answer within 60 s")


def test_serve_answers_applies_its_size_limit_and_stops_cleanly_on_ctrl_c() -> None:
    """The served API answers; --max-body 1 refuses a 1 MB + 1 byte body; SIGINT exits 0."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "complaintcode", "serve", "--port", str(port), *LIMIT_1MB],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(base, process)
        with urllib.request.urlopen(base + "/healthz", timeout=10) as response:
            assert json.load(response)["type"] == "health"
        # Announced as 1 MB + 1 byte: refused from the header, before any body is sent.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(
                b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                b"Content-Type: application/json\r\nContent-Length: 1048577\r\n\r\n"
            )
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 413")
        assert b"1,048,576 bytes" in answer
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err


@pytest.mark.parametrize("value", ["ten", "-3"])
def test_serve_names_a_size_limit_that_is_not_a_positive_whole_number(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--max-body ten or -3: a usage error (exit 2) quoting the value and what is expected."""
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--max-body", value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"expected a whole number of megabytes, 1 or more; got {value!r}" in err
