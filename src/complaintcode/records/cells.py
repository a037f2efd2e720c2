"""Reading single cells: dates and date-times, yes/no, whole numbers, words, items, money.

Role: one cell at a time. :class:`Cells` turns a cell's text into a value or raises
:class:`~complaintcode.records.errors.Bad` naming the field, the text and what is wrong.
It knows nothing of rows, stages or files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from complaintcode.model import ResponseItem
from complaintcode.records.errors import Bad
from complaintcode.records.vocabularies import BOOLEANS, ITEMS, choices, words

_MONEY: Final = re.compile(r"£?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_DMY_TIME_LENGTHS: Final = (5, 8)  # HH:MM or HH:MM:SS after a dd/mm/yyyy date

CACHE_LIMIT: Final = 4096
_ISO_DATE: Final = "an ISO 8601 date (YYYY-MM-DD)"
_ISO_EVENT: Final = "an ISO 8601 date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM±HH:MM)"


class Cells:
    """Cell readers for one reader: ``dmy`` says whether dd/mm/yyyy dates are read.

    The caches are per reader: no state is shared between threads.
    """

    def __init__(self, dmy: bool) -> None:
        self.dmy = dmy
        self.cache: dict[str, Any] = {}
        self.item_cache: dict[str, frozenset[ResponseItem]] = {}

    def day(self, text: str, field: str) -> date | None:
        """A date cell; ``None`` when blank."""
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        text = text.strip()
        if not text:
            return None
        return self._slow_date(text, field, event=False)

    def event(self, text: str, field: str) -> date | datetime | None:
        """A date or date-time cell (stage received); ``None`` when blank."""
        n = len(text)
        if n >= 10 and text[4] == "-" and text[7] == "-":
            try:
                if n == 10:
                    return date.fromisoformat(text)
                if text[10] in "T ":
                    return datetime.fromisoformat(text)
            except ValueError:
                pass
        text = text.strip()
        if not text:
            return None
        return self._slow_date(text, field, event=True)

    def _slow_date(self, text: str, field: str, *, event: bool) -> date | datetime:
        if len(text) >= 10 and text[4] == "-" == text[7] and text[:10].isascii():
            digits = (text[:4], text[5:7], text[8:10])
            if all(d.isdigit() for d in digits):
                try:
                    day = date(*map(int, digits))
                except ValueError as exc:
                    raise Bad(field, text, f"{text!r} is not a valid date: {exc}") from None
                if len(text) == 10:
                    return day
                if event and text[10] in "T ":
                    try:
                        return datetime.fromisoformat(text)
                    except ValueError:
                        pass
        if self.dmy and "/" in text:
            return self._dmy(text, field, event=event)
        if "/" in text and all(p.strip().isdigit() for p in text.partition(" ")[0].split("/")):
            raise Bad(
                field,
                text,
                f"{text!r} is not {_ISO_EVENT if event else _ISO_DATE}; dd/mm/yyyy dates are "
                "read only when you say so (date_format='dd/mm/yyyy')",
            )
        raise Bad(field, text, self._date_expected(text, event))

    def _date_expected(self, text: str, event: bool) -> str:
        if self.dmy:
            parts = text.partition(" ")[0].split("/")
            if len(parts) == 3 and len(parts[2]) == 2 and parts[2].isdigit():
                return f"{text!r} has a two-digit year; write dates as dd/mm/yyyy"
            return f"{text!r} is not a date (dd/mm/yyyy or YYYY-MM-DD)"
        return f"{text!r} is not {_ISO_EVENT if event else _ISO_DATE}"

    def _dmy(self, text: str, field: str, *, event: bool) -> date | datetime:
        day_part, _, clock = text.partition(" ")
        clock = clock.strip()
        parts = day_part.split("/")
        shaped = (
            len(parts) == 3
            and all(p.isascii() and p.isdigit() for p in parts)
            and 1 <= len(parts[0]) <= 2
            and 1 <= len(parts[1]) <= 2
            and len(parts[2]) == 4
            and (not clock or (event and len(clock) in _DMY_TIME_LENGTHS))
        )
        if not shaped:
            raise Bad(field, text, self._date_expected(text, event))
        d, m, y = (int(p) for p in parts)
        if m > 12 and 1 <= d <= 12:
            raise Bad(
                field,
                text,
                f"{text!r} has month {m}: dates must be dd/mm/yyyy (day and month swapped?)",
            )
        try:
            day = date(y, m, d)
        except ValueError as exc:
            raise Bad(field, text, f"{text!r} is not a valid date: {exc}") from None
        if not clock:
            return day
        try:
            return datetime.combine(day, time.fromisoformat(clock))
        except ValueError:
            raise Bad(field, text, f"{text!r} has a time that is not HH:MM or HH:MM:SS") from None

    @staticmethod
    def boolean(text: str, field: str) -> bool:
        """A yes/no cell; blank = False."""
        key = text.strip().lower()
        if not key:
            return False
        try:
            return BOOLEANS[key]
        except KeyError:
            raise Bad(
                field, text, f"{text.strip()!r} is not yes or no (yes/no, true/false, y/n, 1/0)"
            ) from None

    @staticmethod
    def whole(text: str, field: str, what: str) -> int:
        """A whole number cell (not blank)."""
        t = text.strip()
        digits = t[1:] if t[:1] == "-" else t
        if not (digits.isascii() and digits.isdigit()):
            raise Bad(field, text, f"{t!r} is not a whole number of {what}")
        return int(t)

    def word(self, text: str, field: str, table: Mapping[str, Any], what: str) -> Any:
        """An enum cell given in words or by member name; blank = None."""
        hit = self.cache.get(text)
        if hit is not None:
            return hit
        t = text.strip()
        if not t:
            return None
        try:
            found = table[words(t)]
        except KeyError:
            raise Bad(field, text, f"{t!r} is not {what}") from None
        self.remember(text, found)
        return found

    def remember(self, text: str, value: Any) -> None:
        """Cache a cell's value: exports repeat the same few spellings on every row."""
        if len(self.cache) < CACHE_LIMIT:
            self.cache[text] = value

    def items(self, text: str, field: str) -> frozenset[ResponseItem] | None:
        """A ``;``-separated list of response items; blank = not recorded (None)."""
        hit = self.item_cache.get(text)
        if hit is not None:
            return hit
        t = text.strip()
        if not t:
            return None
        found = set()
        for part in t.split(";"):
            if not part.strip():
                continue
            try:
                found.add(ITEMS[words(part)])
            except KeyError:
                raise Bad(
                    field,
                    text,
                    f"{part.strip()!r} is not a response item ({choices(ResponseItem)})",
                ) from None
        result = frozenset(found)
        if len(self.item_cache) < CACHE_LIMIT:
            self.item_cache[text] = result
        return result

    @staticmethod
    def money(text: str, field: str) -> Decimal | None:
        """Pounds: ``150``, ``150.00``, ``£150.00``, ``£1,250``; blank = None."""
        t = text.strip()
        if not t:
            return None
        match = _MONEY.fullmatch(t)
        if match is None:
            raise Bad(field, text, f"{t!r} is not a sum of money (e.g. 150, 150.00, £150.00)")
        try:
            return Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            raise Bad(field, text, f"{t!r} is not a sum of money") from None
