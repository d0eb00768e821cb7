"""Running the web desk: checks before the server starts, then uvicorn on the chosen address."""

from __future__ import annotations

import importlib.util
import socket
from collections.abc import Callable

from ..errors import CaptionsError, UsageError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def require(command: str, *modules: str) -> None:
    """One line, not an ImportError, when the optional web packages are missing."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        raise CaptionsError(
            f'captions {command} needs {", ".join(missing)}: install captions[web] (pip install "captions[web]")'
        )


def check_bind(host: str, port: int) -> None:
    """One line, before the server starts, when the address is taken or not this machine's."""
    if not 0 < port < 65536:
        raise UsageError(f"--port: {port} is not a port number")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as e:
        raise CaptionsError(
            f"cannot listen on {host}:{port}: {e.strerror or e}", hint="another port (--port), or stop what uses it"
        )


def serve(
    db: str | None, registry, host: str, port: int, rate: float, say: Callable[[str], None], warn: Callable[[str], None]
) -> None:
    """Serve the catalogue at `db` read-only on host:port until interrupted."""
    require("serve", "fastapi", "uvicorn", "jinja2")
    check_bind(host, port)
    import uvicorn

    from ..catalogue.db import display, resolve_url
    from .app import create_app

    web_app = create_app(db, registry, rate=rate, burst=max(1, int(rate * 3)) if rate > 0 else 0)
    say(f"Serving {display(resolve_url(db))} on http://{host}:{port}/ (Ctrl-C stops)")
    if rate <= 0:
        warn("no rate limit: any client may send as many requests as it likes")
    if host not in LOOPBACK:
        warn(f"listening on {host}: whoever can reach this machine can read the catalogue")
    uvicorn.run(web_app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)
