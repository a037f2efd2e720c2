"""``complaintcode serve``: the HTTP JSON API and the web page, with uvicorn.

A thin layer over :func:`complaintcode.server.serve`; it needs the optional extra
``complaintcode[server]`` and says so when it is missing.
"""

from __future__ import annotations

import argparse

from complaintcode.cli.options import (
    EXIT_OK,
    UsageError,
    whole_number,
)

NAME = "serve"
HELP = "run the HTTP JSON API and the web page (needs complaintcode[server])"
DESCRIPTION = (
    "Serve the JSON API (/v1/...) and the web page (/) with uvicorn. Nothing "
    "sent is stored; the log holds only method, path, status and time."
)


def _megabytes(text: str) -> int:
    return whole_number(
        text, 1, None, "expected a whole number of megabytes, 1 or more; got {text!r}"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``serve`` options."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    parser.add_argument(
        "--max-body",
        type=_megabytes,
        default=16,
        metavar="MB",
        help="largest request body accepted, in megabytes (default 16)",
    )
    parser.add_argument(
        "--log-level", choices=["debug", "info", "warning", "error"], default="info"
    )


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    try:
        from complaintcode.server import serve
    except ImportError as error:
        raise UsageError(
            f"the service needs the server extra: pip install 'complaintcode[server]' ({error})"
        ) from None
    serve(
        host=args.host,
        port=args.port,
        max_body=args.max_body * 1024 * 1024,
        log_level=args.log_level,
    )
    return EXIT_OK
