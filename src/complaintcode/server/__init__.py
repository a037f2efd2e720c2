"""complaintcode as a service: a stateless HTTP JSON API and a web page (``complaintcode[server]``).

Start it with ``complaintcode serve`` (or :func:`serve`); it binds 127.0.0.1 unless told
otherwise. The application is built by :func:`create_app` on Starlette and served by
uvicorn. Nothing sent to it is stored, and its log lines hold only the method, path,
status and time of each request.

This package needs the optional extra: ``pip install "complaintcode[server]"``; the rest
of complaintcode never imports it.
"""

from __future__ import annotations

from complaintcode.server.app import DEFAULT_MAX_BODY, create_app

__all__ = ["DEFAULT_MAX_BODY", "UVICORN_OPTIONS", "create_app", "serve"]

UVICORN_OPTIONS: dict[str, object] = {
    # uvicorn's access log records client addresses; the service logs its own lines.
    "access_log": False,
    "server_header": False,
}
"""The uvicorn settings :func:`serve` uses (the tests and benchmark use them too)."""


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    max_body: int = DEFAULT_MAX_BODY,
    log_level: str = "info",
) -> None:
    """Run the service with uvicorn until interrupted.

    ``host`` is the address to bind (default 127.0.0.1: this machine only; ``0.0.0.0``
    for every interface), ``port`` the TCP port, ``max_body`` the request-size limit in
    bytes. uvicorn's own access log is off (it would record client addresses); the
    service logs one line per request without any of its content.
    """
    import logging

    import uvicorn

    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(message)s")
    uvicorn.run(
        create_app(max_body=max_body),
        host=host,
        port=port,
        log_level=log_level,
        **UVICORN_OPTIONS,  # type: ignore[arg-type]
    )
