"""Old 0.1.0 import paths that still work until 0.3, each with a ``DeprecationWarning``.

In 0.1.0 the checking functions lived in a module called ``complaintcode.check``, which
the function :func:`complaintcode.check` hid. The module is now
:mod:`complaintcode.checking`; ``from complaintcode.check import check_all`` keeps working
through an alias module registered here, and says where the name lives now.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
import warnings
from typing import Any


class _MovedModule(types.ModuleType):
    """A module whose every attribute is looked up, with a warning, in its new home."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(old, f"Deprecated alias of {new}; removed in 0.3.")
        self._new = new
        self.__spec__ = importlib.machinery.ModuleSpec(old, loader=None)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        module = importlib.import_module(self._new)
        value = getattr(module, name)
        warnings.warn(
            f"{self.__name__}.{name} has moved to {self._new}.{name} "
            f"(or import it from complaintcode); the old path goes in 0.3",
            DeprecationWarning,
            stacklevel=2,
        )
        return value

    def __dir__(self) -> list[str]:
        return sorted(vars(importlib.import_module(self._new)))


def register_moved_module(old: str, new: str) -> None:
    """Make ``import old`` and ``from old import x`` work, warning on each name used."""
    sys.modules.setdefault(old, _MovedModule(old, new))
