"""``python -m complaintcode``: the same as the ``complaintcode`` command."""

import sys

try:
    from complaintcode.cli import run
except KeyboardInterrupt:  # Ctrl-C while the command line is still loading
    print("complaintcode: interrupted", file=sys.stderr)
    sys.exit(130)

run()
