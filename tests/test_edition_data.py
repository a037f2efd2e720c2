"""The Code as data: every data file against its closed schema, and the data against the code.

The files live in ``src/complaintcode/data``: ``editions/<name>.toml`` (one per edition),
``provisions/<name>.toml`` (the provision catalogues) and ``rules.toml`` (the rule
catalogue). Each is read through a reader that rejects unknown keys, so these tests add a
stray key to every table of every file and expect an error naming it.
"""

from __future__ import annotations

import copy
import importlib
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

import complaintcode
from complaintcode._data import Table
from complaintcode.editions import (
    CODE_2022,
    CODE_2024,
    CODE_NAMES,
    EDITIONS,
    CodeEdition,
    Limit,
    read_code_edition,
)
from complaintcode.errors import InvalidEdition
from complaintcode.provisions import provision, provisions, read_catalogue
from complaintcode.rules import RULE_IDS, STAGE_RULE_IDS, definitions, read_definitions

DATA = Path(complaintcode.__file__).parent / "data"
EDITION_FILES = sorted((DATA / "editions").glob("*.toml"))
CATALOGUE_FILES = sorted((DATA / "provisions").glob("*.toml"))


def load(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def read_edition(data: dict[str, Any]) -> object:
    return read_code_edition(Table("test.toml", "", data))


def reader_for(path: Path) -> Callable[[dict[str, Any]], object]:
    if path.parent.name == "editions":
        return read_edition
    if path.parent.name == "provisions":
        return lambda data: read_catalogue(Table("test.toml", "", data), path.stem)
    return lambda data: read_definitions(Table("test.toml", "", data))


ALL_FILES = [*EDITION_FILES, *CATALOGUE_FILES, DATA / "rules.toml"]


def tables(data: dict[str, Any], path: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every table (and table in an array of tables) in a TOML document."""
    yield path
    for key, value in data.items():
        if isinstance(value, dict):
            yield from tables(value, (*path, key))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                yield from tables(item, (*path, key, index))


def at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def dotted(path: tuple[str | int, ...]) -> str:
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def test_the_data_files_are_where_the_loaders_look() -> None:
    """One file per Code edition, two provision catalogues, one rule catalogue."""
    assert [p.stem for p in EDITION_FILES] == list(CODE_NAMES)
    assert [p.stem for p in CATALOGUE_FILES] == ["2022", "2024"]
    assert (DATA / "rules.toml").is_file()


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_data_file_reads_cleanly(path: Path) -> None:
    """Each file passes its reader as shipped."""
    assert reader_for(path)(load(path))


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_an_unknown_key_in_any_table_is_an_error_naming_it(path: Path) -> None:
    """The schema is closed: a stray key anywhere is reported with its dotted path."""
    original = load(path)
    read = reader_for(path)
    checked = 0
    for where in tables(original):
        data = copy.deepcopy(original)
        at(data, where)["unexpected"] = 1
        with pytest.raises(InvalidEdition) as caught:
            read(data)
        assert caught.value.key == dotted((*where, "unexpected")), where
        assert "unknown key" in caught.value.message
        checked += 1
    assert checked > 10


@pytest.mark.parametrize("path", EDITION_FILES, ids=lambda p: p.name)
def test_every_edition_value_needs_its_provision_and_source(path: Path) -> None:
    """Dropping ``provision`` or ``source`` from any parameter is an error naming the key."""
    original = load(path)
    for where in tables(original):
        if "provision" not in at(original, where):
            continue
        for key in ("provision", "obligation", "certainty", "source"):
            data = copy.deepcopy(original)
            del at(data, where)[key]
            with pytest.raises(InvalidEdition, match="required key is missing") as caught:
                read_edition(data)
            assert caught.value.key == dotted((*where, key))


def test_wrong_values_are_errors_naming_the_key() -> None:
    """Wrong types and words outside the vocabularies are rejected."""
    data = load(DATA / "editions" / "2024.toml")
    data["stage1"]["respond"]["runs_from"] = "logging"
    with pytest.raises(InvalidEdition, match="must be one of 'receipt', 'acknowledgement'"):
        read_edition(data)
    data = load(DATA / "editions" / "2024.toml")
    data["stage2"]["letter"]["items"] = ["STAGE", "APOLOGY"]
    with pytest.raises(InvalidEdition, match="'APOLOGY' is not one of"):
        read_edition(data)
    data = load(DATA / "editions" / "2024.toml")
    data["in_force_from"] = "2024-04-01"
    with pytest.raises(InvalidEdition, match="must be a date"):
        read_edition(data)
    data = load(DATA / "editions" / "2024.toml")
    data["stage1"]["extension_cap"]["certainty"] = "sure"
    with pytest.raises(InvalidEdition) as caught:
        read_edition(data)
    assert caught.value.key == "stage1.extension_cap.certainty"


def test_the_rule_vocabulary_matches_the_rule_data() -> None:
    """rules.toml lists exactly the identifiers of RuleId, in order; a stranger is rejected."""
    data = load(DATA / "rules.toml")
    assert tuple(data["rule"]) == RULE_IDS
    assert tuple(d.id for d in definitions()) == RULE_IDS
    renamed = copy.deepcopy(data)
    renamed["rule"] = {
        ("stage1.respond" if k == "stage1.response" else k): v for k, v in data["rule"].items()
    }
    with pytest.raises(InvalidEdition, match=re.escape("expected rule 'stage1.response'")):
        read_definitions(Table("test.toml", "", renamed))
    short = copy.deepcopy(data)
    del short["rule"]["remedy.completion"]
    with pytest.raises(InvalidEdition, match=re.escape("has no entry for remedy.completion")):
        read_definitions(Table("test.toml", "", short))
    wrong = copy.deepcopy(data)
    wrong["rule"]["stage2.response"]["reads"] = ["stage1.respond"]
    with pytest.raises(InvalidEdition, match=re.escape("must be ['stage2.respond']")):
        read_definitions(Table("test.toml", "", wrong))
    unknown = copy.deepcopy(data)
    unknown["rule"]["stages.order"]["reads"] = ["stage_sequence"]
    with pytest.raises(InvalidEdition, match="'stage_sequence' is not an edition parameter"):
        read_definitions(Table("test.toml", "", unknown))


def test_each_rule_family_is_a_rules_module() -> None:
    """A rule's family names the module of complaintcode.rules that implements it."""
    for rule in definitions():
        module = importlib.import_module(f"complaintcode.rules.{rule.family}")
        assert module.__doc__


def edition_parameters(edition: CodeEdition) -> Iterator[str]:
    for number in range(1, edition.max_stages + 1):
        for key in (
            "acknowledge",
            "respond",
            "extension_cap",
            "extension_notice",
            "extension_reason",
            "extension_ombudsman_details",
            "letter",
        ):
            if edition.parameter(f"stage{number}.{key}") is not None:
                yield f"stage{number}.{key}"
    for name, _ in edition.requirements:
        yield name


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e.name)
def test_every_edition_parameter_is_read_by_a_rule(edition: CodeEdition) -> None:
    """No parameter is data that no rule reads (and so no stage sets a rule without an id)."""
    read = {path for rule in definitions() for path in rule.reads}
    assert set(edition_parameters(edition)) <= read


def test_stage_rule_ids_are_the_rules_that_read_the_stage_parameters() -> None:
    """STAGE_RULE_IDS and the rule data agree on which parameter each timing rule reads."""
    for (stage, _), rule_id in STAGE_RULE_IDS.items():
        (path,) = next(d for d in definitions() if d.id == rule_id).reads
        assert path.startswith(f"stage{stage}.")


def test_editions_follow_one_another_by_date() -> None:
    """In-force dates strictly increase, oldest first (the temporal-coverage test relies on it)."""
    dates = [e.in_force_from for e in EDITIONS]
    assert dates == sorted(set(dates))
    assert tuple(e.name for e in EDITIONS) == CODE_NAMES


def test_certainty_follows_the_evidence() -> None:
    """Tags rest on the evidence (reference/code-facts.md and the quoted self-assessments).

    Quoted word for word: 2022 5.13 (stage 2 response and its "should" extension) and
    2024 6.9 (with item b, the definition), 6.15, 6.16 and 6.19. Quoted only in part:
    2022 1.9 (cut before the Ombudsman) and 5.16 (cut after two items).
    """
    s2_2022 = CODE_2022.stage(2)
    assert s2_2022.respond.provision.certainty == "verified"
    assert s2_2022.extension_cap.provision.certainty == "verified"
    assert s2_2022.extension_cap.provision.obligation == "should"
    s1_2024, s2_2024 = CODE_2024.stage(1), CODE_2024.stage(2)
    assert s1_2024.letter_provision is not None
    assert s2_2024.letter_provision is not None
    assert s2_2024.extension_ombudsman_details is not None
    assert s1_2024.letter_provision.certainty == "verified"
    assert s2_2024.extension_cap.provision.certainty == "verified"
    assert s2_2024.extension_ombudsman_details.certainty == "verified"
    assert s2_2024.letter_provision.certainty == "verified"
    assert CODE_2022.refusal_to_accept.certainty == "partly verified"
    assert s2_2022.letter_provision is not None
    assert s2_2022.letter_provision.certainty == "partly verified"
    assert provision("2022", "1.9").certainty == "partly verified"
    assert provision("2024", "6.19").certainty == "verified"
    # the notice rules rest on guidance for residents, not on the Code's text
    assert s1_2024.extension_notice.certainty == "partly verified"
    for edition in EDITIONS:
        for path in edition_parameters(edition):
            parameter = edition.parameter(path)
            assert parameter is not None
            value = parameter.provision if isinstance(parameter, Limit) else parameter
            assert value.source.strip(), (edition.name, path)


def test_the_provision_catalogues_are_read_once() -> None:
    """Loaded lazily, then cached: the same tuple every time."""
    assert provisions("2024") is provisions("2024")
    assert all(p.source for p in provisions("2022"))


def run_fresh(code: str, *, unmeasured: bool = False) -> str:
    """Run ``code`` in a fresh interpreter (nothing loaded yet) and return what it prints.

    ``unmeasured`` runs it without coverage measurement (the test command measures
    subprocesses too, and coverage itself imports modules such as tomllib at start-up).
    """
    env = dict(os.environ)
    if unmeasured:
        for name in ("COVERAGE_PROCESS_CONFIG", "COVERAGE_PROCESS_START"):
            env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    return done.stdout.strip()


def test_importing_the_package_reads_no_data_file() -> None:
    """`import complaintcode` stays light: the TOML is read when an edition is first needed."""
    code = (
        "import sys, complaintcode, complaintcode.editions as e\n"
        "print('tomllib' in sys.modules, bool(e._loaded))\n"
        "complaintcode.CODE_2024\n"
        "print('tomllib' in sys.modules, bool(e._loaded))\n"
    )
    assert run_fresh(code, unmeasured=True).splitlines() == ["False False", "True True"]


def test_threads_asking_first_get_the_same_editions() -> None:
    """Eight threads asking at once load the editions once and share the same objects."""
    code = (
        "import threading\n"
        "from datetime import date\n"
        "from complaintcode.editions import edition_for\n"
        "seen = []\n"
        "def ask():\n"
        "    seen.append(edition_for(date(2024, 5, 1)))\n"
        "threads = [threading.Thread(target=ask) for _ in range(8)]\n"
        "[t.start() for t in threads]\n"
        "[t.join() for t in threads]\n"
        "from complaintcode import CODE_2024\n"
        "print(len(seen), all(e is CODE_2024 for e in seen))\n"
    )
    assert run_fresh(code) == "8 True"


def test_a_date_time_or_a_non_table_is_an_error_naming_the_key_and_value() -> None:
    """in_force_from is a day, not a moment; a catalogue's sections are tables."""
    data = load(DATA / "editions" / "2024.toml")
    data["in_force_from"] = datetime(2024, 4, 1, 9, 30)
    with pytest.raises(
        InvalidEdition, match=r"must be a date such as 2024-04-01; got datetime"
    ) as caught:
        read_edition(data)
    assert caught.value.key == "in_force_from"
    path = CATALOGUE_FILES[0]
    data = load(path)
    data["section"] = [1]
    with pytest.raises(InvalidEdition, match="must be an array of tables; got 1 in it") as caught:
        reader_for(path)(data)
    assert caught.value.key == "section"
