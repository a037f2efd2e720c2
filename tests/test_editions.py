"""Editions as data: temporal coverage and the parameters the rules read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from complaintcode import CODE_2020, CODE_2022, CODE_2024, EditionError, edition_for
from complaintcode.editions import EDITIONS, edition_named


def test_exactly_one_edition_is_in_force_on_every_date_to_2099() -> None:
    """From 2020-07-01 to 2099-12-31, exactly one edition is in force each day."""
    day = date(2020, 7, 1)
    end = date(2099, 12, 31)
    while day <= end:
        in_force = [
            e
            for i, e in enumerate(EDITIONS)
            if e.in_force_from <= day
            and (i + 1 == len(EDITIONS) or day < EDITIONS[i + 1].in_force_from)
        ]
        assert len(in_force) == 1, day
        assert edition_for(day) is in_force[0]
        day += timedelta(days=1)


def test_before_the_first_edition_is_a_clear_error() -> None:
    """A complaint received before July 2020 has no edition."""
    with pytest.raises(EditionError, match=r"2020-06-30.*2020-07-01"):
        edition_for(date(2020, 6, 30))


@pytest.mark.parametrize(
    ("received", "name"),
    [
        (date(2020, 7, 1), "2020"),
        (date(2022, 3, 31), "2020"),
        (date(2022, 4, 1), "2022"),
        (date(2024, 3, 28), "2022"),
        (date(2024, 3, 31), "2022"),
        (date(2024, 4, 1), "2024"),
        (date(2024, 4, 2), "2024"),
    ],
)
def test_edition_boundaries(received: date, name: str) -> None:
    """Editions change on 1 April 2022 and 1 April 2024."""
    assert edition_for(received).name == name


def test_parameters_match_the_editions_table() -> None:
    """The limits the rules read are those of architecture §4, with their provisions."""
    s1, s2 = CODE_2024.stage(1), CODE_2024.stage(2)
    assert s1.acknowledge is not None
    assert s2.acknowledge is not None
    assert (s1.acknowledge.working_days, s1.acknowledge.provision.number) == (5, "6.2")
    assert (s1.respond.working_days, s1.respond.runs_from, s1.respond.provision.number) == (
        10,
        "acknowledgement",
        "6.3",
    )
    assert (s1.extension_cap.working_days, s2.extension_cap.working_days) == (10, 20)
    assert (s2.respond.working_days, s2.respond.runs_from) == (20, "acknowledgement")
    assert CODE_2024.max_stages == 2
    assert CODE_2022.stage(2).acknowledge is None
    assert CODE_2022.stage(2).respond.runs_from == "receipt"
    assert CODE_2022.stage(2).extension_cap.working_days == 10
    assert CODE_2022.max_stages == CODE_2020.max_stages == 3
    assert CODE_2022.handler_independence is not None
    assert CODE_2020.handler_independence is None
    assert CODE_2024.time_limit_months == 12
    assert CODE_2022.time_limit is None


def test_uncertain_parameters_say_so() -> None:
    """Every 2020 timescale provision is marked unverified; the 2024 ones verified."""
    for stage in CODE_2020.stages:
        assert stage.respond.provision.certainty == "unverified"
    assert CODE_2024.stage(1).respond.provision.certainty == "verified"
    assert CODE_2022.stage(1).extension_cap.provision.obligation == "should"


def test_edition_named() -> None:
    """Editions can be forced by name; unknown names are a clear error."""
    assert edition_named("2024") is CODE_2024
    assert edition_named(CODE_2020) is CODE_2020
    with pytest.raises(EditionError, match="unknown edition '2019'"):
        edition_named("2019")


def test_a_stage_or_parameter_an_edition_lacks_is_a_key_error_naming_it() -> None:
    """Every edition has two stages: a third is named in the error, as is an unknown key."""
    assert CODE_2024.stage(2).respond.working_days == 20
    with pytest.raises(KeyError, match="the 2024 Code has no stage 3"):
        CODE_2024.stage(3)
    for path in ("stage1.respnod", "stageX.respond"):
        with pytest.raises(KeyError, match=f"no edition parameter '{path}'"):
            CODE_2024.parameter(path)
