"""Full-text search, the web desk and API (serve), and the offline report."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..values import check_filters
from . import (
    AgencyOpt,
    ControlOpt,
    CountryOpt,
    DbOpt,
    FmtOpt,
    Format,
    LimitOpt,
    NeedsReviewOpt,
    PersonOpt,
    PhotographerOpt,
    ProvenanceOpt,
    RawOpt,
    SinceOpt,
    SourceOpt,
    StateMediaOpt,
    TablefmtOpt,
    UntilOpt,
    UnverifiableOpt,
    _errors,
    _filter_args,
    _registry,
    _warn,
    app,
)

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
        from ..catalogue import Catalogue
        from ..catalogue.search import search as search_images
        from ..catalogue.search import snippet_text
        from ..fields import EXPORT_COLUMNS
        from ..output import write_rows

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
        from ..web.serve import serve as serve_desk

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
        from ..web.serve import require

        require("report", "jinja2")
        from ..catalogue import Catalogue
        from ..output import refuse_database_target, write_to_file
        from ..web.report import report_html

        catalogue = Catalogue.open(db, create=False)
        if not force:
            refuse_database_target(Path(target), catalogue.path)
        html = report_html(catalogue, _registry())
        write_to_file(Path(target), lambda fh: fh.write(html))
        typer.echo(f"report written to {target}", err=True)
