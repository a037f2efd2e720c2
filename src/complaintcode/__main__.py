"""``python -m complaintcode``: the same as the ``complaintcode`` command."""

from complaintcode.cli import run

run()
