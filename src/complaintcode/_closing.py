"""A base for iterators that hold a file or worker processes: leaving ``with`` closes them."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from types import TracebackType
from typing import Self, TypeVar

__all__ = ["ClosingIterator"]

_T = TypeVar("_T")


class ClosingIterator(Iterator[_T]):
    """An iterator with a ``close()``, which a ``with`` block calls on the way out."""

    @abc.abstractmethod
    def close(self) -> None:
        """Stop, and let go of what the iterator holds."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
