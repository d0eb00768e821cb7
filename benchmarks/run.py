"""How fast is `captions`, beside the plainest way to do the same work, in the same run.

    python benchmarks/run.py                 # 20,000 synthetic captions, 3 runs of each timing
    python benchmarks/run.py --n 1000000     # the archive-sized run

The targets are issue 16's: parse >= 10,000 captions/s on one core, ingest >= 15,000/s with two
parsing processes within 2.5x of raw sqlite3, `list` and `--help` <= 150 ms and `agencies` <= 300 ms
as whole commands, export >= 100,000 rows/s.

Every timing is the median of --repeat runs; each line prints the plain alternative measured in
the same run and the ratio between them, so that a noisy machine does not move the verdict much.
The captions come from benchmarks/synthetic.py (AP, Reuters, AFP/Getty, Xinhua, KCNA via AP with
its disclaimer, pools, handouts, file photos), every one different.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402

CLI = [shutil.which("captions")] if shutil.which("captions") else [sys.executable, "-m", "captions"]
MB = 1024 * 1024
PARSE_ONLY = 100_000


def run(args: list[str], **kw) -> tuple[float, int]:
    """Wall time and peak RSS (bytes, the largest of the process and its workers) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(CLI + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"captions {' '.join(args)} failed: {proc.stderr.read().decode(errors='replace').strip()}")
    proc.stderr.close()
    return elapsed, usage.ru_maxrss * 1024


def median_of(repeat: int, work) -> float:
    return statistics.median(work() for _ in range(repeat))


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def compile_package() -> None:
    """Byte-compile the package once, as `pip install` does for an installed one: an editable install
    under PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module again at each start."""
    import compileall

    import captions

    compileall.compile_dir(str(Path(captions.__file__).parent), quiet=1)


# -- the plain alternatives -------------------------------------------------------------------------

# The search index (migration m005): FTS5 tables whose shadow tables their CREATE VIRTUAL TABLE makes,
# filled by triggers on images, so the plain insert below does the same indexing work.
SEARCH_TABLES = ("images_fts", "images_trigram")


def _shadow(name: str) -> bool:
    return name.startswith(SEARCH_TABLES) and name not in SEARCH_TABLES


def copy_schema(source: Path, target: Path) -> None:
    """The catalogue's tables, indexes and triggers, but for the trigger that indexes each new image
    for search one row at a time: the plain insert below fills the search index in bulk instead."""
    con = sqlite3.connect(target)
    src = sqlite3.connect(source)
    rows = src.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'")
    order = {"table": 0, "index": 1, "trigger": 2}  # tables before their indexes and triggers
    for _, name, sql in sorted(rows, key=lambda row: order.get(row[0], 3)):
        if not _shadow(name) and name != SEARCH_INSERT_TRIGGER:
            con.execute(sql)
    con.commit()
    con.close()
    src.close()


SEARCH_INSERT_TRIGGER = "images_search_insert"


def bulk_search_index(catalogue: Path) -> list[str]:
    """The statements that index every stored image for search at once, derived from the insert
    trigger's own: each `INSERT ... VALUES (new.x, ...)` / `SELECT new.x ... WHERE new.y ...` becomes the
    same insert selecting from images, so that the plain alternative does the same indexing work."""
    src = sqlite3.connect(catalogue)
    (trigger,) = src.execute("SELECT sql FROM sqlite_master WHERE name = ?", (SEARCH_INSERT_TRIGGER,)).fetchone()
    src.close()
    body = trigger[trigger.index(" BEGIN ") + 7 : trigger.rindex(" END")]
    statements = []
    for statement in filter(None, (part.strip() for part in body.split(";"))):
        statement = statement.replace("new.", "images.")
        if " VALUES (" in statement:
            head, values = statement.split(" VALUES (", 1)
            statement = f"{head} SELECT {values.rstrip(')')} FROM images"
        else:
            head, where = statement.split(" WHERE ", 1)
            statement = f"{head} FROM images WHERE {where}"
        statements.append(statement)
    return statements


def raw_sqlite_insert(catalogue: Path, target: Path, repeat: int) -> tuple[float, int]:
    """The final rows of every table, read from the catalogue once, inserted with sqlite3 executemany
    into an empty copy of the same schema (same indexes, same WAL journal, a 64 MB page cache, one
    transaction), the search index filled in one statement a table: median seconds, images."""
    src = sqlite3.connect(catalogue)
    tables = [
        name
        for (name,) in src.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        if not name.startswith(SEARCH_TABLES)
    ]
    data = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    src.close()
    indexing = bulk_search_index(catalogue)

    def once() -> float:
        if target.exists():
            target.unlink()
        copy_schema(catalogue, target)
        con = sqlite3.connect(target)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute("PRAGMA cache_size=-65536")
        start = time.perf_counter()
        with con:
            for table, rows in data.items():
                if rows:
                    marks = ",".join("?" * len(rows[0]))
                    con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            for statement in indexing:
                con.execute(statement)
        elapsed = time.perf_counter() - start
        con.close()
        return elapsed

    return median_of(repeat, once), len(data["images"])


def raw_csv_export(catalogue: Path, out: Path) -> float:
    """The stdlib csv writer over the same rows: one SELECT of the columns `captions export` writes,
    written as they come, quoted as `captions` quotes them."""
    con = sqlite3.connect(catalogue)
    start = time.perf_counter()
    cur = con.execute(EXPORT_SELECT)
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow([d[0] for d in cur.description])
        writer.writerows(cur)
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


EXPORT_SELECT = (
    "SELECT images.id, date, date_released, description, credit, photographers, anonymous, "
    "replace(chain, char(31), '; ') AS chain, source, agency, file_photo, pool, handout, state_media, disclaimer, "
    "unverifiable, provenance, metadata_mismatch, reasons, people, places, language, images.page_date, "
    "articles.path AS file, locator, caption FROM images JOIN articles ON articles.id = images.article_id "
    "ORDER BY images.id"
)


def raw_jsonl_export(catalogue: Path, out: Path) -> float:
    """json.dumps over the same rows, one object a line: the plain way to write JSON Lines."""
    con = sqlite3.connect(catalogue)
    start = time.perf_counter()
    cur = con.execute(EXPORT_SELECT)
    names = [d[0] for d in cur.description]
    with open(out, "w", encoding="utf-8") as fh:
        for row in cur:
            fh.write(json.dumps(dict(zip(names, row)), ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


# -- the measurements -------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20_000, help="synthetic captions (default 20,000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each timing; the median is printed")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parsing processes for ingest")
    ap.add_argument("--keep", metavar="DIR", help="keep the inputs and catalogues in DIR")
    args = ap.parse_args()

    compile_package()
    work = Path(args.keep or tempfile.mkdtemp(prefix="captions-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "captions.jsonl"
    synthetic.write_jsonl(str(source), args.n)
    n = args.n
    print(
        f"{n:,} synthetic captions ({source.stat().st_size / MB:.1f} MB), median of {args.repeat} runs, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    lines: list[tuple[str, str, str, str, str]] = []  # measure, captions, plain alternative, ratio, target

    # start-up
    help_s = median_of(max(args.repeat, 5), lambda: run(["--help"])[0])
    bare_s = median_of(max(args.repeat, 5), lambda: timed(lambda: subprocess.run([sys.executable, "-c", "pass"])))
    lines.append(
        (
            "`captions --help` start-up",
            f"{help_s * 1000:.0f} ms",
            f"python -c pass {bare_s * 1000:.0f} ms",
            f"{help_s / bare_s:.1f}×",
            _verdict(help_s <= 0.15, "≤ 150 ms"),
        )
    )

    # parse only: one process, so at most PARSE_ONLY captions (a million would take a quarter of an hour)
    parse_n = min(n, PARSE_ONLY)
    parse_source = source
    if parse_n < n:
        parse_source = work / "parse_only.jsonl"
        synthetic.write_jsonl(str(parse_source), parse_n)
    parse_s = median_of(args.repeat, lambda: run(["parse", str(parse_source), "--format", "jsonl"])[0])
    lines.append(
        (
            f"parse only (CLI, one process, {parse_n:,} captions)",
            f"{parse_n / parse_s:,.0f} captions/s",
            "",
            "",
            _verdict(parse_n / parse_s >= 10_000, "≥ 10,000/s"),
        )
    )

    dev_line = _dev_parse_line(args.repeat)
    if dev_line:
        lines.append(dev_line)

    # ingest into a fresh catalogue
    catalogue = work / "catalogue.db"
    rss_peak = 0
    ingest_times = []
    for _ in range(args.repeat):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{catalogue}{suffix}").unlink(missing_ok=True)
        elapsed, rss = run(["ingest", str(source), "--db", str(catalogue), "--jobs", str(args.jobs)])
        ingest_times.append(elapsed)
        rss_peak = max(rss_peak, rss)
    ingest_s = statistics.median(ingest_times)
    raw_s, stored = raw_sqlite_insert(catalogue, work / "raw.db", args.repeat)
    if stored != n:
        sys.exit(f"the catalogue holds {stored} images, expected {n}")
    lines.append(
        (
            f"ingest, end to end ({args.jobs} parsing processes)",
            f"{n / ingest_s:,.0f} captions/s",
            f"sqlite3 executemany {n / raw_s:,.0f} images/s",
            f"{ingest_s / raw_s:.0f}× slower",
            _verdict(
                n / ingest_s >= 15_000 and ingest_s / raw_s <= 2.5,
                "≥ 15,000/s, ≤ 2.5× raw",
                plain=n / raw_s,
                goal=15_000,
            ),
        )
    )
    lines.append(("peak RSS of ingest", f"{rss_peak / MB:.0f} MB", "", "", _verdict(rss_peak < 300 * MB, "< 300 MB")))

    # queries, timed in-process (the query, not the start-up)
    from captions.catalogue import Catalogue, Filters
    from captions.organisations.registry import AgencyRegistry

    registry = AgencyRegistry.default()
    cat = Catalogue.open(str(catalogue), create=False)
    list(cat.query_images(Filters(agency="KCNA", limit=50), registry))  # warm the page cache

    def list_kcna():
        return timed(lambda: list(cat.query_images(Filters(agency="KCNA", limit=50), registry)))

    def raw_list():
        con = sqlite3.connect(catalogue)
        elapsed = timed(
            lambda: con.execute(
                "SELECT images.* FROM images JOIN chain_links ON chain_links.image_id = images.id "
                "JOIN agencies ON agencies.id = chain_links.agency_id WHERE agencies.key = 'kcna' "
                "ORDER BY images.id LIMIT 50"
            ).fetchall()
        )
        con.close()
        return elapsed

    list_s = median_of(max(args.repeat, 5), list_kcna)
    raw_list_s = median_of(max(args.repeat, 5), raw_list)
    lines.append(
        (
            "`list --agency KCNA --limit 50` query",
            f"{list_s * 1000:.1f} ms",
            f"one sqlite3 SELECT {raw_list_s * 1000:.1f} ms",
            f"{list_s / raw_list_s:.1f}×",
            _verdict(list_s < 0.05, "< 50 ms"),
        )
    )
    list_cli = median_of(
        args.repeat, lambda: run(["list", "--agency", "KCNA", "--limit", "50", "--db", str(catalogue)])[0]
    )
    lines.append(
        (
            "`list --agency KCNA --limit 50`, whole command",
            f"{list_cli * 1000:.0f} ms",
            "",
            "",
            _verdict(list_cli <= 0.15, "≤ 150 ms"),
        )
    )
    lines.append(_list_imports_line(catalogue))
    show_cli = median_of(args.repeat, lambda: run(["show", str(n // 2), "--db", str(catalogue)])[0])
    lines.append(
        ("`show ID`, whole command", f"{show_cli * 1000:.0f} ms", "", "", _verdict(show_cli <= 0.15, "≤ 150 ms"))
    )
    lines.append(_long_list_line(catalogue, args.repeat))
    agencies_s = median_of(args.repeat, lambda: timed(cat.agency_counts))
    lines.append(("`agencies` query", f"{agencies_s * 1000:.0f} ms", "", "", ""))
    agencies_cli = median_of(args.repeat, lambda: run(["agencies", "--db", str(catalogue)])[0])
    lines.append(
        (
            "`agencies`, whole command",
            f"{agencies_cli * 1000:.0f} ms",
            "",
            "",
            _verdict(agencies_cli <= 0.3, "≤ 300 ms"),
        )
    )
    lines.append(_search_line(cat, catalogue, registry, max(args.repeat, 5)))

    # export
    out = work / "export.csv"
    export_s = median_of(args.repeat, lambda: run(["export", str(out), "--db", str(catalogue)])[0])
    raw_export_s = median_of(args.repeat, lambda: raw_csv_export(catalogue, work / "raw.csv"))
    lines.append(
        (
            "`export` to CSV, whole command",
            f"{n / export_s:,.0f} rows/s",
            f"csv.writer {n / raw_export_s:,.0f} rows/s",
            _times(export_s, raw_export_s),
            _verdict(n / export_s >= 100_000, "≥ 100,000 rows/s", plain=n / raw_export_s, goal=100_000),
        )
    )

    jsonl_out = work / "export.jsonl"
    jsonl_s = median_of(
        args.repeat, lambda: run(["export", str(jsonl_out), "--format", "jsonl", "--db", str(catalogue)])[0]
    )
    raw_jsonl_s = median_of(args.repeat, lambda: raw_jsonl_export(catalogue, work / "raw.jsonl"))
    lines.append(
        (
            "`export --format jsonl`, whole command",
            f"{n / jsonl_s:,.0f} rows/s",
            f"json.dumps {n / raw_jsonl_s:,.0f} rows/s",
            _times(jsonl_s, raw_jsonl_s),
            _verdict(n / jsonl_s >= 100_000, "≥ 100,000 rows/s", plain=n / raw_jsonl_s, goal=100_000),
        )
    )

    from captions.fields import EXPORT_COLUMNS
    from captions.output import write_csv_pages

    def export_in_process():
        with open(work / "export2.csv", "wb") as fh:
            return timed(lambda: write_csv_pages(cat.csv_pages(Filters(), registry), EXPORT_COLUMNS, fh))

    export_in_s = median_of(args.repeat, export_in_process)
    lines.append(
        (
            "`export` to CSV, the rows only (in process)",
            f"{n / export_in_s:,.0f} rows/s",
            f"csv.writer {n / raw_export_s:,.0f} rows/s",
            _times(export_in_s, raw_export_s),
            "",
        )
    )

    # people extraction beside spaCy, where it is installed
    lines.append(_people_line(min(n, 5000), args.repeat))

    widths = [max(len(row[i]) for row in lines) for i in range(5)]
    header = ("measure", "captions", "plain alternative, same run", "ratio", "target")
    widths = [max(w, len(h)) for w, h in zip(widths, header)]
    for row in [header, tuple("-" * w for w in widths)] + lines:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def _times(ours: float, plain: float) -> str:
    """How our time compares with the plain alternative's, in words that need no sign convention."""
    return f"{ours / plain:.1f}× slower" if ours >= plain else f"{plain / ours:.1f}× faster"


def _verdict(met: bool, target: str, plain: float | None = None, goal: float | None = None) -> str:
    """The target and whether it is met; when the plain alternative itself falls short of it, that too."""
    text = f"{target}: {'met' if met else 'NOT met'}"
    if not met and plain is not None and goal is not None and plain < goal:
        text += f" (the plain alternative itself reaches {plain / goal:.0%} of it)"
    return text


def _dev_parse_line(repeat: int) -> tuple[str, str, str, str, str] | None:
    """The dev corpus's real captions (../shared beside the checkout), parsed in process: the CLI's
    start-up would dominate 298 captions.  Each run parses them once, so only the first is cold."""
    corpus = HERE.parent.parent / "shared" / "corpus" / "dev" / "captions.jsonl"
    if not corpus.exists():
        return None
    from captions.organisations.registry import AgencyRegistry
    from captions.parsing.parse import parse_caption

    registry = AgencyRegistry.default()
    texts = [json.loads(line)["caption"] for line in corpus.open(encoding="utf-8") if line.strip()]
    rate = len(texts) / median_of(repeat, lambda: timed(lambda: [parse_caption(t, registry=registry) for t in texts]))
    return (
        f"parse only, the dev corpus's {len(texts)} real captions (in process)",
        f"{rate:,.0f} captions/s",
        "",
        "",
        _verdict(rate >= 6_000, "≥ 6,000/s"),
    )


def _list_imports_line(catalogue: Path) -> tuple[str, str, str, str, str]:
    """What `list` spends importing, by `python -X importtime`: the total and the three heaviest
    packages (each module's own time, summed by package), so that a regression names its culprit."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "captions", "list", "--agency", "KCNA", "--limit", "50"]
        + ["--db", str(catalogue)],
        capture_output=True,
        text=True,
    )
    by_package: dict[str, int] = {}  # each module's own time (not its imports'), summed by package
    for line in proc.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        package = parts[2].strip().split(".")[0]
        by_package[package] = by_package.get(package, 0) + int(parts[0])
    total = sum(by_package.values()) / 1000
    heaviest = sorted(by_package.items(), key=lambda kv: -kv[1])[:3]
    return (
        "`list` imports (python -X importtime)",
        f"{total:.0f} ms",
        ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in heaviest),
        "",
        "",
    )


def _long_list_line(catalogue: Path, repeat: int) -> tuple[str, str, str, str, str]:
    """`list --unverifiable` of every such row, as a table, beside `sqlite3 -table` printing the same
    rows' columns (issue 16 asks for 30,000 rows within 3x; --n 90000 gives that many)."""
    count = sqlite3.connect(catalogue).execute("SELECT count(*) FROM images WHERE unverifiable").fetchone()[0]
    ours = median_of(repeat, lambda: run(["list", "--unverifiable", "--db", str(catalogue)])[0])
    sql = (
        "SELECT id, date, replace(chain, char(31), ' > ') AS chain, photographers, provenance, description "
        "FROM images WHERE unverifiable ORDER BY id;"
    )
    sqlite_cli = shutil.which("sqlite3")
    if not sqlite_cli:
        return (
            f"`list --unverifiable` ({count:,} rows), whole command",
            f"{ours * 1000:.0f} ms",
            "sqlite3 CLI not installed",
            "",
            "",
        )
    plain = median_of(
        repeat,
        lambda: timed(lambda: subprocess.run([sqlite_cli, "-table", str(catalogue), sql], stdout=subprocess.DEVNULL)),
    )
    return (
        f"`list --unverifiable` ({count:,} rows), whole command",
        f"{ours * 1000:.0f} ms",
        f"sqlite3 -table {plain * 1000:.0f} ms",
        _times(ours, plain),
        _verdict(ours <= 3 * plain, "≤ 3× sqlite3 -table"),
    )


def _search_line(cat, catalogue: Path, registry, repeat: int) -> tuple[str, str, str, str, str]:
    """`search "Kim Jong Un" --limit 50`: every match ranked, the best 50 with snippets, beside a
    plain sqlite3 LIKE that finds every match of the same four columns (what a ranking must see;
    the LIKE ranks nothing, cuts no snippet and ignores no accent)."""
    from captions.catalogue.search import search

    query = "Kim Jong Un"
    search(cat, query, registry=registry, limit=50)  # warm the page cache
    ours = median_of(repeat, lambda: timed(lambda: search(cat, query, registry=registry, limit=50)))

    def like() -> float:
        con = sqlite3.connect(catalogue)
        elapsed = timed(
            lambda: con.execute(
                "SELECT count(*) FROM images WHERE description LIKE ?1 OR credit LIKE ?1 OR people LIKE ?1 "
                "OR places LIKE ?1",
                (f"%{query}%",),
            ).fetchall()
        )
        con.close()
        return elapsed

    plain = median_of(repeat, like)
    return (
        f'`search "{query}" --limit 50` query (ranked, snippets)',
        f"{ours * 1000:.1f} ms",
        f"sqlite3 LIKE, every match {plain * 1000:.1f} ms",
        _times(ours, plain),
        "",
    )


def _people_line(count: int, repeat: int) -> tuple[str, str, str, str, str]:
    from captions.parsing.names import find_names

    texts = [item["caption"] for item in synthetic.captions(count, seed=11)]
    ours = median_of(repeat, lambda: timed(lambda: [find_names(t) for t in texts]))
    try:
        import spacy

        nlp = spacy.load("en_core_web_sm")
    except (ImportError, OSError):
        return ("people extraction", f"{count / ours:,.0f} captions/s", "spaCy en_core_web_sm not installed", "", "")
    theirs = median_of(
        repeat, lambda: timed(lambda: [[e.text for e in doc.ents if e.label_ == "PERSON"] for doc in nlp.pipe(texts)])
    )
    return (
        "people extraction",
        f"{count / ours:,.0f} captions/s",
        f"spaCy en_core_web_sm {count / theirs:,.0f}/s",
        f"{theirs / ours:.0f}× faster",
        _verdict(theirs / ours >= 100, "≥ 100× spaCy"),
    )


if __name__ == "__main__":
    main()
