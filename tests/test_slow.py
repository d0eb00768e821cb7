"""Concurrency, crashes and big inputs, with real processes.  Marked slow: CI runs them with
`pytest -m slow` after the fast suite."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-m", "captions"]


def write_list(path, prefix, count, words=0):
    filler = " ".join(["the talks would continue next week as both sides sought a deal"] * words)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(count):
            text = f"Crowds gather in Seoul, South Korea, on day {prefix}{i}. {filler} REUTERS/Kim Hong-ji"
            fh.write(json.dumps({"id": f"{prefix}{i}", "caption": text}) + "\n")


def count(db, sql="SELECT count(*) FROM images"):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_two_writers_and_a_reader(tmp_path):
    db = tmp_path / "shared.db"
    write_list(tmp_path / "a.jsonl", "a", 50_000)
    write_list(tmp_path / "b.jsonl", "b", 50_000)
    env = dict(os.environ, CAPTIONS_DB=str(db))
    writers = [
        subprocess.Popen(
            CLI + ["ingest", str(tmp_path / f"{x}.jsonl")],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for x in "ab"
    ]
    reads = 0
    while any(w.poll() is None for w in writers):
        if db.exists():
            reader = subprocess.run(
                CLI + ["list", "--limit", "5", "--format", "json"],
                env=env,
                cwd=tmp_path,
                capture_output=True,
                text=True,
            )
            assert reader.returncode == 0, reader.stderr
            json.loads(reader.stdout)
            reads += 1
        time.sleep(0.5)
    for w in writers:
        out, err = w.communicate()
        assert w.returncode == 0, err
        assert "50000 new" in out
    assert reads > 0
    assert count(db) == 100_000
    assert count(db, "SELECT count(DISTINCT image_id) FROM chain_links") == 100_000


def test_kill_midway_leaves_whole_records_and_a_rerun_completes(tmp_path):
    db = tmp_path / "crash.db"
    source = tmp_path / "list.jsonl"
    write_list(source, "c", 30_000)
    env = dict(os.environ, CAPTIONS_DB=str(db))
    proc = subprocess.Popen(
        CLI + ["ingest", str(source)],
        env=env,
        cwd=tmp_path,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.3)
        try:
            if db.exists() and count(db) >= 2000:
                break
        except sqlite3.OperationalError:
            continue
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = count(db)
    assert 0 < stored < 30_000
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # whole records only: every stored image has its chain link and its photographer
    assert (
        con.execute("SELECT count(*) FROM images WHERE id NOT IN (SELECT image_id FROM chain_links)").fetchone()[0] == 0
    )
    assert (
        con.execute(
            "SELECT count(*) FROM images WHERE photographers != '' AND id NOT IN "
            "(SELECT image_id FROM image_photographers)"
        ).fetchone()[0]
        == 0
    )
    con.close()
    rerun = subprocess.run(CLI + ["ingest", str(source)], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{30_000 - stored} new, {stored} already stored" in rerun.stdout
    assert count(db) == 30_000


def test_a_100_mb_list_streams_in_bounded_memory(tmp_path):
    source = tmp_path / "big.jsonl"
    write_list(source, "big", 40_000, words=20)
    size = source.stat().st_size
    if size < 100 * 1024 * 1024:
        with open(source, "a", encoding="utf-8") as fh:
            filler = "x" * 2000
            i = 0
            while fh.tell() < 100 * 1024 * 1024:
                fh.write(json.dumps({"id": f"pad{i}", "caption": f"A quiet street in Oslo {i}. {filler}"}) + "\n")
                i += 1
    assert source.stat().st_size >= 100 * 1024 * 1024
    # The peak of this ingest alone, reported by a process of its own: its own high-water mark
    # (/proc VmHWM: ru_maxrss would carry over the RSS of the pytest process it was spawned from)
    # and its parsing workers' (forked from it, so their ru_maxrss starts from its small size).
    measure = (
        "import re, resource, sys\n"
        "from captions.cli import main\n"
        "sys.argv = ['captions', 'ingest', sys.argv[1], '--db', sys.argv[2]]\n"
        "code = 0\ntry:\n    main()\nexcept SystemExit as e:\n    code = e.code\n"
        "own = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
        "peak = max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print('peak-kb', peak, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", measure, str(source), str(tmp_path / "big.db")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    peak_kb = int(result.stderr.rsplit("peak-kb", 1)[1].split()[0])
    assert peak_kb < 300 * 1024, f"peak RSS {peak_kb / 1024:.0f} MB"
