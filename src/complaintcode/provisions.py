"""Every provision of the 2022 and 2024 Codes, summarised in our own words.

A landlord's annual self-assessment walks through the Code provision by provision. This
module is that list, as data: for each provision its number, section, whether it is a
"must" or a "should", a short summary, and whether a landlord's **case data** can evidence
it (timescales, extensions, letters, refusals, remedies) or only the **landlord**'s own
records can (policy, training, governance).

>>> rows = provisions("2024")
>>> len(rows), rows[0].number, rows[-1].number
(72, '1.2', '9.8')
>>> p = provision("2024", "6.2")
>>> str(p.section), p.obligation, p.evidence
('6 Complaint stages — stage 1', 'must', 'case data')
>>> p.cite()
'2024 Code 6.2'

The summaries paraphrase the Code; they are not its text, so read the Code itself before
relying on a summary. The numbering follows landlords' published self-assessments (three
against the 2024 Code agree on every number from 1.2 to 9.8; one against the March 2022
revision gives the 2022 numbers, which omit 6.4, 7.1 and any stage three provisions).
Where the 2024 Code places no "must" on the landlord (8.4: "may be asked"), the catalogue
records a "should".
"""

from __future__ import annotations

from typing import Literal

import attrs

from complaintcode.editions import CodeEdition, Obligation, edition_named
from complaintcode.errors import EditionError, InvalidArgument

__all__ = [
    "CATALOGUED_EDITIONS",
    "CodeProvision",
    "CodeSection",
    "EvidenceKind",
    "provision",
    "provisions",
]

EvidenceKind = Literal["case data", "landlord"]
""""case data": complaint records can evidence it; "landlord": policy, training, governance."""

CataloguedEdition = Literal["2022", "2024"]


@attrs.frozen
class CodeSection:
    """A section of the Code: its number and title (section 6 of 2024 is split by stage).

    >>> str(CodeSection(6, "Complaint stages — stage 2"))
    '6 Complaint stages — stage 2'
    """

    number: int
    title: str

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


@attrs.frozen
class CodeProvision:
    """One provision of one edition of the Code, summarised in our own words.

    ``summary`` paraphrases the provision in at most 25 words; ``evidence`` says whether
    complaint records can show compliance (``"case data"``) or only the landlord's own
    documents can (``"landlord"``).

    >>> p = provision("2022", "5.12")
    >>> p.edition, p.obligation, p.evidence, str(p.section)
    ('2022', 'must', 'case data', '5 Complaint stages — stage 2')
    """

    edition: CataloguedEdition
    number: str
    section: CodeSection
    obligation: Obligation
    summary: str
    evidence: EvidenceKind

    @property
    def key(self) -> tuple[int, int]:
        """The number as a sortable pair: "6.10" is (6, 10), after "6.9".

        >>> provision("2024", "6.10").key > provision("2024", "6.9").key
        True
        """
        major, minor = self.number.split(".")
        return int(major), int(minor)

    def cite(self) -> str:
        """The citation, e.g. "2024 Code 6.2"."""
        return f"{self.edition} Code {self.number}"


_Row = tuple[str, Obligation, EvidenceKind, str]

M: Obligation = "must"
S: Obligation = "should"
DATA: EvidenceKind = "case data"
OWN: EvidenceKind = "landlord"


def _build(
    edition: CataloguedEdition, sections: list[tuple[CodeSection, list[_Row]]]
) -> tuple[CodeProvision, ...]:
    built = [
        CodeProvision(edition, number, section, obligation, summary, evidence)
        for section, rows in sections
        for number, obligation, evidence, summary in rows
    ]
    return tuple(sorted(built, key=lambda p: p.key))


# -- 2024 -----------------------------------------------------------------------------------
# Numbers and wording as in three landlords' 2024 self-assessments (shared/seeds/000-002);
# section titles as in seed 000. Every provision is a "must" except 8.4 ("may be asked").

_S24 = {
    1: CodeSection(1, "Definition of a complaint"),
    2: CodeSection(2, "Exclusions"),
    3: CodeSection(3, "Accessibility and awareness"),
    4: CodeSection(4, "Complaint handling staff"),
    5: CodeSection(5, "The complaint handling process"),
    61: CodeSection(6, "Complaint stages — stage 1"),
    62: CodeSection(6, "Complaint stages — stage 2"),
    7: CodeSection(7, "Putting things right"),
    8: CodeSection(8, "Self-assessment, reporting and compliance"),
    9: CodeSection(9, "Scrutiny and oversight: continuous learning and improvement"),
}

_CODE_2024 = _build(
    "2024",
    [
        (
            _S24[1],
            [
                (
                    "1.2",
                    M,
                    OWN,
                    "Treat as a complaint any expressed dissatisfaction, in any "
                    "form, with the landlord's service, its staff or its agents, affecting one "
                    "or more residents.",
                ),
                (
                    "1.3",
                    M,
                    OWN,
                    'Residents need not say "complaint"; offer them the option '
                    "to complain whenever they voice dissatisfaction, and handle complaints made "
                    "through representatives under the policy.",
                ),
                (
                    "1.4",
                    M,
                    OWN,
                    "Distinguish service requests from complaints in the policy; "
                    "record, monitor and regularly review service requests even though they are "
                    "not complaints.",
                ),
                (
                    "1.5",
                    M,
                    OWN,
                    "Raise a complaint when a resident is unhappy with how a "
                    "service request was handled, while continuing to deal with the request "
                    "itself.",
                ),
                (
                    "1.6",
                    M,
                    OWN,
                    "Survey dissatisfaction is not a complaint, but tell "
                    "respondents how to complain where possible; any request for wider feedback "
                    "must explain how to complain.",
                ),
            ],
        ),
        (
            _S24[2],
            [
                (
                    "2.1",
                    M,
                    OWN,
                    "Accept every complaint unless a valid reason exists; judge "
                    "each on its merits and be able to evidence any decision not to accept.",
                ),
                (
                    "2.2",
                    M,
                    OWN,
                    "The policy sets out fair, reasonable grounds for not accepting or escalating "
                    "a complaint, e.g. issues over 12 months old, legal proceedings, or earlier "
                    "consideration.",
                ),
                (
                    "2.3",
                    M,
                    DATA,
                    "Accept complaints within 12 months of when the issue arose or the resident "
                    "learned of it, and consider discretion for older ones with good reason.",
                ),
                (
                    "2.4",
                    M,
                    DATA,
                    "When refusing a complaint, tell the resident why it is "
                    "unsuitable for the process and that they may take the refusal to the "
                    "Ombudsman.",
                ),
                (
                    "2.5",
                    M,
                    OWN,
                    "No blanket exclusions: look at each complaint's individual "
                    "circumstances before excluding it.",
                ),
            ],
        ),
        (
            _S24[3],
            [
                (
                    "3.1",
                    M,
                    OWN,
                    "Offer several ways to complain and, mindful of the Equality "
                    "Act 2010, anticipate residents' needs and reasonable adjustments.",
                ),
                (
                    "3.2",
                    M,
                    OWN,
                    "Residents may complain through any channel to any staff "
                    "member; all staff know the process and can pass complaints to the right "
                    "person.",
                ),
                (
                    "3.3",
                    M,
                    OWN,
                    "Do not treat high complaint numbers as bad; they may reflect "
                    "an accessible process, while low numbers may mean residents cannot "
                    "complain.",
                ),
                (
                    "3.4",
                    M,
                    OWN,
                    "Publish the complaints policy on the website in a clear, "
                    "accessible form explaining the two stages, what happens at each and "
                    "response times.",
                ),
                (
                    "3.5",
                    M,
                    OWN,
                    "The policy explains how the landlord publicises it, the "
                    "Ombudsman and this Code.",
                ),
                (
                    "3.6",
                    M,
                    OWN,
                    "Let residents have a representative handle their complaint "
                    "and accompany or represent them at meetings with the landlord.",
                ),
                (
                    "3.7",
                    M,
                    OWN,
                    "Tell residents about their right to use the Ombudsman and "
                    "how to engage with it about their complaint.",
                ),
            ],
        ),
        (
            _S24[4],
            [
                (
                    "4.1",
                    M,
                    OWN,
                    "Appoint a complaints officer (person or team) responsible "
                    "for complaint handling, Ombudsman liaison and reporting to the governing "
                    "body; other duties are allowed.",
                ),
                (
                    "4.2",
                    M,
                    OWN,
                    "The complaints officer can reach staff at every level and "
                    "has the authority and autonomy to settle disputes quickly and fairly.",
                ),
                (
                    "4.3",
                    M,
                    OWN,
                    "Prioritise complaint handling and learning from complaints; "
                    "train relevant staff and resource complaint handling as a core service.",
                ),
            ],
        ),
        (
            _S24[5],
            [
                (
                    "5.1",
                    M,
                    OWN,
                    "Have one complaints policy covering complaints under the "
                    "Code, and never treat residents differently because they complained.",
                ),
                (
                    "5.2",
                    M,
                    OWN,
                    "Resolve issues early and locally, but add no extra named "
                    'stages (for example a "stage 0" or informal stage).',
                ),
                (
                    "5.3",
                    M,
                    DATA,
                    "The complaints process has no more than two stages, in all "
                    "cases, so residents are not delayed in reaching the Ombudsman.",
                ),
                (
                    "5.4",
                    M,
                    OWN,
                    "A complaint handled by a third party, such as a contractor, "
                    "stays within the two-stage process; residents never face two processes.",
                ),
                (
                    "5.5",
                    M,
                    OWN,
                    "The landlord remains responsible for third parties "
                    "following the Code when they deal with complaints.",
                ),
                (
                    "5.6",
                    M,
                    OWN,
                    "Record the complaint definition (issues and outcomes sought) when logging at "
                    "stage 1 or escalating to stage 2; seek clarification of anything unclear.",
                ),
                (
                    "5.7",
                    M,
                    OWN,
                    "On acknowledging at either stage, say which parts of the "
                    "complaint the landlord is and is not responsible for, clarifying any "
                    "doubt.",
                ),
                (
                    "5.8",
                    M,
                    OWN,
                    "Handlers at every stage judge complaints on their merits, "
                    "independently and open-mindedly, hear the resident, manage conflicts of "
                    "interest and weigh all evidence.",
                ),
                (
                    "5.9",
                    M,
                    OWN,
                    "If a response will miss the Code's timescales, agree with "
                    "the resident how often they will be updated.",
                ),
                (
                    "5.10",
                    M,
                    OWN,
                    "Make reasonable adjustments under the Equality Act 2010, "
                    "record adjustments agreed and disabilities disclosed, and keep adjustments "
                    "under review.",
                ),
                (
                    "5.11",
                    M,
                    DATA,
                    "Refuse to escalate only for valid reasons, explain them "
                    "clearly, and follow section 2 when doing so.",
                ),
                (
                    "5.12",
                    M,
                    OWN,
                    "Keep a full record of each complaint and its stage "
                    "outcomes, including the original complaint, date received, all "
                    "correspondence and supporting documents.",
                ),
                (
                    "5.13",
                    M,
                    OWN,
                    "Be able to offer a remedy at any stage, without the "
                    "resident needing to escalate.",
                ),
                (
                    "5.14",
                    M,
                    OWN,
                    "Have policies for unacceptable behaviour by residents or "
                    "representatives; evidence reasons for any restriction and review "
                    "restrictions regularly.",
                ),
                (
                    "5.15",
                    M,
                    OWN,
                    "Restrictions on contact for unacceptable behaviour are "
                    "proportionate and respect the Equality Act 2010.",
                ),
            ],
        ),
        (
            _S24[61],
            [
                (
                    "6.1",
                    M,
                    OWN,
                    "Have processes to decide which complaints can be answered "
                    "quickly and which need investigation, weighing complexity and resident "
                    "vulnerability or risk.",
                ),
                (
                    "6.2",
                    M,
                    DATA,
                    "Acknowledge, define and log a stage 1 complaint within five "
                    "working days of receiving it.",
                ),
                (
                    "6.3",
                    M,
                    DATA,
                    "Send the full stage 1 response no later than 10 working "
                    "days after acknowledging the complaint.",
                ),
                (
                    "6.4",
                    M,
                    DATA,
                    "Weigh complexity to decide on a stage 1 extension, telling the resident; "
                    "extend at most 10 working days unless good reason exists, explaining why.",
                ),
                (
                    "6.5",
                    M,
                    DATA,
                    "Give the resident the Ombudsman's contact details whenever "
                    "telling them of an extension.",
                ),
                (
                    "6.6",
                    M,
                    OWN,
                    "Respond once the answer is known rather than when follow-up "
                    "actions are done; track outstanding actions promptly and keep the resident "
                    "updated.",
                ),
                (
                    "6.7",
                    M,
                    OWN,
                    "Answer every point in the complaint definition with clear "
                    "reasons that refer, where useful, to policy, law and good practice.",
                ),
                (
                    "6.8",
                    M,
                    OWN,
                    "Fold related new issues into an unissued stage 1 response; "
                    "log unrelated issues, or ones that would unduly delay it, as new "
                    "complaints.",
                ),
                (
                    "6.9",
                    M,
                    DATA,
                    "The written stage 1 response states, plainly, the stage, "
                    "definition, decision, reasons, any remedy, outstanding actions and how to "
                    "escalate to stage 2.",
                ),
            ],
        ),
        (
            _S24[62],
            [
                (
                    "6.10",
                    M,
                    OWN,
                    "A complaint not fully resolved at stage 1 moves to stage "
                    "2, the landlord's final response.",
                ),
                (
                    "6.11",
                    M,
                    DATA,
                    "Acknowledge, define and log a stage 2 request within five "
                    "working days of receiving it.",
                ),
                (
                    "6.12",
                    M,
                    OWN,
                    "Do not require residents to justify escalating; try "
                    "reasonably to find out why they are still unhappy.",
                ),
                (
                    "6.13",
                    M,
                    DATA,
                    "Someone other than the stage 1 handler considers the complaint at stage 2.",
                ),
                (
                    "6.14",
                    M,
                    DATA,
                    "Send the final stage 2 response no later than 20 working "
                    "days after acknowledging the escalation.",
                ),
                (
                    "6.15",
                    M,
                    DATA,
                    "Weigh complexity to decide on a stage 2 extension, telling the resident; "
                    "extend at most 20 working days unless good reason exists, explaining why.",
                ),
                (
                    "6.16",
                    M,
                    DATA,
                    "Give the resident the Ombudsman's contact details whenever "
                    "telling them of a stage 2 extension.",
                ),
                (
                    "6.17",
                    M,
                    OWN,
                    "Respond at stage 2 once the answer is known rather than "
                    "when follow-up actions are done; track outstanding actions and keep the "
                    "resident updated.",
                ),
                (
                    "6.18",
                    M,
                    OWN,
                    "At stage 2, answer every point in the complaint definition "
                    "with clear reasons that refer, where useful, to policy, law and good "
                    "practice.",
                ),
                (
                    "6.19",
                    M,
                    DATA,
                    "The written stage 2 response states, plainly, the stage, "
                    "definition, decision, reasons, any remedy, outstanding actions and how to "
                    "go to the Ombudsman.",
                ),
                (
                    "6.20",
                    M,
                    OWN,
                    "Stage 2 is the final response and draws in every staff "
                    "member needed to give it.",
                ),
            ],
        ),
        (
            _S24[7],
            [
                (
                    "7.1",
                    M,
                    OWN,
                    "Where something went wrong, admit it and set out actions "
                    "taken or planned to put it right, such as apologies, explanations, changed "
                    "decisions or payments.",
                ),
                (
                    "7.2",
                    M,
                    OWN,
                    "Remedies are proportionate to the impact of the fault on the resident.",
                ),
                (
                    "7.3",
                    M,
                    DATA,
                    "Each remedy states what will be done and by when, agreed "
                    "with the resident where appropriate, and is carried through to "
                    "completion.",
                ),
                (
                    "7.4",
                    M,
                    OWN,
                    "Follow the Ombudsman's remedies guidance when deciding what to offer.",
                ),
            ],
        ),
        (
            _S24[8],
            [
                (
                    "8.1",
                    M,
                    OWN,
                    "Produce a yearly report on complaint handling performance "
                    "and service improvement, with the self-assessment, performance analysis, "
                    "refused complaint types, Ombudsman non-compliance findings and learning.",
                ),
                (
                    "8.2",
                    M,
                    OWN,
                    "Report the annual report to the governing body, publish it "
                    "on the complaints section of the website, and publish the governing body's "
                    "response with it.",
                ),
                (
                    "8.3",
                    M,
                    OWN,
                    "Repeat the self-assessment after a significant "
                    "restructure, merger or change in procedures.",
                ),
                (
                    "8.4",
                    S,
                    OWN,
                    "The Ombudsman may ask for the self-assessment to be "
                    "reviewed and updated after one of its investigations.",
                ),
                (
                    "8.5",
                    M,
                    OWN,
                    "If an exceptional event such as a cyber attack stops "
                    "compliance, inform the Ombudsman and affected residents, publish it online "
                    "and say when compliance returns.",
                ),
            ],
        ),
        (
            _S24[9],
            [
                (
                    "9.1",
                    M,
                    OWN,
                    "Look past the single complaint and consider what service "
                    "improvements its lessons suggest.",
                ),
                (
                    "9.2",
                    M,
                    OWN,
                    "Use complaints as intelligence to spot problems and improve "
                    "how services are delivered.",
                ),
                (
                    "9.3",
                    M,
                    OWN,
                    "Tell residents' panels, staff, committees and other "
                    "stakeholders what complaints have taught and which improvements "
                    "followed.",
                ),
                (
                    "9.4",
                    M,
                    OWN,
                    "Name a suitably senior lead accountable for complaint "
                    "handling, who reviews themes and trends for systemic issues, serious risks "
                    "and policies needing revision.",
                ),
                (
                    "9.5",
                    M,
                    OWN,
                    "A governing body member is appointed Member Responsible for Complaints (MRC),"
                    " leading on complaints and a positive handling culture.",
                ),
                (
                    "9.6",
                    M,
                    OWN,
                    "The MRC makes sure the governing body gets regular, "
                    "insightful complaint information, and has the access to data and staff "
                    "needed to report findings.",
                ),
                (
                    "9.7",
                    M,
                    OWN,
                    "The MRC and governing body receive at least regular volume, "
                    "category, outcome and performance updates, trend reviews, Ombudsman "
                    "investigation progress, and the annual report.",
                ),
                (
                    "9.8",
                    M,
                    OWN,
                    "Give relevant staff and third parties a standard "
                    "complaint-handling objective: collaborate across teams, share "
                    "responsibility for shortfalls, and meet relevant professional standards.",
                ),
            ],
        ),
    ],
)

# -- 2022 -----------------------------------------------------------------------------------
# Numbers, wording and must/should as in a landlord's self-assessment against the March 2022
# revision (shared/seeds/004), which groups each section's "should" provisions under "best
# practice". It lists no 6.4, no 7.1 and no stage three provisions, so neither do we.

_S22 = {
    1: CodeSection(1, "Definition of a complaint"),
    2: CodeSection(2, "Accessibility and awareness"),
    3: CodeSection(3, "Complaint handling personnel"),
    4: CodeSection(4, "Complaint handling principles"),
    51: CodeSection(5, "Complaint stages — stage 1"),
    52: CodeSection(5, "Complaint stages — stage 2"),
    6: CodeSection(6, "Putting things right"),
    7: CodeSection(7, "Continuous learning and development"),
    8: CodeSection(8, "Self-assessment and compliance"),
}

_CODE_2022 = _build(
    "2022",
    [
        (
            _S22[1],
            [
                (
                    "1.2",
                    M,
                    OWN,
                    "Treat as a complaint any expressed dissatisfaction, in any "
                    "form, with the organisation's service, its staff or its agents, affecting "
                    "one or more residents.",
                ),
                (
                    "1.3",
                    M,
                    OWN,
                    'Residents need not use the word "complaint"; complaints '
                    "made through a third party or representative follow the landlord's policy "
                    "too.",
                ),
                (
                    "1.4",
                    S,
                    OWN,
                    "Distinguish a service request (a resident wanting something put right) from a"
                    " complaint about the service received.",
                ),
                (
                    "1.5",
                    S,
                    OWN,
                    "Survey feedback need not be a complaint, but where possible "
                    "tell the respondent how to take their dissatisfaction forward as a "
                    "complaint.",
                ),
                (
                    "1.6",
                    M,
                    OWN,
                    "Log the issue as a complaint if the resident asks, or if "
                    "resolving it calls for more enquiries.",
                ),
                (
                    "1.7",
                    M,
                    OWN,
                    "Only decline a complaint when a valid reason justifies it; "
                    "otherwise accept it.",
                ),
                (
                    "1.8",
                    M,
                    OWN,
                    "The policy states clearly which matters will not be "
                    "considered as complaints, on grounds that are fair and reasonable to "
                    "residents.",
                ),
                (
                    "1.9",
                    M,
                    DATA,
                    "When declining a complaint, explain in detail why it is "
                    "unsuitable for the process and that the resident may take the decision to "
                    "the Ombudsman.",
                ),
            ],
        ),
        (
            _S22[2],
            [
                (
                    "2.1",
                    M,
                    OWN,
                    "Offer several channels for complaints, such as in person, "
                    "phone, writing, email and online; at least two routes must exist.",
                ),
                (
                    "2.2",
                    S,
                    OWN,
                    "Expect complaints through any social media channels used "
                    "with residents, and set out how they are handled while protecting "
                    "confidentiality and privacy.",
                ),
                (
                    "2.3",
                    M,
                    OWN,
                    "Make the policy available to all residents in a clear, "
                    "accessible format, setting out the stages, what happens at each, and "
                    "response times.",
                ),
                (
                    "2.4",
                    M,
                    OWN,
                    "Any landlord website explains how to complain, with the "
                    "policy and process easy to find there.",
                ),
                (
                    "2.5",
                    M,
                    OWN,
                    "Meet Equality Act 2010 duties, adapting procedures to "
                    "individual needs; the policy covers reasonable adjustment requests and "
                    "handlers are trained to deal with them.",
                ),
                (
                    "2.6",
                    M,
                    OWN,
                    "Promote the complaints policy, the Code and the Ombudsman "
                    "Scheme through posters, leaflets, newsletters, the website and routine "
                    "letters.",
                ),
                (
                    "2.7",
                    M,
                    OWN,
                    "Include the Ombudsman's contact information in regular "
                    "correspondence with residents.",
                ),
                (
                    "2.8",
                    M,
                    OWN,
                    "Advise residents early, and throughout the complaint, of "
                    "their right to use the Ombudsman, not only once the process ends.",
                ),
            ],
        ),
        (
            _S22[3],
            [
                (
                    "3.1",
                    M,
                    OWN,
                    "Assign a person or team, the complaints officer, to own "
                    "complaint handling, give complaints proper attention and report them to "
                    "the governing body.",
                ),
                (
                    "3.2",
                    M,
                    OWN,
                    "The handler appointed to a complaint is skilled in "
                    "complaint handling and free of conflicts of interest.",
                ),
                (
                    "3.3",
                    S,
                    OWN,
                    "Handlers act sensitively and fairly, are trained for "
                    "distressed residents, can reach staff at all levels, and have authority to "
                    "resolve disputes quickly.",
                ),
            ],
        ),
        (
            _S22[4],
            [
                (
                    "4.1",
                    M,
                    DATA,
                    "Agree any informal resolution with the resident without "
                    'blocking or delaying the procedure; no "stage 0"; acknowledge and log at '
                    "stage one within five days.",
                ),
                (
                    "4.2",
                    M,
                    OWN,
                    "The acknowledgement records how the landlord understands "
                    "the complaint and the outcomes wanted; unclear points are clarified and a "
                    "definition agreed by both.",
                ),
                (
                    "4.3",
                    S,
                    OWN,
                    "Manage expectations from the start, saying plainly when an "
                    "outcome sought is unreasonable or unrealistic.",
                ),
                (
                    "4.4",
                    S,
                    OWN,
                    "Resolve complaints as early as possible, after weighing the "
                    "evidence needed, the outcome that would settle it and any urgent "
                    "actions.",
                ),
                (
                    "4.5",
                    S,
                    OWN,
                    "Let residents use a representative for their complaint and "
                    "be represented or accompanied at meetings where reasonable.",
                ),
                ("4.6", M, OWN, "Investigate complaints impartially."),
                (
                    "4.7",
                    M,
                    OWN,
                    "Handlers judge complaints on their merits with an open, "
                    "independent mind, address conflicts of interest, weigh all evidence and "
                    "keep matters confidential where possible.",
                ),
                (
                    "4.8",
                    S,
                    OWN,
                    "Where a complaint turns on legal obligations, set out "
                    "clearly how the landlord understands each party's obligations.",
                ),
                (
                    "4.9",
                    S,
                    OWN,
                    "Letters to residents generally avoid naming individual staff or contractors.",
                ),
                (
                    "4.10",
                    S,
                    OWN,
                    "Keep residents regularly informed of how the investigation is progressing.",
                ),
                (
                    "4.11",
                    M,
                    OWN,
                    "Honour reasonable communication arrangements agreed with a "
                    "resident, both how often and by what method.",
                ),
                (
                    "4.12",
                    M,
                    OWN,
                    "Before a final decision, the resident and any staff member "
                    "complained about can state their position and respond to adverse "
                    "findings.",
                ),
                (
                    "4.13",
                    M,
                    OWN,
                    "The policy states how long residents have to ask for escalation.",
                ),
                (
                    "4.14",
                    M,
                    OWN,
                    "Do not unreasonably refuse escalation; refuse only for "
                    "clear, valid reasons set out in the policy and matching the grounds for "
                    "not accepting complaints.",
                ),
                (
                    "4.15",
                    M,
                    OWN,
                    "Keep a full record of each complaint, reviews and stage "
                    "outcomes, including the original complaint, date received, "
                    "correspondence, reports and surveys.",
                ),
                (
                    "4.16",
                    S,
                    OWN,
                    "Ask residents for feedback on complaint handling to build a "
                    "positive complaints and learning culture.",
                ),
                (
                    "4.17",
                    S,
                    OWN,
                    "Recognise how being complained about affects staff and "
                    "future service, and support staff to engage with complaints and learn "
                    "from them.",
                ),
                (
                    "4.18",
                    M,
                    OWN,
                    "Have policies and procedures for handling unacceptable "
                    "behaviour by residents or their representatives during a complaint.",
                ),
                (
                    "4.19",
                    S,
                    OWN,
                    "Contact restrictions for unacceptable behaviour suit the "
                    "resident's needs and respect the Equality Act 2010.",
                ),
            ],
        ),
        (
            _S22[51],
            [
                (
                    "5.1",
                    M,
                    DATA,
                    "Answer at stage one no later than 10 working days after "
                    "logging; any explained extension should add at most 10 days without good "
                    "reason.",
                ),
                (
                    "5.2",
                    S,
                    OWN,
                    "Agree with the resident any extension taking the response "
                    "past 20 working days.",
                ),
                (
                    "5.3",
                    S,
                    OWN,
                    "If no extension can be agreed, pass on the Ombudsman's "
                    "contact details, letting the resident dispute the proposed plan or "
                    "timing.",
                ),
                (
                    "5.4",
                    S,
                    OWN,
                    "For recurring problems, consider earlier reports as "
                    "background if that helps resolve the issue.",
                ),
                (
                    "5.5",
                    M,
                    OWN,
                    "Send the response once the answer is known, not after "
                    "outstanding actions are done; track those actions promptly and keep the "
                    "resident updated.",
                ),
                (
                    "5.6",
                    M,
                    OWN,
                    "Answer every point raised, with clear reasons for each "
                    "decision that refer, where useful, to policy, law and good practice.",
                ),
                (
                    "5.7",
                    S,
                    OWN,
                    "Include relevant new issues in an unissued stage one "
                    "response; otherwise, or where that would unduly delay it, log them as a "
                    "new complaint.",
                ),
                (
                    "5.8",
                    M,
                    DATA,
                    "The written stage one response states plainly the stage, "
                    "decision, reasons, any remedy, outstanding actions and how to escalate to "
                    "stage two.",
                ),
            ],
        ),
        (
            _S22[52],
            [
                (
                    "5.9",
                    M,
                    DATA,
                    "Progress unresolved complaints to stage two unless an "
                    "exclusion now applies; a refusal to escalate gives written reasons and the "
                    "right to approach the Ombudsman.",
                ),
                (
                    "5.10",
                    M,
                    OWN,
                    "On an escalation request, set out the outstanding issues "
                    "and outcomes sought as understood, clarifying anything unclear and "
                    "agreeing the definition.",
                ),
                (
                    "5.11",
                    M,
                    DATA,
                    "Escalate to stage two only after stage one is complete "
                    "and only when the resident asks.",
                ),
                (
                    "5.12",
                    M,
                    DATA,
                    "Stage two is handled by someone other than the person who "
                    "dealt with stage one.",
                ),
                (
                    "5.13",
                    M,
                    DATA,
                    "Answer at stage two no later than 20 working days after "
                    "escalation; any explained extension should add at most 10 days without "
                    "good reason.",
                ),
                (
                    "5.14",
                    S,
                    OWN,
                    "Agree with the resident any stage two extension of more than 10 working days.",
                ),
                (
                    "5.15",
                    S,
                    OWN,
                    "If no stage two extension can be agreed, pass on the "
                    "Ombudsman's contact details, letting the resident dispute the proposed "
                    "plan or timing.",
                ),
                (
                    "5.16",
                    M,
                    DATA,
                    "The stage two response states plainly the stage, "
                    "definition, decision, reasons, any remedy, outstanding actions, and how to "
                    "go to stage three or the Ombudsman.",
                ),
            ],
        ),
        (
            _S22[6],
            [
                (
                    "6.1",
                    M,
                    OWN,
                    "Where something went wrong, admit it and say what has been "
                    "or will be done to put it right.",
                ),
                (
                    "6.2",
                    M,
                    OWN,
                    "Remedies reflect the extent of service failure and "
                    "detriment; manage expectations and promise nothing undeliverable or unfair "
                    "to other residents.",
                ),
                (
                    "6.3",
                    S,
                    OWN,
                    "Beyond the single complaint, ask whether processes or "
                    "systems need fixing for the benefit of every resident.",
                ),
                (
                    "6.5",
                    M,
                    DATA,
                    "Each remedy states what will be done and by when, agreed "
                    "with the resident where appropriate, and is carried through to "
                    "completion.",
                ),
                (
                    "6.6",
                    M,
                    OWN,
                    "When awarding compensation, consider statutory payments, "
                    "quantifiable losses, the resident's time and trouble, and distress and "
                    "inconvenience.",
                ),
                (
                    "6.7",
                    S,
                    OWN,
                    "Even where the resident may be legally entitled to redress, "
                    "try to offer a resolution, with legal advice on how it is worded.",
                ),
            ],
        ),
        (
            _S22[7],
            [
                (
                    "7.2",
                    M,
                    OWN,
                    "Tell residents, staff and scrutiny panels, in the annual "
                    "report and more often, what complaints taught and what improved.",
                ),
                (
                    "7.3",
                    S,
                    OWN,
                    "Appoint a governing body member with lead responsibility "
                    "for complaints, who ensures the board gets regular insight into complaint "
                    "handling performance.",
                ),
                (
                    "7.4",
                    S,
                    OWN,
                    "Governing bodies receive at least regular complaint "
                    "volumes, categories, outcomes and performance, trend reviews, Ombudsman "
                    "reports, key case outcomes, and the self-assessment.",
                ),
                (
                    "7.5",
                    S,
                    OWN,
                    "Senior managers assess themes and trends for systemic "
                    "issues, serious risks and policies needing revision, and use them in staff "
                    "and contractor training.",
                ),
                (
                    "7.6",
                    S,
                    OWN,
                    "Give all employees a standard complaint-handling objective: "
                    "collaborate across teams, share responsibility for shortfalls, and follow "
                    "the Chartered Institute of Housing standards.",
                ),
            ],
        ),
        (
            _S22[8],
            [
                (
                    "8.1",
                    M,
                    OWN,
                    "Complete a self-assessment against the Code every year to "
                    "keep complaint handling in line with it.",
                ),
                (
                    "8.2",
                    M,
                    OWN,
                    "Also self-assess after a significant restructure or change in procedures.",
                ),
                (
                    "8.3",
                    M,
                    OWN,
                    "Report each self-assessment's outcome to the governing body "
                    "(elected members for councils), publish it, and include it in the annual "
                    "complaints performance report.",
                ),
            ],
        ),
    ],
)

_CATALOGUES: dict[str, tuple[CodeProvision, ...]] = {"2022": _CODE_2022, "2024": _CODE_2024}

CATALOGUED_EDITIONS: tuple[str, ...] = tuple(_CATALOGUES)
"""The editions with a provision catalogue ("2022", "2024"); the 2020 Code's numbering
could not be verified, so it has none."""


def provisions(edition: str | CodeEdition) -> tuple[CodeProvision, ...]:
    """Every provision of ``edition`` ("2022" or "2024"), in number order.

    Raises:
        EditionError: for an unknown edition, or the 2020 Code, which has no catalogue.

    >>> [p.number for p in provisions("2022")][:4]
    ['1.2', '1.3', '1.4', '1.5']
    >>> sum(p.evidence == "case data" for p in provisions("2024"))
    16
    >>> provisions("2020")
    Traceback (most recent call last):
    ...
    complaintcode.errors.EditionError: no provision catalogue for the 2020 Code (its provision numbers could not be verified); catalogues exist for 2022, 2024
    """  # noqa: E501
    name = edition_named(edition).name
    try:
        return _CATALOGUES[name]
    except KeyError:
        raise EditionError(
            f"no provision catalogue for the {name} Code (its provision numbers could not "
            f"be verified); catalogues exist for {', '.join(CATALOGUED_EDITIONS)}"
        ) from None


def provision(edition: str | CodeEdition, number: str) -> CodeProvision:
    """The provision numbered ``number`` in ``edition``.

    Raises:
        InvalidArgument: when the edition has no such provision in the catalogue.

    >>> provision("2024", "6.13").summary
    'Someone other than the stage 1 handler considers the complaint at stage 2.'
    >>> provision("2022", "6.4")
    Traceback (most recent call last):
    ...
    complaintcode.errors.InvalidArgument: number must be a provision of the 2022 Code in the catalogue; got '6.4'
    """  # noqa: E501
    rows = provisions(edition)
    for row in rows:
        if row.number == number:
            return row
    raise InvalidArgument(
        "number", number, f"a provision of the {rows[0].edition} Code in the catalogue"
    )
