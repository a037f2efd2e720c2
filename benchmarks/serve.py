"""Benchmark: the HTTP service under load, and a 10 MB upload.

Run with ``python3 tasks.py bench`` or ``.venv/bin/python benchmarks/serve.py``.
Prints figures; asserts nothing about speed.

1. ``complaintcode serve`` is started on 127.0.0.1 (a free port) in its own process, as a
   user would run it. A bounded number of clients (default 8, each on one keep-alive
   connection, in a separate client process) send single-complaint ``POST /v1/check``
   requests for a fixed time (default 10 s). Printed: requests per second, p50 and p99
   latency, and the number of errors (any answer other than 200).
   The competitor is the library itself: ``check()`` on the same complaint in one
   process, without HTTP; the ratio says what the service costs.
2. A CSV export of about 10 MB (made from the bundled sample, references made unique) is
   uploaded to the page's ``POST /check``; printed: the time to the answer and the server
   process's peak memory (VmHWM from /proc) before and after. Then the same rows as an
   ``.xlsx`` workbook (when xlsxwriter is installed; the server needs the excel extra),
   with the peak memory after it.

Targets on the 2-core development machine: at least 500 checks/s, p99 at most 50 ms,
0 errors; the server under 300 MB while checking the 10 MB upload.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import csv  # noqa: E402
import http.client  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from typing import Any  # noqa: E402

from complaintcode import check, sample_path  # noqa: E402
from complaintcode.serialize import complaint_from_dict  # noqa: E402

TARGET_RPS = 500.0
TARGET_P99_MS = 50.0
TARGET_RSS_MB = 300.0

COMPLAINT: dict[str, Any] = {
    "reference": "BENCH-1",
    "stages": [
        {
            "number": 1,
            "received": "2024-05-03T16:45:00",
            "acknowledged": "2024-05-07",
            "responded": "2024-05-24",
            "handler": "A Handler",
            "extensions": [{"notified": "2024-05-20", "working_days": 5, "reason": "survey"}],
        },
        {"number": 2, "received": "2024-06-03", "acknowledged": "2024-06-05", "handler": "B"},
    ],
}
BODY = json.dumps({"complaint": COMPLAINT, "as_of": "2024-07-31"}).encode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _peak_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _client(port: int, seconds: float, threads: int, out: Any) -> None:
    """One client process: ``threads`` keep-alive connections sending checks until time."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        failed = 0
        headers = {"Content-Type": "application/json"}
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                connection.request("POST", "/v1/check", BODY, headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append(time.perf_counter() - start)
            failed += not ok
        with lock:
            latencies.extend(mine)
            errors += failed

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put((latencies, errors))


def _load(port: int, seconds: float, clients: int) -> tuple[float, float, float, int]:
    processes = 2 if clients >= 2 else 1
    queue: Any = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_client, args=(port, seconds, clients // processes, queue))
        for _ in range(processes)
    ]
    for w in workers:
        w.start()
    latencies: list[float] = []
    errors = 0
    for _ in workers:
        part, failed = queue.get()
        latencies += part
        errors += failed
    for w in workers:
        w.join()
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    return len(latencies) / seconds, p50, p99, errors


def _in_process(seconds: float) -> float:
    """The competitor: check() on the same complaint, read from JSON each time, no HTTP."""
    from datetime import date

    count = 0
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        check(complaint_from_dict(json.loads(BODY)["complaint"]), as_of=date(2024, 7, 31))
        count += 1
    return count / seconds


def _export(megabytes: float) -> bytes:
    """A CSV of about ``megabytes`` MB: the sample's rows again and again, references unique."""
    lines = sample_path().read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    out = io.StringIO()
    out.write(header + "\n")
    copy = 0
    while out.tell() < megabytes * 1_000_000:
        copy += 1
        for row in rows:
            reference, rest = row.split(",", 1)
            out.write(f"{reference}-{copy},{rest}\n")
    return out.getvalue().encode()


def _workbook(csv_data: bytes) -> bytes | None:
    """The same rows as an Excel workbook (None without xlsxwriter, from the test extra)."""
    try:
        import xlsxwriter
    except ImportError:
        return None
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
    sheet = book.add_worksheet("Complaints")
    for r, row in enumerate(csv.reader(io.StringIO(csv_data.decode("utf-8")))):
        sheet.write_row(r, 0, row)
    book.close()
    return out.getvalue()


def _upload(port: int, data: bytes, filename: str = "e.csv") -> tuple[float, int]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="export"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode(),
        data,
        f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="as_of"\r\n\r\n'
        f'2025-03-31\r\n--{boundary}\r\nContent-Disposition: form-data; name="year"\r\n\r\n'
        f"2024\r\n--{boundary}--\r\n".encode(),
    ]
    body = b"".join(parts)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    start = time.perf_counter()
    connection.request(
        "POST", "/check", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    response = connection.getresponse()
    response.read()
    return time.perf_counter() - start, response.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--upload-mb", type=float, default=10.0)
    args = parser.parse_args()

    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "complaintcode",
            "serve",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--max-body",
            "32",
        ],
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the service did not start") from None
                time.sleep(0.1)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"complaintcode serve on 127.0.0.1:{port} (pid {server.pid}), {os.cpu_count()} CPUs, "
            f"load average {load} (other work on the machine slows every figure)"
        )
        _load(port, 1.0, args.clients)  # warm up
        rps, p50, p99, errors = _load(port, args.seconds, args.clients)
        print(
            f"single-complaint POST /v1/check, {args.clients} clients, {args.seconds:.0f} s: "
            f"{rps:,.0f} requests/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms, {errors} errors "
            f"(target >= {TARGET_RPS:.0f}/s, p99 <= {TARGET_P99_MS:.0f} ms, 0 errors)"
        )
        direct = _in_process(3.0)
        print(
            f"competitor, check() in one process without HTTP: {direct:,.0f} checks/s; "
            f"the service gives {rps / direct:.2f}x of it"
        )
        before = _peak_mb(server.pid)
        data = _export(args.upload_mb)
        seconds, status = _upload(port, data)
        after = _peak_mb(server.pid)
        print(
            f"upload of a {len(data) / 1_000_000:.1f} MB CSV to POST /check: status {status}, "
            f"{seconds:.1f} s; server peak memory {before:.0f} MB before, {after:.0f} MB after "
            f"(target < {TARGET_RSS_MB:.0f} MB)"
        )
        book = _workbook(data)
        if book is None:
            print("workbook upload skipped: xlsxwriter is not installed (pip install xlsxwriter)")
        else:
            seconds, status = _upload(port, book, "e.xlsx")
            print(
                f"upload of the same rows as a {len(book) / 1_000_000:.1f} MB .xlsx workbook: "
                f"status {status}, {seconds:.1f} s; server peak memory {_peak_mb(server.pid):.0f}"
                " MB (the whole sheet is held while it is read)"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
