"""Reading TOML data against a closed schema: the package's data files and users' editions.

Every table is read through :class:`Table`, which hands out each key once, checks its
type and, when the table is closed, rejects any key nobody asked for. So a misspelt key
("workingdays") is an error naming the file and the key, never a value silently ignored.

>>> table = Table("example.toml", "stage1.respond", {"working_days": 10, "runs_from": "x"})
>>> table.integer("working_days")
10
>>> table.close()
Traceback (most recent call last):
...
complaintcode.errors.InvalidEdition: example.toml: stage1.respond.runs_from: unknown key; expected one of: working_days
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from complaintcode.errors import InvalidEdition

__all__ = ["Table", "package_data_names", "read_package_toml", "read_toml_file"]


def _parse(source: str, text: str) -> dict[str, Any]:
    import tomllib  # on first use: `import complaintcode` reads no data

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InvalidEdition(source, "", f"not valid TOML ({err})") from None


# The package's data folder. Read as plain files (``importlib.resources`` costs more to
# import than the data costs to read), as the package is always installed unzipped.
_DATA = Path(__file__).parent / "data"


def read_package_toml(*parts: str) -> Table:
    """The top table of a data file shipped in ``complaintcode/data`` (read once by callers)."""
    source = "complaintcode/data/" + "/".join(parts)
    return Table(source, "", _parse(source, _DATA.joinpath(*parts).read_text(encoding="utf-8")))


def package_data_names(folder: str) -> list[str]:
    """The ``.toml`` file names in a folder of ``complaintcode/data``, sorted."""
    return sorted(path.name for path in (_DATA / folder).glob("*.toml"))


def read_toml_file(path: str | Path) -> Table:
    """The top table of a user's TOML file.

    Raises:
        InvalidEdition: the file cannot be read or is not TOML.
    """
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InvalidEdition(source, "", f"cannot be read ({err})") from None
    return Table(source, "", _parse(source, text))


class Table:
    """One TOML table being read. Each getter names the key's place in messages."""

    def __init__(self, source: str, path: str, data: dict[str, Any]) -> None:
        self.source = source
        self.path = path
        self._data = data
        self._asked: list[str] = []

    def where(self, key: str) -> str:
        """The dotted path of ``key`` in this table."""
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, message: str) -> InvalidEdition:
        """An error about ``key`` of this table ("" for the table itself)."""
        return InvalidEdition(self.source, self.where(key) if key else self.path, message)

    def has(self, key: str) -> bool:
        """Whether the table sets ``key`` (and note that the key is known)."""
        self._note(key)
        return key in self._data

    def names(self) -> list[str]:
        """Every key the table sets, in file order."""
        return list(self._data)

    def _note(self, key: str) -> None:
        if key not in self._asked:
            self._asked.append(key)

    def _get(self, key: str, kind: type | tuple[type, ...], what: str) -> Any:
        self._note(key)
        if key not in self._data:
            raise self.error(key, f"required key is missing ({what})")
        value = self._data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(key, f"must be {what}; got {value!r}")
        return value

    def text(self, key: str, *, default: str | None = None) -> str:
        """A non-blank string (``default`` when the key is absent and a default is given)."""
        if default is not None and not self.has(key):
            return default
        value: str = self._get(key, str, "a string")
        if not value.strip():
            raise self.error(key, "must not be blank")
        return value

    def choice(self, key: str, options: tuple[str, ...], *, default: str | None = None) -> str:
        """One of ``options``."""
        value = self.text(key, default=default)
        if value not in options:
            raise self.error(key, f"must be one of {', '.join(map(repr, options))}; got {value!r}")
        return value

    def integer(self, key: str, *, minimum: int = 0) -> int:
        """A whole number, ``minimum`` or more."""
        value: int = self._get(key, int, "a whole number")
        if value < minimum:
            raise self.error(key, f"must be {minimum} or more; got {value}")
        return value

    def day(self, key: str) -> date:
        """A TOML local date (``2024-04-01``, unquoted)."""
        value = self._get(key, date, "a date such as 2024-04-01 (unquoted)")
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise self.error(key, f"must be a date such as 2024-04-01; got {value!r}")
        return value

    def texts(self, key: str) -> list[str]:
        """A list of strings."""
        values: list[Any] = self._get(key, list, "a list of strings")
        for value in values:
            if not isinstance(value, str):
                raise self.error(key, f"must be a list of strings; got {value!r} in it")
        return values

    def table(self, key: str) -> Table:
        """A sub-table."""
        data = self._get(key, dict, "a table")
        return Table(self.source, self.where(key), data)

    def optional_table(self, key: str) -> Table | None:
        """A sub-table, or ``None`` when the key is absent."""
        return self.table(key) if self.has(key) else None

    def tables(self, key: str) -> Iterator[Table]:
        """An array of tables (``[[key]]``), each with its index in messages."""
        values: list[Any] = self._get(key, list, "an array of tables")
        for index, value in enumerate(values):
            if not isinstance(value, dict):
                raise self.error(key, f"must be an array of tables; got {value!r} in it")
            yield Table(self.source, f"{self.where(key)}[{index}]", value)

    def close(self) -> None:
        """Reject every key that no reader asked for (the schema is closed)."""
        for key in self._data:
            if key not in self._asked:
                expected = ", ".join(self._asked) if self._asked else "no keys"
                raise self.error(key, f"unknown key; expected one of: {expected}")
