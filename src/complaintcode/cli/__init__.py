"""The ``complaintcode`` command (also ``python -m complaintcode``).

Sub-commands, one module each:

* ``check FILE | --sample`` (:mod:`~complaintcode.cli.check`): check every complaint in a
  CSV export; per-case verdicts and findings, then a summary. Exit status 0 with no
  breaches, 1 with breaches, 2 when the input or the arguments are unusable.
* ``due FILE --as-of DATE`` (:mod:`~complaintcode.cli.due`): the work queue, every action
  still owed at a day, overdue first; exit status 1 when something is overdue.
* ``report`` (:mod:`~complaintcode.cli.report`): the annual performance table.
* ``self-assessment`` (:mod:`~complaintcode.cli.self_assessment`): one row per provision.
* ``deadlines RECEIVED`` (:mod:`~complaintcode.cli.deadlines`): what is due when, and why.
* ``rules`` (:mod:`~complaintcode.cli.rules`): the rule catalogue with provisions.
* ``working-days START N`` (:mod:`~complaintcode.cli.working_days`): the date N working
  days after START and the days skipped.
* ``conformance export|run|reference`` (:mod:`~complaintcode.cli.conformance`): the
  hand-worked cases as JSON for other systems, and the runner that checks them.
* ``serve`` (:mod:`~complaintcode.cli.serve`): the HTTP JSON API and the web page.

Shared modules: :mod:`~complaintcode.cli.app` (the parser, the registry of sub-commands,
:func:`main`), :mod:`~complaintcode.cli.options` (argument types and shared options),
:mod:`~complaintcode.cli.output` (where results go and how each is written),
:mod:`~complaintcode.cli.progress` (the progress bar) and :mod:`~complaintcode.cli.cases`
(every assessment at once, for the reports). The checking itself is the library's
:mod:`complaintcode.batch`.
"""

from __future__ import annotations

import warnings
from typing import Any

from complaintcode.cli.app import main, run
from complaintcode.cli.options import EXIT_BREACHES, EXIT_OK, EXIT_UNUSABLE

__all__ = ["EXIT_BREACHES", "EXIT_OK", "EXIT_UNUSABLE", "main", "run"]


def __getattr__(name: str) -> Any:
    if name == "sample_path":
        warnings.warn(
            "complaintcode.cli.sample_path has moved to complaintcode.sample_path; "
            "the old path goes in 0.3",
            DeprecationWarning,
            stacklevel=2,
        )
        from complaintcode.samples import sample_path

        return sample_path
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
