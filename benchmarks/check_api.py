"""How many captions a second POST /api/check judges, and whether its verdicts are those of
`captions parse` for the same captions.

    python benchmarks/check_api.py                   # 2,000 requests to `captions serve` on 127.0.0.1
    python benchmarks/check_api.py --n 500 --transport testclient    # in-process, no sockets

Bounded and loopback only: at most --n requests (capped at 20,000), one client over one kept-alive
connection, to a server this script starts on a free 127.0.0.1 port and stops.  The captions come
from benchmarks/synthetic.py; the verdict of each `captions parse --format jsonl` line is computed
by `captions.web.check.verdict`, and every API verdict must equal it (exit 1 otherwise).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402

MAX_REQUESTS = 20_000


def parse_verdicts(captions: list[str]) -> list[str]:
    from captions.web.check import verdict

    out = subprocess.run(
        [sys.executable, "-m", "captions", "parse", "-", "--one-per-line", "--format", "jsonl"],
        input="\n".join(captions),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [verdict(json.loads(line))["verdict"] for line in out.splitlines()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def over_http(db: str, captions: list[str]) -> tuple[float, list[str]]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "captions", "serve", "--db", db, "--port", str(port), "--rate-limit", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("captions serve did not start")
                time.sleep(0.2)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        verdicts = []
        start = time.perf_counter()
        for caption in captions:
            connection.request(
                "POST",
                "/api/check",
                body=json.dumps({"caption": caption}),
                headers={"content-type": "application/json"},
            )
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                sys.exit(f"POST /api/check answered {response.status}: {body[:200]!r}")
            verdicts.append(json.loads(body)["verdict"])
        elapsed = time.perf_counter() - start
        connection.close()
        return elapsed, verdicts
    finally:
        server.terminate()
        server.wait(timeout=10)


def in_process(db: str, captions: list[str]) -> tuple[float, list[str]]:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from captions.web.app import create_app

    client = TestClient(create_app(db, rate=0))
    verdicts = []
    start = time.perf_counter()
    for caption in captions:
        response = client.post("/api/check", json={"caption": caption})
        response.raise_for_status()
        verdicts.append(response.json()["verdict"])
    return time.perf_counter() - start, verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help=f"requests (at most {MAX_REQUESTS})")
    parser.add_argument("--transport", choices=["http", "testclient"], default="http")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    n = max(1, min(args.n, MAX_REQUESTS))
    captions = [row["caption"] for row in synthetic.captions(n, seed=args.seed)]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "empty.db")
        subprocess.run(
            [sys.executable, "-m", "captions", "ingest", "-", "--db", db, "--one-per-line"],
            input=captions[0],
            capture_output=True,
            text=True,
            check=True,
        )
        elapsed, got = (over_http if args.transport == "http" else in_process)(db, captions)
    expected = parse_verdicts(captions)
    wrong = [(c, g, e) for c, g, e in zip(captions, got, expected) if g != e]
    counts = {v: got.count(v) for v in sorted(set(got))}
    print(
        f"POST /api/check over {args.transport}: {n} requests in {elapsed:.2f} s = {n / elapsed:,.0f} requests/s "
        f"(one client, sequential); verdicts {counts}"
    )
    print(f"verdicts equal to `captions parse`: {n - len(wrong)} of {n}")
    for caption, g, e in wrong[:5]:
        print(f"  API {g}, parse {e}: {caption[:100]}")
    if wrong or len(expected) != n:
        sys.exit(1)


if __name__ == "__main__":
    main()
