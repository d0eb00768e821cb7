"""The `captions` command line: a thin layer over the library.

Only this module imports typer.  It parses options, calls the library, prints rows through
`output`, and maps errors to exit codes in one place (`_errors`).  Heavy imports (SQLModel) happen
inside the commands that need them, so that `captions --help` starts fast.
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import CaptionsError
from .record import LEVELS
from .values import check_date, check_filters, split_mode

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

_state: dict = {"debug": False, "registry": None}


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


Level = Enum("Level", {level: level for level in LEVELS}, type=str)  # type: ignore[misc]


# Options shared by several commands, declared once.
DbOpt = Annotated[
    Optional[str],
    typer.Option(
        "--db", help="Catalogue: a file path or an SQLAlchemy URL [default: $CAPTIONS_DB, else db/captions.db]"
    ),
]
FmtOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
RawOpt = Annotated[
    bool,
    typer.Option(
        "--raw",
        help="Write CSV cells as they are, without neutralising those that a "
        "spreadsheet would run as formulas (=, +, -, @).",
    ),
]
TablefmtOpt = Annotated[
    str, typer.Option("--tablefmt", help="tabulate table style for --format table (simple, github, grid, plain, ...).")
]
PageDateOpt = Annotated[
    Optional[str],
    typer.Option(
        "--page-date", help='Date the page was published (YYYY-MM-DD), to resolve "on Thursday" or "Feb. 25".'
    ),
]
OnePerLineOpt = Annotated[bool, typer.Option("--one-per-line", help="A plain text holds one caption per line.")]
OnePerParagraphOpt = Annotated[
    bool, typer.Option("--one-per-paragraph", help="A plain text holds one caption per paragraph.")
]
FollowLinksOpt = Annotated[
    bool,
    typer.Option(
        "--follow-links",
        help="Follow symbolic links in folders that lead "
        "outside the folder named (left out by default, with a warning).",
    ),
]
# The filters of `list` and `export`: one declaration, one check (values.check_filters).
AgencyOpt = Annotated[
    Optional[str], typer.Option("--agency", help="An organisation anywhere in the chain (KCNA, AP, ...).")
]
SourceOpt = Annotated[Optional[str], typer.Option("--source", help="The origin: first link of the chain.")]
PhotographerOpt = Annotated[Optional[str], typer.Option("--photographer", help="A credited photographer.")]
PersonOpt = Annotated[Optional[str], typer.Option("--person", help="A person named in the caption.")]
SinceOpt = Annotated[
    Optional[str], typer.Option("--since", help="Photos taken on or after this date (YYYY[-MM[-DD]]).")
]
UntilOpt = Annotated[Optional[str], typer.Option("--until", help="Photos taken on or before this date.")]
StateMediaOpt = Annotated[
    bool, typer.Option("--state-media", help="Only images that originate from state-controlled media.")
]
UnverifiableOpt = Annotated[bool, typer.Option("--unverifiable", help="Only images flagged unverifiable.")]
NeedsReviewOpt = Annotated[
    bool, typer.Option("--needs-review", help="Only images whose credit the tool could not read with confidence.")
]
ProvenanceOpt = Annotated[Optional[Level], typer.Option("--provenance", help="Only images of this provenance level.")]
CountryOpt = Annotated[Optional[str], typer.Option("--country", help="Origin's country, ISO 3166 code (KP, CN, ...).")]
ControlOpt = Annotated[
    Optional[str], typer.Option("--control", help="Origin's State Media Monitor class (SC, CaPu, ...).")
]
LimitOpt = Annotated[Optional[int], typer.Option("--limit", "-n", help="At most this many rows.")]


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an error."),
    registry: Optional[str] = typer.Option(
        None,
        "--registry",
        metavar="FILE",
        help="Your registry of organisations (CSV), added to the shipped one; "
        "its rows override shipped rows of the same name "
        "[default: $CAPTIONS_REGISTRY, else db/registry.csv if it exists].",
    ),
):
    _state["debug"] = debug
    _state["registry"] = registry


@contextlib.contextmanager
def _errors():
    """The one place that turns exceptions into `Error: ...` lines and exit codes."""
    try:
        yield
    except CaptionsError as e:
        _error(e)
        raise typer.Exit(e.exit_code)
    except BrokenPipeError:
        from .output import silence_stdout

        silence_stdout()
        raise typer.Exit(0)
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as e:  # noqa: BLE001 - last resort: one line, never a traceback
        if _state["debug"]:
            traceback.print_exc()
        typer.echo(f"Error: internal error: {type(e).__name__}: {e}", err=True)
        typer.echo("Hint: run again with --debug for the traceback, and report it", err=True)
        raise typer.Exit(1)


def _registry():
    import os

    from .organisations.registry import load_registry, user_registry_path

    option = _state.get("registry")
    explicit = bool(option or os.environ.get("CAPTIONS_REGISTRY"))
    return load_registry(user_registry_path(option), explicit=explicit)


def _warn(message: str) -> None:
    from .output import printable  # a message quotes file names and captions: nothing in it may act on the terminal

    typer.echo(f"Warning: {printable(message)}", err=True)


def _error(e: CaptionsError) -> None:
    """`Error: what happened`, and `Hint: what to do` where one helps."""
    from .output import printable

    typer.echo(f"Error: {printable(e.message)}", err=True)
    if e.hint:
        typer.echo(f"Hint: {printable(e.hint)}", err=True)


# -- parse -------------------------------------------------------------------------------------

PARSE_TABLE_COLUMNS = ["id", "date", "chain", "photographers", "flags", "description"]


@app.command()
def parse(
    paths: list[str] = typer.Argument(..., help="Article texts, web pages, images or caption lists; - reads stdin."),
    fmt: FmtOpt = Format.table,
    page_date: PageDateOpt = None,
    explain: bool = typer.Option(False, "--explain", help="Show how each caption was split and labelled."),
    one_per_line: OnePerLineOpt = False,
    one_per_paragraph: OnePerParagraphOpt = False,
    follow_links: FollowLinksOpt = False,
    tablefmt: TablefmtOpt = "simple",
):
    """Parse captions and print them, without storing anything.

    \b
      captions parse article.txt --page-date 2019-02-26
      captions parse captions.jsonl --format jsonl > parsed.jsonl
      echo "Kim waves. (KCNA via AP)" | captions parse - --explain
    """
    with _errors():
        check_date(page_date, "--page-date")
        from . import ingest
        from .output import write_rows
        from .record import PARSE_COLUMNS

        failures: list[CaptionsError] = []

        def failed(e: CaptionsError) -> None:
            failures.append(e)
            _error(e)

        records = ingest.parse_paths(
            paths,
            _registry(),
            page_date,
            split_mode(one_per_line, one_per_paragraph),
            warn=_warn,
            follow_links=follow_links,
            error=failed,
        )
        if explain:
            from .output import printable

            for record in records:
                typer.echo(printable(ingest.explain(record), "\n"))
        elif fmt == Format.jsonl:  # streamed: a line as soon as its caption is parsed
            for record in records:
                write_rows([record.as_dict()], PARSE_COLUMNS + ["flags"], "jsonl", sys.stdout)
        else:
            columns = PARSE_TABLE_COLUMNS if fmt == Format.table else PARSE_COLUMNS + ["flags"]
            write_rows((r.as_dict() for r in records), columns, fmt.value, sys.stdout, tablefmt=tablefmt)
        if failures:
            raise typer.Exit(1)  # every file was read that could be; each failure has its line above


# -- ingest ------------------------------------------------------------------------------------


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or folders (read recursively); - reads stdin."),
    page_date: PageDateOpt = None,
    one_per_line: OnePerLineOpt = False,
    one_per_paragraph: OnePerParagraphOpt = False,
    jobs: int = typer.Option(
        0, "--jobs", "-j", help="Worker processes that parse long caption lists [default: one per CPU]."
    ),
    follow_links: FollowLinksOpt = False,
    db: DbOpt = None,
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
        check_date(page_date, "--page-date")
        from .catalogue import Catalogue
        from .ingest import ingest_paths
        from .output import progress_bar

        registry = _registry()
        split = split_mode(one_per_line, one_per_paragraph)
        catalogue = Catalogue.open(db)
        with progress_bar("ingesting") as progress:
            report = ingest_paths(
                paths,
                catalogue,
                registry,
                page_date,
                split,
                jobs,
                warn=_warn,
                error=_error,
                progress=progress,
                follow_links=follow_links,
            )
        typer.echo(report.summary())
        if report.failures:
            if report.files == 1 and "no captions found" in report.failures[0]:
                typer.echo("Hint: a caption needs a credit line to be found; see `captions parse --explain`", err=True)
            raise typer.Exit(1)


# -- list / export / show / agencies / audit ---------------------------------------------------

LIST_COLUMNS = ["id", "date", "chain", "photographers", "flags", "description"]


@app.command("list")
def list_images(
    agency: AgencyOpt = None,
    source: SourceOpt = None,
    photographer: PhotographerOpt = None,
    person: PersonOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    state_media: StateMediaOpt = False,
    unverifiable: UnverifiableOpt = False,
    needs_review: NeedsReviewOpt = False,
    provenance: ProvenanceOpt = None,
    country: CountryOpt = None,
    control: ControlOpt = None,
    limit: LimitOpt = None,
    fmt: FmtOpt = Format.table,
    tablefmt: TablefmtOpt = "simple",
    raw: RawOpt = False,
    db: DbOpt = None,
):
    """List stored images, filtered.

    \b
      captions list --unverifiable
      captions list --agency KCNA --since 2019-01 --format csv
      captions list --person "Kim Jong Un" --limit 20
      captions list --provenance handout --country RU
      captions list --needs-review
    """
    with _errors():
        from .catalogue import Catalogue
        from .output import write_rows
        from .record import EXPORT_COLUMNS

        filters = check_filters(**_filter_args(locals()))
        catalogue = Catalogue.open(db, create=False)
        rows = catalogue.query_images(filters, _registry())
        columns = LIST_COLUMNS if fmt == Format.table else EXPORT_COLUMNS
        write_rows(rows, columns, fmt.value, sys.stdout, tablefmt=tablefmt, raw=raw)


_FILTER_NAMES = (
    "agency",
    "source",
    "photographer",
    "person",
    "since",
    "until",
    "state_media",
    "unverifiable",
    "needs_review",
    "provenance",
    "country",
    "control",
    "limit",
)


def _filter_args(options: dict) -> dict:
    return {name: options[name] for name in _FILTER_NAMES}


@app.command()
def export(
    target: str = typer.Argument(..., help="File to write, or - for standard output."),
    agency: AgencyOpt = None,
    source: SourceOpt = None,
    photographer: PhotographerOpt = None,
    person: PersonOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    state_media: StateMediaOpt = False,
    unverifiable: UnverifiableOpt = False,
    needs_review: NeedsReviewOpt = False,
    provenance: ProvenanceOpt = None,
    country: CountryOpt = None,
    control: ControlOpt = None,
    limit: LimitOpt = None,
    fmt: FmtOpt = Format.csv,
    tablefmt: TablefmtOpt = "simple",
    raw: RawOpt = False,
    force: bool = typer.Option(False, "--force", help="Write even onto a file that is an SQLite database."),
    db: DbOpt = None,
):
    """Export the catalogue, one row per image (CSV by default; columns listed in README).

    \b
      captions export catalogue.csv
      captions export - --state-media --format jsonl
    """
    with _errors():
        from .catalogue import Catalogue
        from .output import export_images, refuse_database_target, write_to_file

        filters = check_filters(**_filter_args(locals()))
        catalogue = Catalogue.open(db, create=False)
        registry = _registry()

        def write(out) -> int:
            return export_images(catalogue, filters, registry, out, fmt.value, tablefmt=tablefmt, raw=raw)

        if target == "-":
            write(sys.stdout)
            return
        if not force:
            refuse_database_target(Path(target), catalogue.path)
        n = write_to_file(Path(target), write)
        typer.echo(f"{n} images written to {target}", err=True)


@app.command()
def show(
    image_id: int = typer.Argument(..., help="Image id, as `captions list` prints it."),
    fmt: FmtOpt = Format.table,
    db: DbOpt = None,
):
    """Show one image: its caption, chain of custody, flags and the reasons for them.

    \b
      captions show 12
      captions show 12 --format json
    """
    with _errors():
        from .catalogue import Catalogue
        from .output import record_text, write_one

        catalogue = Catalogue.open(db, create=False)
        row = catalogue.get_image(image_id)
        if row is None:
            raise CaptionsError(f"no image with id {image_id}", hint="`captions list` shows the ids")
        if fmt == Format.table:
            typer.echo(record_text(row))
        else:
            write_one(row, fmt.value, sys.stdout)


@app.command()
def agencies(fmt: FmtOpt = Format.table, tablefmt: TablefmtOpt = "simple", db: DbOpt = None):
    """Images per organisation, with its state-control class and how many are unverifiable.

    \b
      captions agencies
      captions agencies --format csv
    """
    with _errors():
        from .catalogue import Catalogue
        from .output import write_rows

        rows = Catalogue.open(db, create=False).agency_counts()
        write_rows(
            rows,
            ["agency", "country", "kind", "control", "images", "as_origin", "unverifiable"],
            fmt.value,
            sys.stdout,
            tablefmt=tablefmt,
        )


AUDIT_COLUMNS = ["file", "id", "provenance", "chain", "finding", "description"]


@app.command()
def audit(
    check: bool = typer.Option(False, "--check", help="Exit with status 3 when anything is found (for pipelines)."),
    fmt: FmtOpt = Format.table,
    tablefmt: TablefmtOpt = "simple",
    db: DbOpt = None,
):
    """List images from state media or handouts whose caption carries no verifiability disclaimer.

    Grouped by the file they came from.  A standards desk expects such images to tell readers that
    their content cannot be independently verified.

    \b
      captions audit
      captions audit --check --format csv > missing-disclaimers.csv || echo "needs a look"
    """
    with _errors():
        from .catalogue import Catalogue
        from .output import write_rows

        rows = Catalogue.open(db, create=False).audit(_registry())
        n = write_rows(
            rows,
            AUDIT_COLUMNS if fmt == Format.table else AUDIT_COLUMNS + ["reasons", "caption"],
            fmt.value,
            sys.stdout,
            tablefmt=tablefmt,
        )
        files = len({r["file"] for r in rows})
        typer.echo(f"{n} images in {files} files need a verifiability disclaimer", err=True)
        if check and n:
            raise typer.Exit(3)


# -- search / serve / report -------------------------------------------------------------------

SEARCH_COLUMNS = ["id", "date", "chain", "flags", "snippet"]


@app.command()
def search(
    query: str = typer.Argument(
        ..., help='Words to find in descriptions, credits, people and places; "a phrase" in quotes; word* for a prefix.'
    ),
    agency: AgencyOpt = None,
    source: SourceOpt = None,
    photographer: PhotographerOpt = None,
    person: PersonOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    state_media: StateMediaOpt = False,
    unverifiable: UnverifiableOpt = False,
    needs_review: NeedsReviewOpt = False,
    provenance: ProvenanceOpt = None,
    country: CountryOpt = None,
    control: ControlOpt = None,
    limit: LimitOpt = None,
    syntax: bool = typer.Option(
        False,
        "--syntax",
        help="Read the query as SQLite FTS5 syntax (OR, NOT, NEAR, column:word) instead of plain words.",
    ),
    fmt: FmtOpt = Format.table,
    tablefmt: TablefmtOpt = "simple",
    raw: RawOpt = False,
    db: DbOpt = None,
):
    """Search the stored captions, best match first, with the matching words marked **like this**.

    Accents and case do not matter ("Sao Paulo" finds "São Paulo"); Chinese, Japanese and Korean
    text is found by any part of a word.  Takes every filter of `list`.

    \b
      captions search "Kim Jong Un" --agency KCNA
      captions search "harbour*" --since 2025-01 --format jsonl
      captions search 평양
    """
    with _errors():
        from .catalogue import Catalogue
        from .catalogue.search import search as search_images
        from .catalogue.search import snippet_text
        from .output import write_rows
        from .record import EXPORT_COLUMNS

        filters = check_filters(**_filter_args(locals()))
        catalogue = Catalogue.open(db, create=False)
        rows = [
            dict(row, snippet=snippet_text(row["snippet"]))
            for row in search_images(catalogue, query, filters, _registry(), syntax=syntax)
        ]
        columns = SEARCH_COLUMNS if fmt == Format.table else EXPORT_COLUMNS + ["snippet", "score"]
        write_rows(rows, columns, fmt.value, sys.stdout, tablefmt=tablefmt, raw=raw, max_width=80)


@app.command()
def serve(
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to listen on; another than loopback opens the desk to the network."
    ),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    rate: float = typer.Option(
        20.0,
        "--rate-limit",
        help="Requests a second each client may make (bursts of three seconds' worth); 0 turns the limit off.",
    ),
    db: DbOpt = None,
):
    """Serve the catalogue as a web desk and a JSON API (read-only; needs captions[web]).

    Pages: the catalogue with the filters of `list` and search, one image with its chain, flags
    and reasons, agencies, the audit and charts.  API: /api/images, /api/images/ID,
    /api/agencies, /api/search and POST /api/check (described at /docs).

    \b
      captions serve
      captions serve --db desk.db --port 8080
      curl -s localhost:8000/api/check -H 'content-type: application/json' \\
           -d '{"caption": "Kim Jong Un visits a farm. (KCNA via AP)"}'
    """
    with _errors():
        from .web.serve import serve as serve_desk

        serve_desk(db, _registry(), host, port, rate, say=lambda line: typer.echo(line, err=True), warn=_warn)


@app.command()
def report(
    target: str = typer.Argument(..., help="The HTML file to write."),
    force: bool = typer.Option(False, "--force", help="Write even onto a file that is an SQLite database."),
    db: DbOpt = None,
):
    """Write the charts, the audit and the agencies as one self-contained HTML file.

    The file carries its stylesheet and draws its charts as inline SVG: it opens offline, in any
    browser, and can be mailed or archived as it is.

    \b
      captions report provenance.html
      captions report weekly.html --db desk.db
    """
    with _errors():
        from .web.serve import require

        require("report", "jinja2")
        from .catalogue import Catalogue
        from .output import refuse_database_target, write_to_file
        from .web.report import report_html

        catalogue = Catalogue.open(db, create=False)
        if not force:
            refuse_database_target(Path(target), catalogue.path)
        html = report_html(catalogue, _registry())
        write_to_file(Path(target), lambda fh: fh.write(html))
        typer.echo(f"report written to {target}", err=True)


# -- sources -----------------------------------------------------------------------------------

sources_app = typer.Typer(no_args_is_help=True, help="What the tool knows about organisations: the agency registry.")
app.add_typer(sources_app, name="sources")

SOURCE_COLUMNS = ["name", "country", "kind", "control", "aliases", "source", "defined_in"]


@sources_app.command("list")
def sources_list(
    control: Optional[str] = typer.Option(None, "--control", help="Only this State Media Monitor class (SC, ...)."),
    country: Optional[str] = typer.Option(None, "--country", help="Only this ISO 3166 country code."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Only this kind (news_agency, broadcaster, ...)."),
    fmt: FmtOpt = Format.table,
    tablefmt: TablefmtOpt = "simple",
):
    """List the organisations in the registry.

    \b
      captions sources list --control SC
      captions sources list --country KP --format csv
    """
    with _errors():
        from .organisations.describe import source_rows
        from .output import write_rows

        rows = source_rows(_registry(), control=control, country=country, kind=kind)
        columns = SOURCE_COLUMNS if fmt == Format.table else list(rows[0]) if rows else SOURCE_COLUMNS
        write_rows(rows, columns, fmt.value, sys.stdout, tablefmt=tablefmt, max_width=40)


@sources_app.command("show")
def sources_show(
    name: str = typer.Argument(..., help='A name or alias: KCNA, "Korean Central News Agency", KRT, ...'),
    fmt: FmtOpt = Format.table,
):
    """Show what the tool believes about one organisation, and why.

    \b
      captions sources show KRT
      captions sources show "Syrian Arab News Agency" --format json
    """
    with _errors():
        from .organisations.describe import source_row, verdict
        from .output import source_text, write_one

        agency = _registry().lookup(name)
        if agency is None:
            raise CaptionsError(
                f"{name!r} is not in the registry",
                hint="add it to your registry file (--registry) or import a matrix with `captions sources import`",
            )
        row = source_row(agency)
        if fmt == Format.table:
            typer.echo(source_text(row, verdict(agency)))
        else:
            write_one(row, fmt.value, sys.stdout)


@sources_app.command("import")
def sources_import(
    matrix: Path = typer.Argument(
        ..., help="A CSV in the State Media Monitor matrix layout (Country, Media company, Main assets, Typology)."
    ),
):
    """Import a State Media Monitor matrix into your registry file.

    Outlets already known keep their names and take the matrix's class; others are added.

    \b
      captions sources import State_Media_Matrix.csv
      captions --registry desk.csv sources import matrix.csv
    """
    with _errors():
        from .organisations.registry import user_registry_path
        from .organisations.sources import matrix_rows, merge_into_user_registry

        target = user_registry_path(_state.get("registry"))
        rows, report = matrix_rows(matrix, _registry())
        merge_into_user_registry(target, rows, report)
        for line in report.skipped[:20]:
            _warn(f"skipped {line}")
        if len(report.skipped) > 20:
            _warn(f"{len(report.skipped) - 20} more rows skipped")
        typer.echo(
            f"{report.added} organisations added and {report.updated} updated in {target} "
            f"({report.known} of them already in the shipped registry, now with the matrix's class)"
            + (f"; {len(report.skipped)} rows skipped" if report.skipped else "")
        )


def main() -> None:
    app(prog_name="captions")
