"""The sentences of findings and deadline explanations: one template each, for both engines.

Each constant is a :meth:`str.format` template with named fields. The object engine
(``complaintcode.rules``, :attr:`Deadline.explanation <complaintcode.Deadline.explanation>`)
fills it for one complaint; the columnar engine (``complaintcode.columnar._wording``) fills
the same template for every row of a column at once. Dates are written ISO (YYYY-MM-DD),
counts in digits, ``{unit}`` is "working day" or "working days" as the
count before it says (:func:`complaintcode._text.plural`).

>>> ACKNOWLEDGED_LATE.format(n=1, acknowledged="2024-05-15", late=2, unit="working days",
...                          due="2024-05-13", basis="as counted")
'Stage 1 acknowledged 2024-05-15, 2 working days after its 2024-05-13 deadline (as counted)'
"""

from __future__ import annotations

# -- deadline explanations (Deadline.explanation) -------------------------------------------

COUNTED_FROM_EVENT = "{days} {unit} after {event} on {start}"
COUNTED_FROM_ACK_DEADLINE = (
    "{days} {unit} after the acknowledgement deadline {start} (no acknowledgement recorded)"
)
COUNTED_FROM_LATE_ACK = (
    "{days} {unit} after the acknowledgement deadline {start} "
    "(the acknowledgement was late; the clock is capped at its deadline)"
)
NOT_EXTENDED = "{start}, not extended (no extension counted)"
EXTENSION_PART = "{days} {unit} (notified {notified})"
EXTENSION_PARTS = " and "
EXTENDED_ONCE = "{start} extended by {parts}"
EXTENDED = "{start} extended by {parts}, {days} in all"
THEN_EXTENDED = "{basis}, then {extended}"

# -- stage timing (rules.timescales) --------------------------------------------------------

EXTENSION_LABEL = "Stage {n} extension of {length} {unit}"
EXTENSION_NO_REASON = "{label} notified {notified} gave the resident no reason"
EXTENSION_NO_DETAILS = "{label} notified {notified} did not give the Ombudsman's contact details"
EXTENSION_TOO_LATE = (
    "{label} was notified {notified}, {late} {unit} after the deadline it was meant to "
    "extend ({current}), so it does not count"
)
EXTENSION_OVER_CAP = (
    "Stage {n} extensions notified by {notified} total {total} working days, {over} more "
    "than the {cap}-working-day cap, with no good reason recorded; only {counted} of this "
    "extension's {length} count"
)
ACKNOWLEDGED_LATE = (
    "Stage {n} acknowledged {acknowledged}, {late} {unit} after its {due} deadline ({basis})"
)
ANSWERED_UNACKNOWLEDGED = (
    "Stage {n} has no acknowledgement recorded; the response on {responded} came {late} "
    "{unit} after the {due} acknowledgement deadline ({basis})"
)
NOT_ACKNOWLEDGED = (
    "Stage {n} not acknowledged by {as_of}, {late} {unit} after its {due} deadline ({basis})"
)
RESPONDED_LATE = (
    "Stage {n} response sent {responded}, {late} {unit} after its {due} deadline ({basis})"
)
NOT_RESPONDED = (
    "Stage {n} response still not sent at {as_of}, {late} {unit} after its {due} deadline ({basis})"
)

# -- the stages themselves (rules.stages) ---------------------------------------------------

TOO_MANY_STAGES = (
    "The complaint has {count} stages (stage {n} received {received}); the {edition} Code "
    "allows no more than {most}"
)
OUT_OF_ORDER = "Stage {n} started {received}, before the stage {previous} response was {sent}"
SENT_ON = "sent on {responded}"
NONE_SENT = "sent (none is recorded)"
SAME_HANDLER = "The same person handled stage 1 and stage 2"

# -- refusals (rules.exclusions) ------------------------------------------------------------

REFUSED = ("Refused", "Escalation refused")
"""Who refused, for a refusal at stage 1 and at a later stage."""
REFUSED_IN_TIME = (
    "{refused} on {decided} as out of time, but the complaint was received {received}, "
    "within {months} months of {start} (the later of when the issue occurred and when the "
    "resident became aware of it; the window ran to {window})"
)
REFUSAL_TO = ("to accept the complaint", "to escalate to stage 2")
"""What was refused, at stage 1 and at a later stage."""
NO_REASONS = "gave no reasons"
NO_RIGHTS = "did not tell the resident of the right to go to the Ombudsman"
REFUSAL_GAPS = " and "
REFUSAL_UNEXPLAINED = "The refusal {what} on {decided} {gaps}"

# -- response letters (rules.letters) -------------------------------------------------------

LETTER_ITEMS = ", "
LETTER_INCOMPLETE = "Stage {n} response of {responded} does not set out {missing}"

# -- remedies (rules.remedies) --------------------------------------------------------------

REMEDY = "Remedy {number} ({kind})"
NO_TARGET_DATE = "{remedy} offered {offered} has no target date"
COMPLETED_LATE = "{remedy} was completed {completed}, {late} {unit} after its target date {due}"
NOT_COMPLETED = (
    "{remedy} was still not completed at {as_of}, {late} {unit} after its target date {due}"
)
