"""The rule catalogue: rule definitions read from the data, and each rule's row per edition.

The expected rows are written from the Code (see /docs and the reference fact sheet):
provision numbers, who "must" or "should", and the limits the Code sets, not copied from
the output of :func:`complaintcode.rules.catalogue`.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import complaintcode.rules as rules_module
from complaintcode._data import Table, read_package_toml
from complaintcode.editions import CODE_2024
from complaintcode.errors import InvalidEdition
from complaintcode.rules import (
    RULE_IDS,
    CatalogueRow,
    catalogue,
    definition,
    definitions,
    read_definitions,
)


def _rows(rule: str) -> dict[str, CatalogueRow]:
    return {row.edition: row for row in catalogue() if row.rule == rule}


def test_a_rule_with_one_parameter_per_edition() -> None:
    """Stage 1 response: 2022 Code 5.1 and 2024 Code 6.3, 10 working days after acknowledgement.

    The 2020 Code's numbering is not verified, so its row says so in words.
    """
    rows = _rows("stage1.response")
    assert rows["2024"] == CatalogueRow(
        "stage1.response",
        "2024",
        "6.3",
        "must",
        "verified",
        "10 working days after acknowledgement",
    )
    assert rows["2022"].provision == "5.1"
    assert rows["2020"].provision == "stage one timescale (number not verified)"


def test_extension_rows_give_the_cap_and_the_notice_limit() -> None:
    """2024: the stage 1 cap is 10 working days (6.4), the stage 2 cap 20 (6.15).

    An extension is notified by the deadline it extends; the 2022 Code says "should"
    (5.1) where the 2024 Code says "must" (6.4).
    """
    assert _rows("stage1.extension-length")["2024"].limit == "10 working days without good reason"
    assert _rows("stage2.extension-length")["2024"].limit == "20 working days without good reason"
    notice = _rows("stage1.extension-notice")
    assert (notice["2024"].obligation, notice["2022"].obligation) == ("must", "should")
    assert notice["2024"].limit == "by the then-current deadline"
    assert notice["2024"].certainty == "partly verified"
    # A reason for an extension has no limit to state.
    assert _rows("stage1.extension-reason")["2024"].limit == ""


def test_a_rule_resting_on_two_labelled_provisions() -> None:
    """A refusal is explained under 2.4 (not accepting) or 5.11 (not escalating) in 2024.

    The 2020 Code has no escalation refusal provision: its row names only the one it has.
    """
    rows = _rows("refusal.explanation")
    assert rows["2024"].provision == "2.4 (accept); 5.11 (escalate)"
    assert rows["2024"].limit == "refusal to accept or to escalate"
    assert rows["2022"].provision == "1.9 (accept); 5.9 (escalate)"
    assert rows["2020"].provision == "refusal explanation (number not verified)"
    assert rows["2020"].limit == "refusal to accept"


def test_a_rule_resting_on_two_unlabelled_provisions() -> None:
    """Letter contents: 2024 Code 6.9 (stage 1, items a-g) and 6.19 (stage 2, a-g).

    The 2022 Code's stage 1 letter (5.8) has six items, no complaint definition.
    """
    rows = _rows("response.content")
    assert rows["2024"].provision == "6.9 / 6.19"
    assert rows["2024"].limit == "stage 1: 7 items, stage 2: 7 items"
    assert rows["2022"].provision == "5.8 / 5.16"
    assert rows["2022"].limit == "stage 1: 6 items, stage 2: 7 items"


def test_edition_wide_limits() -> None:
    """2024: two stages at most (5.3) and the 12-month window (2.3); 2022: three stages."""
    assert _rows("stages.count")["2024"].limit == "2 stages at most"
    assert _rows("stages.count")["2022"].limit == "3 stages at most"
    assert _rows("exclusion.time-limit")["2024"].provision == "2.3"
    assert _rows("exclusion.time-limit")["2024"].limit == "12 months"
    assert set(_rows("exclusion.time-limit")) == {"2024"}


def test_a_time_limit_without_a_number_of_months_states_no_limit() -> None:
    """An edition built in code with the time-limit provision but no months shows no limit."""
    vague = attrs.evolve(CODE_2024, time_limit_months=None)
    (row,) = [row for row in catalogue((vague,)) if row.rule == "exclusion.time-limit"]
    assert (row.provision, row.limit) == ("2.3", "")


def test_the_catalogue_covers_the_three_editions_oldest_first() -> None:
    """Each rule's rows run 2020, 2022, 2024 (for the editions that have it)."""
    editions = [row.edition for row in catalogue() if row.rule == "remedy.completion"]
    assert editions == ["2020", "2022", "2024"]


def test_the_shipped_rule_data_reads_to_the_definitions() -> None:
    """Reading rules.toml afresh gives the definitions in RuleId order, labels included."""
    found = read_definitions(read_package_toml("rules.toml"))
    assert tuple(d.id for d in found) == RULE_IDS
    assert found == definitions()
    refusal = next(d for d in found if d.id == "refusal.explanation")
    assert refusal.labels == ("accept", "escalate")
    assert refusal.reads == ("refusal_to_accept", "refusal_to_escalate")
    assert next(d for d in found if d.id == "stage1.response").labels == ()


def test_the_definitions_are_read_once_and_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    """On first use the data is read; every later call gives the same tuple."""
    monkeypatch.setattr(rules_module, "_loaded", [])
    first = definitions()
    assert first == read_definitions(read_package_toml("rules.toml"))
    assert definitions() is first


def test_rules_maps_every_rule_to_its_description(monkeypatch: pytest.MonkeyPatch) -> None:
    """RULES is built on first use from the definitions, then is one shared mapping."""
    monkeypatch.delattr(rules_module, "RULES", raising=False)
    built = rules_module.RULES
    assert built == {d.id: d.description for d in definitions()}
    assert rules_module.RULES is built
    with pytest.raises(AttributeError) as raised:
        _ = rules_module.RULE
    assert str(raised.value) == "module 'complaintcode.rules' has no attribute 'RULE'"


def test_an_unknown_rule_is_a_key_error_naming_it() -> None:
    """definition() says which identifier it could not find and where the valid ones are."""
    with pytest.raises(KeyError) as raised:
        definition("stage1.respond")
    assert raised.value.args == ("no rule 'stage1.respond'; see complaintcode.rules.RULE_IDS",)


def _shipped() -> dict[str, Any]:
    source = Path(rules_module.__file__).parent.parent / "data" / "rules.toml"
    return tomllib.loads(source.read_text(encoding="utf-8"))


def _rename(data: dict[str, Any]) -> None:
    data["rule"] = {
        ("stage1.respond" if k == "stage1.response" else k): v for k, v in data["rule"].items()
    }


def _drop_last_two(data: dict[str, Any]) -> None:
    del data["rule"]["remedy.target-date"]
    del data["rule"]["remedy.completion"]


def _one_label(data: dict[str, Any]) -> None:
    data["rule"]["refusal.explanation"]["labels"] = ["accept"]


def _no_reads(data: dict[str, Any]) -> None:
    data["rule"]["stages.order"]["reads"] = []


def _unknown(data: dict[str, Any]) -> None:
    data["rule"]["stages.order"]["reads"] = ["stage_sequence"]


def _wrong_stage(data: dict[str, Any]) -> None:
    data["rule"]["stage2.response"]["reads"] = ["stage1.respond"]


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            _rename,
            "rule.stage1.respond: expected rule 'stage1.response' here (the order of RuleId)",
        ),
        (_drop_last_two, "rule: has no entry for remedy.target-date, remedy.completion"),
        (
            _one_label,
            "rule.refusal.explanation.reads: must name one parameter or more (one per label)",
        ),
        (_no_reads, "rule.stages.order.reads: must name one parameter or more (one per label)"),
        (_unknown, "rule.stages.order.reads: 'stage_sequence' is not an edition parameter"),
        (_wrong_stage, "rule.stage2.response.reads: must be ['stage2.respond']"),
    ],
)
def test_spoilt_rule_data_is_an_error_naming_file_key_and_fault(
    spoil: Callable[[dict[str, Any]], None], message: str
) -> None:
    """Each fault in the rule data names the file, the key and what is wrong, exactly."""
    data = copy.deepcopy(_shipped())
    spoil(data)
    with pytest.raises(InvalidEdition) as raised:
        read_definitions(Table("test.toml", "", data))
    assert str(raised.value) == f"test.toml: {message}"
