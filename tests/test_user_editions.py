"""User editions: a landlord's own, stricter rule set loaded from TOML and checked like the Code.

The golden cases are worked by hand from the England and Wales calendar of May-July 2024:
Monday 6 May (May Day) and Monday 27 May (Spring bank holiday) are not
working days. "N working days after" a day is the N-th working day after it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jsonschema
import pytest

from complaintcode import (
    CODE_2024,
    CodeEdition,
    Complaint,
    ExclusionGround,
    Extension,
    Refusal,
    Severity,
    Stage,
    StageStatus,
    check,
)
from complaintcode.errors import EditionError, InvalidEdition
from complaintcode.provisions import provisions
from complaintcode.rules import catalogue
from complaintcode.serialize import schema, to_dict
from support import write_file

ACME = """
name = "Acme 2025"
title = "Acme Housing complaints policy (2025)"
base = "2024"

[stage1.acknowledge]
working_days = 3
provision = "Acme policy 4.1"

[stage1.respond]
working_days = 7
provision = "Acme policy 4.2"
source = "Acme Housing complaints policy, version 3, section 4.2"
"""


@pytest.fixture
def acme(tmp_path: Path) -> CodeEdition:
    return CodeEdition.from_toml(write_file(tmp_path, ACME, "edition.toml"))


def test_a_user_edition_keeps_the_base_edition_where_it_says_nothing(acme: CodeEdition) -> None:
    """Only the two changed limits differ from the 2024 Code; the rest is cited as the Code."""
    assert acme.name == "Acme 2025"
    assert acme.is_user_edition
    assert acme.base == "2024"
    assert not CODE_2024.is_user_edition
    stage1, stage2 = acme.stage(1), acme.stage(2)
    assert stage1.acknowledge is not None
    assert stage2.acknowledge is not None
    assert (stage1.acknowledge.working_days, stage1.respond.working_days) == (3, 7)
    assert stage1.respond.runs_from == "acknowledgement"
    assert stage1.respond.provision.number == "Acme policy 4.2"
    assert (
        stage1.respond.provision.source == "Acme Housing complaints policy, version 3, section 4.2"
    )
    assert (
        stage1.acknowledge.provision.source == "Acme Housing complaints policy (2025) (Acme 2025)"
    )
    assert (stage2.acknowledge.working_days, stage2.respond.working_days) == (5, 20)
    assert stage2.respond.provision.number == "2024 Code 6.14"
    assert stage1.extension_cap.working_days == 10
    assert acme.max_stages == 2
    assert acme.time_limit_months == 12
    assert acme.handler_independence is not None
    assert acme.handler_independence.number == "2024 Code 6.13"
    assert acme.stage_order.certainty == "partly verified"  # the Code's certainty is kept


def received_3_may(acknowledged: date, responded: date) -> Complaint:
    return Complaint(
        "ACME-1", [Stage(1, date(2024, 5, 3), acknowledged=acknowledged, responded=responded)]
    )


def test_the_3_and_7_day_policy_finds_what_the_code_does_not(acme: CodeEdition) -> None:
    """Received Fri 3 May 2024, acknowledged Fri 10 May, answered Thu 23 May.

    Acme: acknowledge by the 3rd working day after Fri 3 May, skipping Mon 6 May: Tue 7,
    Wed 8, Thu 9 -> Thu 9 May; Fri 10 is 1 working day late. Respond by the 7th working
    day after the acknowledgement on Fri 10: Mon 13, Tue 14, Wed 15, Thu 16, Fri 17,
    Mon 20, Tue 21 -> Tue 21 May; Thu 23 is 2 working days late (Wed 22, Thu 23).
    The 2024 Code: acknowledge by Mon 13 May (5th working day), respond by Fri 24 May
    (10th working day after Fri 10): both met, so no findings.
    """
    complaint = received_3_may(date(2024, 5, 10), date(2024, 5, 23))
    assert check(complaint).findings == ()
    assessment = check(complaint, edition=acme)
    assert assessment.edition is acme
    assert [(f.rule, f.provision, f.edition) for f in assessment.findings] == [
        ("stage1.acknowledgement", "Acme policy 4.1", "Acme 2025"),
        ("stage1.response", "Acme policy 4.2", "Acme 2025"),
    ]
    ack, response = assessment.findings
    assert (ack.due, ack.actual, ack.working_days_late) == (
        date(2024, 5, 9),
        date(2024, 5, 10),
        1,
    )
    assert (response.due, response.actual, response.working_days_late) == (
        date(2024, 5, 21),
        date(2024, 5, 23),
        2,
    )
    assert response.severity is Severity.BREACH
    assert response.message == (
        "Stage 1 response sent 2024-05-23, 2 working days after its 2024-05-21 deadline "
        "(7 working days after acknowledgement on 2024-05-10)"
    )
    assert str(response).endswith("(user edition 'Acme 2025': Acme policy 4.2; breach)")
    assert assessment.status(1) is StageStatus.LATE
    basis = assessment.timetable[1].acknowledge_by
    assert basis is not None
    assert basis.basis == (
        "2024-05-09: 3 working days after receipt on 2024-05-03 "
        "(user edition 'Acme 2025': Acme policy 4.1); skips Monday 2024-05-06 (May Day)"
    )


def test_a_response_on_the_policy_deadline_is_on_time(acme: CodeEdition) -> None:
    """Answered Tue 21 May, the 7th working day after Fri 10 May: only the acknowledgement."""
    assessment = check(received_3_may(date(2024, 5, 10), date(2024, 5, 21)), edition=acme)
    assert [f.rule for f in assessment.findings] == ["stage1.acknowledgement"]
    assert assessment.status(1) is StageStatus.ON_TIME


def test_an_acknowledgement_on_the_third_working_day_is_on_time(acme: CodeEdition) -> None:
    """Acknowledged Thu 9 May (3rd working day), answered Fri 17 May (6th after): compliant."""
    assessment = check(received_3_may(date(2024, 5, 9), date(2024, 5, 17)), edition=acme)
    assert assessment.findings == ()
    assert assessment.compliant


def test_inherited_rules_cite_the_code_under_the_user_edition(acme: CodeEdition) -> None:
    """Stage 2 received Mon 3 June, acknowledged Tue 11 June.

    Stage 2 keeps the 2024 Code's 5 working days (6.11): Tue 4, Wed 5, Thu 6, Fri 7,
    Mon 10 -> Mon 10 June; Tue 11 is 1 working day late.
    """
    complaint = Complaint(
        "ACME-2",
        [
            Stage(
                1,
                date(2024, 5, 3),
                acknowledged=date(2024, 5, 9),
                responded=date(2024, 5, 17),
                handler="A",
            ),
            Stage(2, date(2024, 6, 3), acknowledged=date(2024, 6, 11), handler="B"),
        ],
    )
    (finding,) = check(complaint, edition=acme).findings
    assert (finding.rule, finding.provision, finding.edition) == (
        "stage2.acknowledgement",
        "2024 Code 6.11",
        "Acme 2025",
    )
    assert (finding.due, finding.working_days_late) == (date(2024, 6, 10), 1)
    assert str(finding).endswith("(user edition 'Acme 2025': 2024 Code 6.11; breach)")


def test_a_tighter_extension_cap(tmp_path: Path) -> None:
    """A 5-working-day cap: a 7-day extension without good reason counts for 5.

    Received Fri 3 May, acknowledged Tue 7 May (on time: due Thu 9). Respond by the 7th
    working day after Tue 7: Wed 8 ... Thu 16 May. Extension of 7 notified Mon 13 May,
    no good reason: 5 count, so the deadline is the 5th working day after Thu 16:
    Fri 17, Mon 20, Tue 21, Wed 22, Thu 23 -> Thu 23 May. Answered Thu 23: within it.
    Under the 2024 Code the 7 days are within its cap of 10, so no findings at all.
    """
    policy = ACME + '\n[stage1.extension_cap]\nworking_days = 5\nprovision = "Acme policy 4.3"\n'
    edition = CodeEdition.from_toml(write_file(tmp_path, policy, "edition.toml"))
    extension = Extension(
        date(2024, 5, 13), 7, "waiting for a surveyor", ombudsman_details_given=True
    )
    complaint = Complaint(
        "ACME-3",
        [
            Stage(
                1,
                date(2024, 5, 3),
                acknowledged=date(2024, 5, 7),
                responded=date(2024, 5, 23),
                extensions=[extension],
            )
        ],
    )
    assert check(complaint).findings == ()
    assessment = check(complaint, edition=edition)
    (finding,) = assessment.findings
    assert (finding.rule, finding.provision) == ("stage1.extension-length", "Acme policy 4.3")
    assert "2 more than the 5-working-day cap" in finding.message
    assert assessment.status(1) is StageStatus.WITHIN_EXTENSION
    extended = assessment.timetable[1].extended_respond_by
    assert extended is not None
    assert extended.due == date(2024, 5, 23)


def test_a_longer_acceptance_window(tmp_path: Path) -> None:
    """An 18-month window: a refusal as out of time 16 months after the issue breaches it.

    Issue 10 January 2023, complaint received Mon 3 June 2024: outside the Code's 12 months
    (to 10 January 2024) but inside 18 months (to 10 July 2024).
    """
    policy = ACME + '\n[time_limit]\nmonths = 18\nprovision = "Acme policy 2.1"\n'
    edition = CodeEdition.from_toml(write_file(tmp_path, policy, "edition.toml"))
    complaint = Complaint(
        "ACME-4",
        [Stage(1, date(2024, 6, 3))],
        issue_date=date(2023, 1, 10),
        refusal=Refusal(
            date(2024, 6, 5),
            ExclusionGround.OUT_OF_TIME,
            reasons_given=True,
            ombudsman_rights_given=True,
        ),
    )
    assert check(complaint).findings == ()
    (finding,) = check(complaint, edition=edition).findings
    assert (finding.rule, finding.provision, finding.due) == (
        "exclusion.time-limit",
        "Acme policy 2.1",
        date(2024, 7, 10),
    )
    assert "within 18 months of 2023-01-10" in finding.message


def test_a_should_of_the_code_can_become_a_must(tmp_path: Path) -> None:
    """On the 2022 Code, extensions over the cap are advisory; a policy may make them breaches."""
    policy = (
        'name = "Firm 2022"\ntitle = "Firm policy"\nbase = "2022"\n'
        '[stage1.extension_cap]\nobligation = "must"\nprovision = "Firm 3.1"\n'
    )
    edition = CodeEdition.from_toml(write_file(tmp_path, policy, "edition.toml"))
    assert edition.stage(1).extension_cap.working_days == 10
    assert edition.stage(1).extension_cap.provision.obligation == "must"
    assert edition.stage(1).extension_notice.obligation == "should"


def test_the_catalogue_lists_a_user_editions_rules(acme: CodeEdition) -> None:
    """Every rule of the base applies under the user edition, with the user's citations."""
    rows = {row.rule: row for row in catalogue((acme,))}
    assert len(rows) == len(list(catalogue((CODE_2024,))))
    assert rows["stage1.response"].provision == "Acme policy 4.2"
    assert rows["stage1.response"].limit == "7 working days after acknowledgement"
    assert rows["stage2.response"].provision == "2024 Code 6.14"


def test_a_user_edition_has_no_provision_catalogue(acme: CodeEdition) -> None:
    """Self-assessment is against the Code: the error names the base edition."""
    with pytest.raises(EditionError, match="the 2024 Code"):
        provisions(acme)


@pytest.mark.parametrize(
    ("extra", "key", "words"),
    [
        (
            '[stage1.extension_cap]\nworking_days = 11\nprovision = "x"\n',
            "stage1.extension_cap.working_days",
            "10 or fewer: the 2024 Code allows 10 (2024 Code 6.4)",
        ),
        (
            '[stage2.respond]\nworkingdays = 15\nprovision = "x"\n',
            "stage2.respond.workingdays",
            "unknown key",
        ),
        (
            'disable = ["stages.handler-independence"]\n',
            "disable",
            "cannot remove or switch off a rule",
        ),
        ('[stage3.respond]\nworking_days = 10\nprovision = "x"\n', "stage3", "cannot add one"),
        (
            '[stage2.respond]\nruns_from = "receipt"\nprovision = "x"\n',
            "stage2.respond.runs_from",
            "cannot be changed",
        ),
        (
            '[stage_order]\nobligation = "should"\nprovision = "x"\n',
            "stage_order.obligation",
            'cannot loosen a "must"',
        ),
        (
            '[stage2.letter]\nitems = ["STAGE"]\nprovision = "x"\n',
            "stage2.letter.items",
            "leaves out",
        ),
        (
            '[stage2.letter]\nitems = ["STAGE", 5]\nprovision = "x"\n',
            "stage2.letter.items",
            "must be a list of strings; got 5 in it",
        ),
        (
            '[stage2.letter]\nitems = ["STAGE", "STAGE"]\nprovision = "x"\n',
            "stage2.letter.items",
            "lists an item twice",
        ),
        ('[time_limit]\nmonths = 6\nprovision = "x"\n', "time_limit.months", "12 or more"),
        (
            "[stage2.respond]\nworking_days = 15\n",
            "stage2.respond.provision",
            "required key is missing",
        ),
        (
            '[stage1.respond]\nworking_days = -1\nprovision = "x"\n',
            "stage1.respond.working_days",
            "0 or more",
        ),
        (
            '[stage1.respond]\nworking_days = "7"\nprovision = "x"\n',
            "stage1.respond.working_days",
            "a whole number",
        ),
    ],
)
def test_loosening_or_dropping_is_an_error_naming_the_key(
    tmp_path: Path, extra: str, key: str, words: str
) -> None:
    """A user edition may only tighten its base; anything else names the offending key."""
    base = 'name = "P"\ntitle = "Policy"\nbase = "2024"\n'
    path = write_file(tmp_path, base + extra, "edition.toml")
    with pytest.raises(InvalidEdition) as caught:
        CodeEdition.from_toml(path)
    assert caught.value.key == key
    assert words in caught.value.message
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ('name = "2024"\ntitle = "T"\nbase = "2024"\n', "name", "is a Code edition"),
        ('name = "P"\ntitle = "T"\n', "base", "required key is missing"),
        ('name = "P"\ntitle = "T"\nbase = "2019"\n', "base", "must be one of"),
        ('title = "T"\nbase = "2024"\n', "name", "required key is missing"),
        (
            'name = "P"\ntitle = "T"\nbase = "2022"\n[stage2.acknowledge]\nworking_days = 3\n'
            'provision = "x"\n',
            "stage2.acknowledge",
            "the 2022 Code has no stage 2 acknowledgement limit",
        ),
        (
            'name = "P"\ntitle = "T"\nbase = "2020"\n[handler_independence]\nprovision = "x"\n',
            "handler_independence",
            "the 2020 Code has no handler_independence requirement",
        ),
        ('name = "P"\ntitle = "T"\nbase = "2024"\n[stage1\n', "", "not valid TOML"),
        (
            'name = "' + "P" * 81 + '"\ntitle = "T"\nbase = "2024"\n',
            "name",
            "must be one line of at most 80 characters",
        ),
        ('name = "P"\ntitle = "  "\nbase = "2024"\n', "title", "must not be blank"),
    ],
)
def test_a_user_edition_must_name_itself_and_its_base(
    tmp_path: Path, text: str, key: str, words: str
) -> None:
    """Name, title and base are required; the base decides what can be tightened."""
    with pytest.raises(InvalidEdition) as caught:
        CodeEdition.from_toml(write_file(tmp_path, text, "edition.toml"))
    assert caught.value.key == key
    assert words in caught.value.message


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    """A path that cannot be read names the file."""
    with pytest.raises(InvalidEdition, match="cannot be read"):
        CodeEdition.from_toml(tmp_path / "nowhere.toml")


def test_a_user_edition_assessment_is_a_valid_json_document(acme: CodeEdition) -> None:
    """The JSON document names the user edition and its citations, and meets the schema."""
    complaint = received_3_may(date(2024, 5, 10), date(2024, 5, 23))
    document = to_dict(check(complaint, edition=acme))
    assert document["edition"] == "Acme 2025"
    assert [f["provision"] for f in document["findings"]] == ["Acme policy 4.1", "Acme policy 4.2"]
    validator = jsonschema.Draft202012Validator(
        schema("assessment"), format_checker=jsonschema.FormatChecker()
    )
    assert list(validator.iter_errors(document)) == []
