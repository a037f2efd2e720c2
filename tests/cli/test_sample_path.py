"""The bundled sample's path: public as complaintcode.sample_path, old CLI path deprecated."""

from __future__ import annotations

import pytest

import complaintcode
import complaintcode.cli


def test_sample_path_is_public_and_ships_the_sample() -> None:
    """complaintcode.sample_path() names the CSV inside the installed package."""
    path = complaintcode.sample_path()
    assert path.is_file()
    assert path.parent.name == "data"
    assert path.parent.parent.name == "complaintcode"


def test_the_0_1_path_still_works_with_a_deprecation_warning() -> None:
    """complaintcode.cli.sample_path is the same function, with a DeprecationWarning."""
    with pytest.warns(DeprecationWarning, match=r"complaintcode\.sample_path"):
        old = complaintcode.cli.sample_path
    assert old() == complaintcode.sample_path()


def test_other_missing_names_are_still_attribute_errors() -> None:
    """The deprecation hook answers only for sample_path."""
    with pytest.raises(AttributeError):
        complaintcode.cli.no_such_name  # noqa: B018
