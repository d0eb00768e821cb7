"""The `captions` command line: a thin layer over the library.

Only this module imports typer.  It parses options, calls the library, prints rows through
`output`, and maps errors to exit codes in one place (`_errors`).  Heavy imports (SQLModel) happen
inside the commands that need them, so that `captions --help` starts fast.
"""
from __future__ import annotations

import contextlib
import re
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .errors import CaptionsError, UsageError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Photo-caption credibility and provenance catalogue.\n\n"
         "Find the photo captions in articles and caption lists, read each credit line into the chain of "
         "custody (origin first), flag images from state-controlled media and captions that say they cannot "
         "be verified, and keep them in a catalogue you can query and export.\n\n"
         "  captions ingest examples/                 # store every caption found\n\n"
         "  captions list --unverifiable              # what cannot be independently verified\n\n"
         "  captions parse article.txt --explain      # see how each caption was read",
)

_state = {"debug": False}


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


DbOption = typer.Option(None, "--db", help="Catalogue: a file path or an SQLAlchemy URL "
                                           "[default: $CAPTIONS_DB, else db/captions.db]")
FormatOption = typer.Option(Format.table, "--format", "-f", help="Output format.")
RawOption = typer.Option(False, "--raw", help="Write CSV cells as they are, without neutralising those that a "
                                                "spreadsheet would run as formulas (=, +, -, @).")
TablefmtOption = typer.Option("simple", "--tablefmt", help="tabulate table style for --format table "
                                                           "(simple, github, grid, plain, ...).")


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an error."),
    registry: Optional[str] = typer.Option(None, "--registry", metavar="FILE",
                                           help="Your registry of organisations (CSV), added to the shipped one; "
                                                "its rows override shipped rows of the same name "
                                                "[default: $CAPTIONS_REGISTRY, else db/registry.csv if it exists]."),
):
    _state["debug"] = debug
    _state["registry"] = registry


@contextlib.contextmanager
def _errors():
    """The one place that turns exceptions into `Error: ...` lines and exit codes."""
    try:
        yield
    except CaptionsError as e:
        typer.echo(f"Error: {e.message}", err=True)
        if e.hint:
            typer.echo(f"Hint: {e.hint}", err=True)
        raise typer.Exit(e.exit_code)
    except BrokenPipeError:
        _quiet_broken_pipe()
        raise typer.Exit(0)
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as e:  # noqa: BLE001 - last resort: one line, never a traceback
        if _state["debug"]:
            traceback.print_exc()
        typer.echo(f"Error: internal error: {type(e).__name__}: {e}", err=True)
        typer.echo("Hint: run again with --debug for the traceback, and report it", err=True)
        raise typer.Exit(1)


def _quiet_broken_pipe() -> None:
    import os
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


_DATE_OPTION = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _check_date(value: Optional[str], option: str) -> Optional[str]:
    if value is None:
        return None
    import datetime as dt
    v = value.strip()
    ok = bool(_DATE_OPTION.match(v))
    if ok:
        parts = [int(x) for x in v.split("-")]
        try:
            dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            ok = False
    if not ok:
        raise UsageError(f"{option}: not a date: {value!r}", hint="use YYYY-MM-DD, YYYY-MM or YYYY")
    return v


def _registry():
    import os
    from .organisations.registry import load_registry, user_registry_path
    option = _state.get("registry")
    explicit = bool(option or os.environ.get("CAPTIONS_REGISTRY"))
    return load_registry(user_registry_path(option), explicit=explicit)


# -- parse -------------------------------------------------------------------------------------

PARSE_COLUMNS = ["id", "caption", "description", "credit", "date", "date_released", "photographers",
                 "anonymous", "chain", "source", "agency", "file_photo", "pool", "handout", "state_media",
                 "disclaimer", "unverifiable", "provenance", "reasons", "people", "places", "language",
                 "page_date", "disclaimers", "locator", "file", "raw"]
PARSE_TABLE_COLUMNS = ["id", "date", "chain", "photographers", "flags", "description"]


@app.command()
def parse(
    paths: List[str] = typer.Argument(..., help="Article texts or caption lists (JSONL); - reads stdin."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    page_date: Optional[str] = typer.Option(None, "--page-date", help="Date the page was published "
                                            "(YYYY-MM-DD), to resolve \"on Thursday\" or \"Feb. 25\"."),
    explain: bool = typer.Option(False, "--explain", help="Show how each caption was split and labelled."),
    one_per_line: bool = typer.Option(False, "--one-per-line", help="A plain text holds one caption per line."),
    one_per_paragraph: bool = typer.Option(False, "--one-per-paragraph",
                                           help="A plain text holds one caption per paragraph."),
    tablefmt: str = TablefmtOption,
):
    """Parse captions and print them, without storing anything.

    \b
      captions parse article.txt --page-date 2019-02-26
      captions parse captions.jsonl --format jsonl > parsed.jsonl
      echo "Kim waves. (KCNA via AP)" | captions parse - --explain
    """
    with _errors():
        _check_date(page_date, "--page-date")
        from .output import write_rows
        from .ingest import parse_document
        from .readers.read import iter_paths, read_document
        registry = _registry()
        split = _split_mode(one_per_line, one_per_paragraph)
        rows = []
        for path in iter_paths(paths):
            doc = read_document(path, page_date, split)
            for parsed in parse_document(doc, registry):
                if explain:
                    typer.echo(explain_record(parsed.record, f"{path} {parsed.locator}"))
                    continue
                row = parsed.record.as_dict()
                row["locator"] = parsed.locator
                row["file"] = path
                row["flags"] = ", ".join(parsed.record.provenance.flags())
                rows.append(row)
                if fmt == Format.jsonl:
                    write_rows([row], PARSE_COLUMNS, "jsonl", sys.stdout)
                    rows.clear()
            for w in doc.warnings:
                typer.echo(f"Warning: {w}", err=True)
        if explain or fmt == Format.jsonl:
            return
        columns = PARSE_TABLE_COLUMNS if fmt == Format.table else PARSE_COLUMNS
        write_rows(rows, columns, fmt.value, sys.stdout, tablefmt=tablefmt)


def _write_one(row: dict, fmt: Format) -> None:
    """One record: a JSON object (not a list of one) for json, else like any other rows."""
    import json
    from .output import write_rows
    if fmt == Format.json:
        typer.echo(json.dumps(row, ensure_ascii=False, indent=2))
    else:
        write_rows([row], list(row), fmt.value, sys.stdout)


def explain_record(record, where: str) -> str:
    """The lossless view: how a caption was split, and the label of every credit piece."""
    from .parsing.dates import find_photo_dates
    lines = [f"== {where}", f"caption:      {record.caption}"]
    s = record.split
    lines.append(f"description:  {record.description}")
    for credit in s.credits:
        lines.append(f"credit:       {credit}")
    for note in s.notes:
        lines.append(f"note:         {note}")
    for dropped in s.dropped:
        lines.append(f"dropped:      {dropped}")
    if s.truncated:
        lines.append("truncated:    the text ends in '...more': something was cut off")
    lines.append("credit pieces:")
    for piece in record.credit_parse.pieces:
        extra = f" -> {piece.value}" if piece.value and piece.value != piece.text else ""
        lines.append(f"  {piece.label:<11} {piece.text}{extra}")
    dates = find_photo_dates(record.description, None if not record.page_date else
                             __import__("datetime").date.fromisoformat(record.page_date))
    for m in dates.mentions:
        role = "released" if m.released else "date"
        lines.append(f"  {'DATE':<11} {m.text!r} -> {m.value or 'unresolved'} ({role}, sentence {m.sentence + 1})")
    lines.append(f"chain:        {' -> '.join(a.name for a in record.chain) or '(none)'}")
    lines.append(f"photographers: {', '.join(record.photographers) or '(none)'}")
    lines.append(f"date:         {record.date or '-'}   released: {record.date_released or '-'}")
    lines.append(f"people:       {', '.join(record.people) or '-'}")
    lines.append(f"places:       {', '.join(record.places) or '-'}")
    lines.append(f"provenance:   {record.provenance.level}   flags: {', '.join(record.provenance.flags()) or '-'}")
    for reason in record.provenance.all_reasons():
        lines.append(f"  because     {reason}")
    return "\n".join(lines) + "\n"


# -- ingest ------------------------------------------------------------------------------------

_KIND_WORDS = {"article": "article", "caption-list": "caption list", "jsonl": "caption list", "csv": "caption list",
               "html": "web page", "jpeg": "image", "png": "image", "tiff": "image", "webp": "image"}


def _split_mode(one_per_line: bool, one_per_paragraph: bool) -> str:
    if one_per_line and one_per_paragraph:
        raise UsageError("--one-per-line and --one-per-paragraph exclude each other")
    return "line" if one_per_line else "paragraph" if one_per_paragraph else "auto"


@app.command()
def ingest(
    paths: List[str] = typer.Argument(..., help="Files or folders (read recursively); - reads stdin."),
    page_date: Optional[str] = typer.Option(None, "--page-date", help="Page date (YYYY-MM-DD) for texts "
                                            "that do not give one."),
    one_per_line: bool = typer.Option(False, "--one-per-line", help="Plain texts hold one caption per line."),
    one_per_paragraph: bool = typer.Option(False, "--one-per-paragraph",
                                           help="Plain texts hold one caption per paragraph."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes that parse long caption lists "
                                                     "[default: one per CPU]."),
    db: Optional[str] = DbOption,
):
    """Find the captions in articles, web pages, images and caption lists, and store them.

    Reads article texts, saved HTML pages, JPEG/TIFF/PNG/WebP files (IPTC and XMP), and caption
    lists (JSONL, CSV with a caption column).  A file that cannot be read is reported and skipped;
    the others are stored.  Ingesting the same input again adds nothing.

    \b
      captions ingest examples/
      captions ingest article.txt --page-date 2019-02-24
      captions ingest photos/ --db desk.db
      cat captions.jsonl | captions ingest -
    """
    with _errors():
        _check_date(page_date, "--page-date")
        from collections import Counter
        import os
        from .ingest import stored_rows
        from .readers.read import iter_paths, read_document
        from .errors import StoreError
        from .catalogue.store import Catalogue
        registry = _registry()
        split = _split_mode(one_per_line, one_per_paragraph)
        files = iter_paths(paths)
        if not files:
            raise CaptionsError(f"no files in {', '.join(paths)}")
        catalogue = Catalogue.open(db)
        kinds: Counter = Counter()
        totals = {"captions": 0, "new": 0, "old": 0, "flagged": 0}
        failures: list[str] = []
        with _progress(len(files)) as advance:
            for path in files:
                writer = None
                doc = None
                try:
                    doc = read_document(path, page_date, split)
                    found = flagged = 0
                    for row in stored_rows(doc, registry, jobs or os.cpu_count() or 1):
                        if writer is None:
                            writer = catalogue.writer(doc.path, doc.file_kind or doc.kind, doc.sha, registry,
                                                      title=doc.title, page_date=doc.page_date,
                                                      publisher=doc.publisher, url=doc.url)
                        writer.add(row)
                        found += 1
                        flagged += row.unverifiable
                    if writer is not None:
                        writer.flush()
                    for w in doc.warnings:
                        typer.echo(f"Warning: {w}", err=True)
                    if not found:
                        raise CaptionsError(f"{path}: no captions found")
                except CaptionsError as e:
                    if isinstance(e, StoreError):
                        raise
                    if writer is not None:
                        writer.flush()      # what was read before the bad part is kept
                        totals["new"] += writer.new
                        totals["old"] += writer.old
                    for w in (doc.warnings if doc is not None else []):
                        typer.echo(f"Warning: {w}", err=True)
                    failures.append(e.message)
                    typer.echo(f"Error: {e.message}", err=True)
                    advance()
                    continue
                kinds[_KIND_WORDS.get(doc.kind if doc.kind in ("article", "caption-list") and doc.file_kind == "text"
                                      else doc.file_kind, doc.kind)] += 1
                totals["captions"] += found
                totals["new"] += writer.new
                totals["old"] += writer.old
                totals["flagged"] += flagged
                advance()
        read = ", ".join(f"{n} {k}{'' if n == 1 else 's'}" for k, n in sorted(kinds.items())) or "none"
        typer.echo(f"{sum(kinds.values())} files read ({read}): {totals['captions']} captions, {totals['new']} new, "
                   f"{totals['old']} already stored, {totals['flagged']} flagged unverifiable"
                   + (f"; {len(failures)} files failed" if failures else ""))
        if failures:
            if len(files) == 1 and "no captions found" in failures[0]:
                typer.echo("Hint: a caption needs a credit line to be found; see `captions parse --explain`", err=True)
            raise typer.Exit(1)


@contextlib.contextmanager
def _progress(total: int):
    """A progress bar on stderr for long runs, when stderr is a terminal; otherwise nothing."""
    if total < 20 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    with Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("files", total=total)
        yield lambda: progress.advance(task)


# -- list / export / show / agencies -------------------------------------------------------------

LIST_COLUMNS = ["id", "date", "chain", "photographers", "flags", "description"]


class Level(str, Enum):
    independent = "independent"
    third_party = "third_party"
    handout = "handout"
    state_media = "state_media"


def _filters(agency, source, photographer, person, since, until, state_media, unverifiable, limit,
             provenance=None, country=None, control=None):
    from .organisations.registry import CONTROL_CLASSES
    from .catalogue.store import Filters
    if limit is not None and limit < 0:
        raise UsageError("--limit: must be 0 or more")
    if control is not None and control not in CONTROL_CLASSES:
        raise UsageError(f"--control: unknown class {control!r}", hint="one of " + ", ".join(CONTROL_CLASSES))
    if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
        raise UsageError(f"--country: not an ISO 3166 country code: {country!r}", hint="two letters, e.g. KP, CN, RU")
    return Filters(agency=agency, source=source, photographer=photographer, person=person,
                   since=_check_date(since, "--since"), until=_check_date(until, "--until"),
                   state_media=state_media, unverifiable=unverifiable, limit=limit,
                   provenance=provenance.value if provenance else None, country=country, control=control)


def _with_flags(rows):
    for row in rows:
        flags = [f for f in ("state_media", "disclaimer", "handout", "metadata_mismatch", "pool", "file_photo",
                             "anonymous") if row.get(f)]
        row["flags"] = ", ".join(flags)
        yield row


@app.command("list")
def list_images(
    agency: Optional[str] = typer.Option(None, "--agency", help="An organisation anywhere in the chain (KCNA, AP, ...)."),
    source: Optional[str] = typer.Option(None, "--source", help="The origin: first link of the chain."),
    photographer: Optional[str] = typer.Option(None, "--photographer", help="A credited photographer."),
    person: Optional[str] = typer.Option(None, "--person", help="A person named in the caption."),
    since: Optional[str] = typer.Option(None, "--since", help="Photos taken on or after this date (YYYY[-MM[-DD]])."),
    until: Optional[str] = typer.Option(None, "--until", help="Photos taken on or before this date."),
    state_media: bool = typer.Option(False, "--state-media", help="Only images that originate from state-controlled media."),
    unverifiable: bool = typer.Option(False, "--unverifiable", help="Only images flagged unverifiable."),
    provenance: Optional[Level] = typer.Option(None, "--provenance", help="Only images of this provenance level."),
    country: Optional[str] = typer.Option(None, "--country", help="Origin's country, ISO 3166 code (KP, CN, ...)."),
    control: Optional[str] = typer.Option(None, "--control", help="Origin's State Media Monitor class (SC, CaPu, ...)."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", help="At most this many rows."),
    fmt: Format = FormatOption,
    tablefmt: str = TablefmtOption,
    raw: bool = RawOption,
    db: Optional[str] = DbOption,
):
    """List stored images, filtered.

    \b
      captions list --unverifiable
      captions list --agency KCNA --since 2019-01 --format csv
      captions list --person "Kim Jong Un" --limit 20
      captions list --provenance handout --country RU
    """
    with _errors():
        from .output import write_rows
        from .catalogue.store import EXPORT_COLUMNS, Catalogue
        filters = _filters(agency, source, photographer, person, since, until, state_media, unverifiable, limit,
                           provenance, country, control)
        catalogue = Catalogue.open(db, create=False)
        rows = _with_flags(catalogue.query_images(filters, _registry()))
        columns = LIST_COLUMNS if fmt == Format.table else EXPORT_COLUMNS
        write_rows(rows, columns, fmt.value, sys.stdout, tablefmt=tablefmt, raw=raw)


@app.command()
def export(
    target: str = typer.Argument(..., help="File to write, or - for standard output."),
    agency: Optional[str] = typer.Option(None, "--agency", help="An organisation anywhere in the chain."),
    source: Optional[str] = typer.Option(None, "--source", help="The origin: first link of the chain."),
    photographer: Optional[str] = typer.Option(None, "--photographer", help="A credited photographer."),
    person: Optional[str] = typer.Option(None, "--person", help="A person named in the caption."),
    since: Optional[str] = typer.Option(None, "--since", help="Photos taken on or after this date."),
    until: Optional[str] = typer.Option(None, "--until", help="Photos taken on or before this date."),
    state_media: bool = typer.Option(False, "--state-media", help="Only state-media images."),
    unverifiable: bool = typer.Option(False, "--unverifiable", help="Only images flagged unverifiable."),
    provenance: Optional[Level] = typer.Option(None, "--provenance", help="Only images of this provenance level."),
    country: Optional[str] = typer.Option(None, "--country", help="Origin's country, ISO 3166 code."),
    control: Optional[str] = typer.Option(None, "--control", help="Origin's State Media Monitor class."),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", help="At most this many rows."),
    fmt: Format = typer.Option(Format.csv, "--format", "-f", help="Output format."),
    tablefmt: str = TablefmtOption,
    raw: bool = RawOption,
    db: Optional[str] = DbOption,
):
    """Export the catalogue, one row per image (CSV by default; columns listed in README).

    \b
      captions export catalogue.csv
      captions export - --state-media --format jsonl
    """
    with _errors():
        from .output import write_csv_pages, write_rows
        from .catalogue.store import EXPORT_COLUMNS, Catalogue
        filters = _filters(agency, source, photographer, person, since, until, state_media, unverifiable, limit,
                           provenance, country, control)
        catalogue = Catalogue.open(db, create=False)
        # CSV from SQLite: the database writes the lines (3.5x the rows per second of building each row here)
        pages = catalogue.csv_pages(filters, _registry()) if fmt == Format.csv else None

        def write(out) -> int:
            binary = getattr(out, "buffer", None)
            if pages is not None and binary is not None:
                out.flush()
                n = write_csv_pages(pages, EXPORT_COLUMNS, binary, raw=raw)
                binary.flush()
                return n
            rows = catalogue.query_images(filters, _registry(), EXPORT_COLUMNS)
            return write_rows(rows, EXPORT_COLUMNS, fmt.value, out, tablefmt=tablefmt, raw=raw)

        if target == "-":
            n = write(sys.stdout)
        else:
            out_path = Path(target)
            tmp = out_path.with_name(out_path.name + ".part")
            try:
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    n = write(fh)
                tmp.replace(out_path)
            except OSError as e:
                raise CaptionsError(f"cannot write {target}: {e.strerror or e}")
            typer.echo(f"{n} images written to {target}", err=True)


@app.command()
def show(
    image_id: int = typer.Argument(..., help="Image id, as `captions list` prints it."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    db: Optional[str] = DbOption,
):
    """Show one image: its caption, chain of custody, flags and the reasons for them.

    \b
      captions show 12
      captions show 12 --format json
    """
    with _errors():
        from .catalogue.store import Catalogue
        catalogue = Catalogue.open(db, create=False)
        row = catalogue.get_image(image_id)
        if row is None:
            raise CaptionsError(f"no image with id {image_id}", hint="`captions list` shows the ids")
        if fmt != Format.table:
            _write_one(row, fmt)
            return
        out = [f"image {row['id']}  ({row['article']}, {row['locator']})"]
        for key in ("description", "credit", "date", "date_released", "photographers", "chain", "source",
                    "agency", "provenance", "people", "places", "language"):
            value = row[key]
            if isinstance(value, list):
                value = (" -> " if key == "chain" else ", ").join(value)
            out.append(f"  {key:<14} {value if value not in (None, '') else '-'}")
        flags = [f for f in ("state_media", "disclaimer", "unverifiable", "handout", "metadata_mismatch", "pool",
                             "file_photo", "anonymous") if row[f]]
        if row.get("c2pa"):
            out.append(f"  {'c2pa':<14} {row['c2pa']}")
        out.append(f"  {'flags':<14} {', '.join(flags) or '-'}")
        for reason in row["reasons"]:
            out.append(f"    because {reason}")
        for d in row["disclaimers"]:
            out.append(f"  {d['kind'] + ' note':<14} {d['text']}")
        out.append(f"  {'raw':<14} {row['raw']}")
        typer.echo("\n".join(out))


@app.command()
def agencies(
    fmt: Format = FormatOption,
    tablefmt: str = TablefmtOption,
    db: Optional[str] = DbOption,
):
    """Images per organisation, with its state-control class and how many are unverifiable.

    \b
      captions agencies
      captions agencies --format csv
    """
    with _errors():
        from .output import write_rows
        from .catalogue.store import Catalogue
        catalogue = Catalogue.open(db, create=False)
        rows = catalogue.agency_counts()
        write_rows(rows, ["agency", "country", "kind", "control", "images", "as_origin", "unverifiable"],
                   fmt.value, sys.stdout, tablefmt=tablefmt)


AUDIT_COLUMNS = ["article", "id", "provenance", "chain", "finding", "description"]


@app.command()
def audit(
    check: bool = typer.Option(False, "--check", help="Exit with status 3 when anything is found (for pipelines)."),
    fmt: Format = FormatOption,
    tablefmt: str = TablefmtOption,
    db: Optional[str] = DbOption,
):
    """List images from state media or handouts whose caption carries no verifiability disclaimer.

    Grouped by article.  A standards desk expects such images to tell readers that their content
    cannot be independently verified.

    \b
      captions audit
      captions audit --check --format csv > missing-disclaimers.csv || echo "needs a look"
    """
    with _errors():
        from .output import write_rows
        from .catalogue.store import Catalogue, Filters
        catalogue = Catalogue.open(db, create=False)
        rows = sorted(catalogue.query_images(Filters(audit=True), _registry()), key=lambda r: (r["article"], r["id"]))
        for row in rows:
            why = row["reasons"][0] if row["reasons"] else row["provenance"]
            row["finding"] = f"{why}; the caption has no verifiability disclaimer"
        n = write_rows(rows, AUDIT_COLUMNS if fmt == Format.table else AUDIT_COLUMNS + ["reasons", "caption"],
                       fmt.value, sys.stdout, tablefmt=tablefmt)
        articles = len({r["article"] for r in rows})
        typer.echo(f"{n} images in {articles} articles need a verifiability disclaimer", err=True)
        if check and n:
            raise typer.Exit(3)


sources_app = typer.Typer(no_args_is_help=True, help="What the tool knows about organisations: the agency registry.")
app.add_typer(sources_app, name="sources")

SOURCE_COLUMNS = ["name", "country", "kind", "control", "aliases", "source", "defined_in"]


def _source_row(agency) -> dict:
    from .organisations.registry import CONTROL_CLASSES
    return {"name": agency.name, "country": agency.country, "country_name": agency.country_name,
            "kind": agency.kind, "control": agency.control,
            "control_meaning": CONTROL_CLASSES.get(agency.control, ""), "aliases": list(agency.aliases),
            "tier": agency.tier, "as_of": agency.as_of, "source": agency.source, "note": agency.note,
            "defined_in": agency.defined_in}


@sources_app.command("list")
def sources_list(
    control: Optional[str] = typer.Option(None, "--control", help="Only this State Media Monitor class (SC, ...)."),
    country: Optional[str] = typer.Option(None, "--country", help="Only this ISO 3166 country code."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Only this kind (news_agency, broadcaster, ...)."),
    fmt: Format = FormatOption,
    tablefmt: str = TablefmtOption,
):
    """List the organisations in the registry.

    \b
      captions sources list --control SC
      captions sources list --country KP --format csv
    """
    with _errors():
        from .output import write_rows
        rows = [_source_row(a) for a in sorted(_registry(), key=lambda a: a.name.casefold())
                if (not control or a.control == control) and (not country or a.country == country.upper())
                and (not kind or a.kind == kind)]
        columns = SOURCE_COLUMNS if fmt == Format.table else list(rows[0]) if rows else SOURCE_COLUMNS
        write_rows(rows, columns, fmt.value, sys.stdout, tablefmt=tablefmt, max_width=40)


@sources_app.command("show")
def sources_show(
    name: str = typer.Argument(..., help="A name or alias: KCNA, \"Korean Central News Agency\", KRT, ..."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
):
    """Show what the tool believes about one organisation, and why.

    \b
      captions sources show KRT
      captions sources show "Syrian Arab News Agency" --format json
    """
    with _errors():
        agency = _registry().lookup(name)
        if agency is None:
            raise CaptionsError(f"{name!r} is not in the registry",
                                hint="add it to your registry file (--registry) or import a matrix with "
                                     "`captions sources import`")
        row = _source_row(agency)
        if fmt != Format.table:
            _write_one(row, fmt)
            return
        lines = [f"{agency.name}"]
        for key in ("aliases", "country", "kind", "control", "tier", "as_of", "source", "note", "defined_in"):
            value = row[key]
            if key == "aliases":
                value = ", ".join(value)
            if key == "country" and value:
                value = f"{value} ({row['country_name']})"
            if key == "control":
                value = f"{value} ({row['control_meaning']})"
            lines.append(f"  {key:<11} {value or '-'}")
        if agency.state_controlled:
            verdict = ("images that originate here are flagged state_media and unverifiable: "
                       "their content cannot be independently verified")
        elif agency.government:
            verdict = "images that originate here are flagged handout: a party to the story supplied them"
        else:
            verdict = "images from here are not flagged for their origin"
        lines.append(f"  {'therefore':<11} {verdict}")
        typer.echo("\n".join(lines))


@sources_app.command("import")
def sources_import(
    matrix: Path = typer.Argument(..., help="A CSV in the State Media Monitor matrix layout "
                                            "(Country, Media company, Main assets, Typology)."),
):
    """Import a State Media Monitor matrix into your registry file.

    Outlets already known keep their names and take the matrix's class; others are added.

    \b
      captions sources import State_Media_Matrix.csv
      captions --registry desk.csv sources import matrix.csv
    """
    with _errors():
        import os
        from .organisations.registry import user_registry_path
        from .organisations.sources import matrix_rows, merge_into_user_registry
        target = user_registry_path(_state.get("registry"))
        rows, report = matrix_rows(matrix, _registry())
        merge_into_user_registry(target, rows, report)
        for line in report.skipped[:20]:
            typer.echo(f"Warning: skipped {line}", err=True)
        more = len(report.skipped) - 20
        if more > 0:
            typer.echo(f"Warning: {more} more rows skipped", err=True)
        typer.echo(f"{report.added} organisations added and {report.updated} updated in {target} "
                   f"({report.known} of them already in the shipped registry, now with the matrix's class)"
                   + (f"; {len(report.skipped)} rows skipped" if report.skipped else ""))
        del os


def main() -> None:
    app(prog_name="captions")
