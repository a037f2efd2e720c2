"""Reading single cells: dates and date-times, yes/no, whole numbers, words, items, money.

Role: one cell at a time. :class:`Cells` turns a cell's text into a value or raises
:class:`~complaintcode.records.errors.Bad` naming the field, the text and what is wrong.
It knows nothing of rows, stages or files.

Every date column takes a date or a date-time: ISO 8601 (``2024-05-03``,
``2024-05-03 09:50``, ``2024-05-03T09:50:00+01:00``) and, when the export's date format is
dd/mm/yyyy, ``03/05/2024`` and ``03/05/2024 09:50[:00]``. A column that holds a day
keeps the London calendar day of a date-time; a stage's received column keeps the time
(it matters for the out-of-hours cut-off). A cell holding one of the empty-value words
(``-``, ``N/A``, ``TBC``…) is read as blank.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from complaintcode.calendar import LONDON
from complaintcode.model import ResponseItem
from complaintcode.records.errors import Bad, shown
from complaintcode.records.vocabularies import (
    EMPTY_VALUES,
    ITEMS,
    Vocabularies,
    choices,
    words,
)

_MONEY: Final = re.compile(r"£?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_WHOLE: Final = re.compile(
    r"(-?[0-9]{1,9})(?:\.0+)?(?:\s*(?:working\s+days?|days?|wd))?", re.IGNORECASE
)
_DMY_TIME_LENGTHS: Final = (5, 8)  # HH:MM or HH:MM:SS after a dd/mm/yyyy date

CACHE_LIMIT: Final = 4096
_ISO_DATE: Final = "an ISO 8601 date or date-time (YYYY-MM-DD or YYYY-MM-DD HH:MM)"
_ISO_EVENT: Final = "an ISO 8601 date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM±HH:MM)"
_NOTHING: Final = object()  # a cached blank


def london_day(moment: datetime) -> date:
    """The London calendar day of a date-time (a naive one is London time already)."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(LONDON).date()


class Cells:
    """Cell readers for one reader.

    ``dmy`` says whether dd/mm/yyyy dates are read; ``empty`` lists the words read as a
    blank cell (case does not matter); ``vocabularies`` the words for outcomes, yes/no,
    grounds and remedy kinds. The caches are per reader: no state is shared between
    threads.
    """

    def __init__(
        self,
        dmy: bool,
        empty: Iterable[str] = EMPTY_VALUES,
        vocabularies: Vocabularies | None = None,
    ) -> None:
        self.dmy = dmy
        self.empty = frozenset(w.strip().casefold() for w in empty) | {""}
        self.longest = max(map(len, self.empty))
        self.vocabularies = vocabularies if vocabularies is not None else Vocabularies()
        # One cache per vocabulary: the same word ("OTHER") can name a ground and a kind.
        self.cache: dict[str, dict[str, Any]] = {}
        self.item_cache: dict[str, frozenset[ResponseItem]] = {}

    def blank(self, text: str) -> bool:
        """Whether a cell is blank: empty, spaces, or an empty-value word."""
        if not text:
            return True
        t = text.strip()
        return not t or (len(t) <= self.longest and t.casefold() in self.empty)

    def text(self, text: str) -> str | None:
        """A free-text cell, stripped; ``None`` when blank."""
        if not text:
            return None
        t = text.strip()
        if len(t) <= self.longest and t.casefold() in self.empty:
            return None
        return t

    def day(self, text: str, field: str) -> date | None:
        """A date cell (a date-time gives its London day); ``None`` when blank."""
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
        if self.blank(text):
            return None
        moment = self._slow_date(text.strip(), field, event=False)
        if isinstance(moment, datetime):
            return london_day(moment)
        return moment

    def event(self, text: str, field: str) -> date | datetime | None:
        """A date or date-time cell (stage received); ``None`` when blank."""
        n = len(text)
        if n >= 10 and text[4] == "-" and text[7] == "-":
            try:
                if n == 10:
                    return date.fromisoformat(text)
                if text[10] in "T " and n <= 19:
                    return datetime.fromisoformat(text)
            except ValueError:
                pass
        if self.blank(text):
            return None
        return self._slow_date(text.strip(), field, event=True)

    def _slow_date(self, text: str, field: str, *, event: bool) -> date | datetime:
        if len(text) >= 10 and text[4] == "-" == text[7] and text[:10].isascii():
            digits = (text[:4], text[5:7], text[8:10])
            if all(d.isdigit() for d in digits):
                try:
                    day = date(*map(int, digits))
                except ValueError as exc:
                    raise Bad(field, text, f"{shown(text)} is not a valid date: {exc}") from None
                if len(text) == 10:
                    return day
                if text[10] in "T ":
                    return self._moment(text, field, event)
        if self.dmy and "/" in text:
            return self._dmy(text, field, event=event)
        if "/" in text and all(p.strip().isdigit() for p in text.partition(" ")[0].split("/")):
            raise Bad(
                field,
                text,
                f"{shown(text)} is not {_ISO_EVENT if event else _ISO_DATE}; dd/mm/yyyy dates "
                "are read only when you say so (date_format='dd/mm/yyyy')",
            )
        raise Bad(field, text, self._date_expected(text, event))

    @staticmethod
    def _moment(text: str, field: str, event: bool) -> datetime:
        """An ISO date-time whose date part is valid; checked to have a London day."""
        try:
            moment = datetime.fromisoformat(text)
            london_day(moment)  # an offset near year 1 or 9999 has no London day
        except (ValueError, OverflowError):
            raise Bad(
                field, text, f"{shown(text)} is not {_ISO_EVENT if event else _ISO_DATE}"
            ) from None
        return moment

    def _date_expected(self, text: str, event: bool) -> str:
        if self.dmy:
            parts = text.partition(" ")[0].split("/")
            if len(parts) == 3 and len(parts[2]) == 2 and parts[2].isdigit():
                return f"{shown(text)} has a two-digit year; write dates as dd/mm/yyyy"
            return f"{shown(text)} is not a date (dd/mm/yyyy or YYYY-MM-DD)"
        return f"{shown(text)} is not {_ISO_EVENT if event else _ISO_DATE}"

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
            and (not clock or len(clock) in _DMY_TIME_LENGTHS)
        )
        if not shaped:
            raise Bad(field, text, self._date_expected(text, event))
        d, m, y = (int(p) for p in parts)
        if m > 12 and 1 <= d <= 12:
            raise Bad(
                field,
                text,
                f"{shown(text)} has month {m}: dates must be dd/mm/yyyy (day and month swapped?)",
            )
        try:
            day = date(y, m, d)
        except ValueError as exc:
            raise Bad(field, text, f"{shown(text)} is not a valid date: {exc}") from None
        if not clock:
            return day
        try:
            return datetime.combine(day, time.fromisoformat(clock))
        except ValueError:
            raise Bad(
                field, text, f"{shown(text)} has a time that is not HH:MM or HH:MM:SS"
            ) from None

    def boolean(self, text: str, field: str) -> bool:
        """A yes/no cell; blank = False."""
        if self.blank(text):
            return False
        try:
            return self.vocabularies.yes_no[words(text)]  # type: ignore[no-any-return]
        except KeyError:
            raise Bad(
                field,
                text,
                f"{shown(text.strip())} is not yes or no (yes/no, true/false, y/n, 1/0)",
            ) from None

    @staticmethod
    def whole(text: str, field: str, what: str) -> int:
        """A whole number cell (not blank): ``10``, ``10.0`` and ``10 days`` are 10."""
        t = text.strip()
        match = _WHOLE.fullmatch(t) if t.isascii() else None
        if match is None:
            raise Bad(field, text, f"{shown(t)} is not a whole number of {what}")
        return int(match.group(1))

    def word(self, text: str, field: str, table: Mapping[str, Any], what: str) -> Any:
        """An enum cell given in words or by member name; blank = None."""
        cache = self.cache.get(what)
        if cache is None:
            cache = self.cache[what] = {}
        hit = cache.get(text)
        if hit is not None:
            return None if hit is _NOTHING else hit
        if self.blank(text):
            self.remember(cache, text, _NOTHING)
            return None
        t = text.strip()
        try:
            found = table[words(t)]
        except KeyError:
            raise Bad(field, text, f"{shown(t)} is not {what}") from None
        self.remember(cache, text, found)
        return found

    @staticmethod
    def remember(cache: dict[str, Any], text: str, value: Any) -> None:
        """Cache a cell's value: exports repeat the same few spellings on every row."""
        if len(cache) < CACHE_LIMIT:
            cache[text] = value

    def items(self, text: str, field: str) -> frozenset[ResponseItem] | None:
        """A ``;``-separated list of response items; blank = not recorded (None)."""
        hit = self.item_cache.get(text)
        if hit is not None:
            return hit
        if self.blank(text):
            return None
        found = set()
        for part in text.strip().split(";"):
            if not part.strip():
                continue
            try:
                found.add(ITEMS[words(part)])
            except KeyError:
                raise Bad(
                    field,
                    text,
                    f"{shown(part.strip())} is not a response item ({choices(ResponseItem)})",
                ) from None
        result = frozenset(found)
        if len(self.item_cache) < CACHE_LIMIT:
            self.item_cache[text] = result
        return result

    def money(self, text: str, field: str) -> Decimal | None:
        """Pounds: ``150``, ``150.00``, ``£150.00``, ``£1,250``; blank = None."""
        if self.blank(text):
            return None
        t = text.strip()
        match = _MONEY.fullmatch(t) if len(t) <= 40 else None
        if match is None:
            raise Bad(field, text, f"{shown(t)} is not a sum of money (e.g. 150, 150.00, £150.00)")
        try:
            return Decimal(match.group(1).replace(",", "") + (match.group(2) or ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            raise Bad(field, text, f"{shown(t)} is not a sum of money") from None
