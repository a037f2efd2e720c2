"""The data that ships with the package: :func:`sample_path`, the bundled sample export."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["sample_path"]


def sample_path() -> Path:
    """The bundled sample export: 3,000 synthetic complaints received 2021-2025.

    One row per complaint, in the documented columns; ``complaintcode check --sample``
    reads it. Use it to try the library before your own export is ready.

    >>> from complaintcode.records import read_cases
    >>> sample_path().name
    'sample.csv'
    >>> with read_cases(sample_path()) as cases:
    ...     next(cases).reference
    'HC-2021-000001'
    """
    return Path(str(resources.files("complaintcode") / "data" / "sample.csv"))
