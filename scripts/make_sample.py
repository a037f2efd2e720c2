"""Generate the bundled sample of synthetic complaints (deterministic).

    python3 scripts/make_sample.py                      # writes src/complaintcode/data/sample.csv
    python3 scripts/make_sample.py --rows 1000000 --out big.csv --seed 2

The sample is synthetic: no real resident or landlord. It is shaped like a mid-sized
landlord's export: complaints received 2021-2025 (so the 2020, 2022 and 2024 Codes all
apply), some over bank-holiday periods, some at weekends or after hours, about 10 % with
an extension, about 18 % escalated, a few refused, remedies on upheld complaints, and a
realistic share of late acknowledgements and responses. Same seed, same file.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from complaintcode import WorkingDayCalendar
from complaintcode.records import CANONICAL_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "src" / "complaintcode" / "data" / "sample.csv"
LAST_DAY = date(2025, 12, 31)  # the sample's own "today": nothing happens after it

# The documented wide format (complaintcode.records), plus one free column kept for grouping.
COLUMNS = [*CANONICAL_COLUMNS, "team"]

CATEGORIES = [
    ("Repairs", 34),
    ("Damp and mould", 14),
    ("Anti-social behaviour", 9),
    ("Customer service", 12),
    ("Rent and service charges", 8),
    ("Estate services", 9),
    ("Lettings and allocations", 6),
    ("Gas and heating", 8),
]
TEAMS = {
    "Repairs": "Property Services",
    "Damp and mould": "Property Services",
    "Gas and heating": "Property Services",
    "Anti-social behaviour": "Neighbourhoods",
    "Estate services": "Neighbourhoods",
    "Customer service": "Customer Contact",
    "Rent and service charges": "Income",
    "Lettings and allocations": "Lettings",
}
STAGE1_HANDLERS = [f"Officer {c}" for c in "ABCDEFGHJK"]
STAGE2_HANDLERS = ["Manager L", "Manager M", "Manager N", "Head of Service P"]
OUTCOMES = [("upheld", 30), ("partly upheld", 25), ("not upheld", 35), ("withdrawn", 3), ("", 7)]
REASONS = [
    "awaiting a surveyor's inspection",
    "contractor report outstanding",
    "need to interview staff who are on leave",
    "complex case involving several services",
    "waiting for information from the resident",
]
ALL_ITEMS = ["STAGE", "DEFINITION", "DECISION", "REASONS", "REMEDY", "OUTSTANDING_ACTIONS"]


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _edition(received: date) -> str:
    if received >= date(2024, 4, 1):
        return "2024"
    return "2022" if received >= date(2022, 4, 1) else "2020"


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.cal = WorkingDayCalendar.england_and_wales()

    def wd(self, start: date, n: int) -> date:
        return self.cal.add_working_days(start, n)

    def received(self, first: date, span: int) -> tuple[date, str]:
        rng = self.rng
        day = first + timedelta(days=rng.randrange(span))
        # Weekends see fewer complaints (web forms and emails only).
        while day.weekday() >= 5 and rng.random() < 0.7:
            day = first + timedelta(days=rng.randrange(span))
        if rng.random() < 0.2:
            moment = datetime(day.year, day.month, day.day, rng.randint(7, 21), rng.randint(0, 59))
            return day, moment.isoformat(timespec="minutes")
        return day, day.isoformat()

    def extension(
        self, row: dict[str, str], prefix: str, start: date, deadline: date, cap: int
    ) -> date:
        """Fill one extension's cells; return the deadline as the landlord believed it."""
        rng = self.rng
        if rng.random() < 0.85:
            notified = self.wd(start, rng.randint(3, 10))  # by the deadline
        else:
            notified = self.wd(deadline, rng.randint(1, 3))  # too late to count
        days = rng.choice([5, 5, 10, 10, cap, cap + 5])
        good = days > cap and rng.random() < 0.6
        row[f"{prefix}_notified"] = _iso(notified)
        row[f"{prefix}_days"] = str(days)
        row[f"{prefix}_reason"] = rng.choice(REASONS) if rng.random() < 0.9 else ""
        row[f"{prefix}_good_reason"] = _yes(good)
        row[f"{prefix}_ombudsman_details"] = _yes(rng.random() < 0.75)
        return self.wd(deadline, days)

    def stage1(self, row: dict[str, str], received: date, edition: str) -> date | None:
        rng = self.rng
        ack_days = rng.choices([1, 2, 3, 4, 5, 6, 7, 9], weights=[22, 27, 20, 12, 11, 4, 2, 2])[0]
        acknowledged: date | None = self.wd(received, ack_days)
        if rng.random() < 0.03:
            acknowledged = None
        start = acknowledged or self.wd(received, 5)
        deadline = self.wd(start, 10)
        believed = deadline
        if rng.random() < 0.10:
            believed = self.extension(row, "s1_ext1", start, deadline, 10)
        lateness = rng.random()
        if lateness < 0.86:
            responded = self.wd(start, rng.randint(3, 10))
        elif lateness < 0.95:
            responded = self.wd(believed, rng.randint(1, 8))
        else:
            responded = self.wd(believed, rng.randint(9, 30))
        if row.get("s1_ext1_notified") and responded < date.fromisoformat(row["s1_ext1_notified"]):
            responded = believed
        row["acknowledged"] = _iso(
            acknowledged if acknowledged and acknowledged <= LAST_DAY else None
        )
        row["handler"] = rng.choice(STAGE1_HANDLERS)
        if responded > LAST_DAY:
            if row.get("s1_ext1_notified") and row["s1_ext1_notified"] > LAST_DAY.isoformat():
                for key in [k for k in row if k.startswith("s1_ext1")]:
                    row[key] = ""
            return None
        row["responded"] = _iso(responded)
        row["outcome"] = _weighted(rng, OUTCOMES)
        if edition != "2020" and rng.random() < 0.6:
            items = [*list(ALL_ITEMS), "ESCALATION_ROUTE"]
            if rng.random() < 0.08:
                items.remove(rng.choice(items))
            row["items"] = ";".join(items)
        return responded

    def stage2(self, row: dict[str, str], escalated: date, edition: str) -> date | None:
        rng = self.rng
        row["escalation_received"] = escalated.isoformat()
        acknowledged = self.wd(
            escalated, rng.choices([1, 2, 3, 5, 6, 8], [25, 25, 20, 15, 10, 5])[0]
        )
        row["escalation_acknowledged"] = _iso(acknowledged if acknowledged <= LAST_DAY else None)
        first = row["handler"]
        row["escalation_handler"] = first if rng.random() < 0.03 else rng.choice(STAGE2_HANDLERS)
        start = acknowledged if edition == "2024" else escalated
        deadline = self.wd(start, 20)
        believed = deadline
        if rng.random() < 0.12:
            cap = 20 if edition == "2024" else 10
            believed = self.extension(row, "s2_ext1", start, deadline, cap)
        lateness = rng.random()
        if lateness < 0.78:
            responded = self.wd(start, rng.randint(8, 20))
        elif lateness < 0.9:
            responded = self.wd(believed, rng.randint(1, 10))
        else:
            responded = self.wd(believed, rng.randint(11, 40))
        if row.get("s2_ext1_notified") and responded < date.fromisoformat(row["s2_ext1_notified"]):
            responded = believed
        if responded > LAST_DAY:
            if row.get("s2_ext1_notified") and row["s2_ext1_notified"] > LAST_DAY.isoformat():
                for key in [k for k in row if k.startswith("s2_ext1")]:
                    row[key] = ""
            return None
        row["escalation_responded"] = responded.isoformat()
        row["escalation_outcome"] = _weighted(rng, [*OUTCOMES[:3], ("", 5)])
        if edition != "2020" and rng.random() < 0.6:
            row["escalation_items"] = ";".join([*ALL_ITEMS, "ESCALATION_ROUTE"])
        return responded

    def remedy(self, row: dict[str, str], offered: date) -> None:
        rng = self.rng
        kind = rng.choice(["FINANCIAL", "APOLOGY", "ACTION_ON_DELAY", "RECORD_AMENDED"])
        row["remedy_kind"] = kind
        row["remedy_description"] = {
            "FINANCIAL": "compensation for time and trouble",
            "APOLOGY": "written apology",
            "ACTION_ON_DELAY": "complete the outstanding repair",
            "RECORD_AMENDED": "correct the rent account",
        }[kind]
        row["remedy_offered"] = offered.isoformat()
        if rng.random() < 0.9:
            days = rng.choice([5, 10, 15, 20])
            row["remedy_due"] = self.wd(offered, days).isoformat()
            late = rng.random() < 0.15
            done = self.wd(offered, days + rng.randint(1, 10) if late else rng.randint(0, days))
            if done <= LAST_DAY:
                row["remedy_completed"] = done.isoformat()
        if kind == "FINANCIAL":
            row["remedy_amount"] = f"{rng.choice([25, 50, 75, 100, 150, 200, 250, 400])}.00"

    def row(self, number: int, first: date, span: int) -> dict[str, str]:
        rng = self.rng
        row = dict.fromkeys(COLUMNS, "")
        received, received_text = self.received(first, span)
        edition = _edition(received)
        row["reference"] = f"HC-{received.year}-{number:06d}"
        row["received"] = received_text
        category = _weighted(rng, CATEGORIES)
        row["category"] = category
        row["team"] = TEAMS[category]
        row["tenure"] = "LCHO" if rng.random() < 0.12 else "LCRA"
        if rng.random() < 0.25:
            issue = received - timedelta(days=rng.randint(5, 500))
            row["issue_date"] = issue.isoformat()
        if rng.random() < 0.02:
            # A refusal to accept; some on time grounds, some wrongly.
            decided = self.wd(received, rng.randint(1, 5))
            row["refusal_decided"] = decided.isoformat()
            row["refusal_ground"] = rng.choice(["OUT_OF_TIME", "LEGAL_PROCEEDINGS", "OTHER"])
            row["refusal_stage"] = "1"
            row["refusal_reasons_given"] = _yes(rng.random() < 0.85)
            row["refusal_ombudsman_rights_given"] = _yes(rng.random() < 0.7)
            return row
        responded = self.stage1(row, received, edition)
        if responded is None:
            return row
        if row["outcome"] in ("upheld", "partly upheld") and rng.random() < 0.6:
            self.remedy(row, responded)
        if rng.random() < 0.18 and row["outcome"] != "withdrawn":
            escalated = responded + timedelta(days=rng.randint(1, 28))
            if rng.random() < 0.02:
                escalated = responded - timedelta(days=1)  # escalated before the response
            if escalated <= LAST_DAY:
                responded2 = self.stage2(row, escalated, edition)
                if responded2 is not None and edition != "2024" and rng.random() < 0.05:
                    third = responded2 + timedelta(days=rng.randint(3, 20))
                    if third <= LAST_DAY:
                        row["stage3_received"] = third.isoformat()
                        row["stage3_handler"] = "Residents' panel"
                        done = self.wd(third, rng.randint(10, 24))
                        if done <= LAST_DAY:
                            row["stage3_responded"] = done.isoformat()
                            row["stage3_outcome"] = _weighted(rng, OUTCOMES[:3])
        return row


def generate_rows(
    count: int,
    *,
    seed: int = 1,
    first: date = date(2021, 1, 4),
    last: date = date(2025, 11, 28),
) -> Iterator[dict[str, str]]:
    """Yield ``count`` rows of the wide CSV format, deterministically for a seed."""
    generator = _Generator(seed)
    span = (last - first).days + 1
    for number in range(1, count + 1):
        yield generator.row(number, first, span)


def write(path: Path, count: int, seed: int) -> None:
    """Write ``count`` rows to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(generate_rows(count, seed=seed))


def main(argv: list[str]) -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    write(args.out, args.rows, args.seed)
    print(f"wrote {args.rows:,} rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
