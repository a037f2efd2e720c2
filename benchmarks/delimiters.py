"""Benchmark: an export separated by semicolons, tabs or pipes, against its comma twin.

Run with ``.venv/bin/python benchmarks/delimiters.py [--rows N] [--repeat N]``. Generates
one export (``scripts/make_sample.py``), writes it again with each other delimiter, and
times ``complaintcode check FILE --format csv --delimiter D`` on each (a separate
process; the columnar engine, the default when the fast extra is installed), the comma
file in the same run, alternately. Prints the best CPU and wall seconds of each and its
ratio to the comma file's, and whether the results written are the same bytes. Asserts
nothing about speed.
"""

from __future__ import annotations

import sys
from pathlib import Path

# benchmarks/calendar.py would shadow the standard library's calendar module for a script
# run from this folder: take the folder off the path before importing anything else.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent / "scripts"))

import argparse  # noqa: E402
import csv  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import make_sample  # noqa: E402
from benchmarking import load_average  # noqa: E402

NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def _run(command: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process and its children, exit status)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    status = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, status


def main() -> None:
    """Generate, rewrite, time and print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each file, alternately")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = {",": folder / "comma.csv"}
        make_sample.write(files[","], args.rows, seed=2)
        with files[","].open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        for delimiter in (";", "\t", "|"):
            files[delimiter] = folder / f"{NAMES[delimiter]}.csv"
            with files[delimiter].open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle, delimiter=delimiter).writerows(rows)
        del rows
        print(f"{args.rows:,} rows; load average before (1, 5, 15 min): {load_average()}")
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.repeat):
            for delimiter, path in files.items():
                out = path.with_suffix(".out")
                wall, cpu, status = _run(
                    [sys.executable, "-m", "complaintcode", "check", str(path), "--format",
                     "csv", "--output", str(out), "--delimiter", delimiter]
                )  # fmt: skip
                if status not in (0, 1):
                    sys.exit(f"check of the {NAMES[delimiter]} file exited {status}")
                old = best.get(delimiter, (wall, cpu))
                best[delimiter] = (min(old[0], wall), min(old[1], cpu))
        comma_out = files[","].with_suffix(".out").read_bytes()
        base_wall, base_cpu = best[","]
        for delimiter, (wall, cpu) in best.items():
            same = files[delimiter].with_suffix(".out").read_bytes() == comma_out
            print(
                f"{NAMES[delimiter]:>9}: {cpu:5.2f} s CPU ({cpu / base_cpu:.2f}x comma), "
                f"{wall:5.2f} s wall ({wall / base_wall:.2f}x); "
                f"results {'identical to' if same else 'DIFFERENT from'} the comma file's"
            )
        print(f"load average after: {load_average()}")


if __name__ == "__main__":
    main()
