"""Commands that read inputs: parse (print) and ingest (store)."""

from __future__ import annotations

import sys

import typer

from ..values import check_date, split_mode
from . import (
    CaptionsError,
    DbOpt,
    FmtOpt,
    FollowLinksOpt,
    Format,
    OnePerLineOpt,
    OnePerParagraphOpt,
    PageDateOpt,
    TablefmtOpt,
    _error,
    _errors,
    _registry,
    _warn,
    app,
)

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
        from .. import ingest
        from ..fields import PARSE_COLUMNS
        from ..output import write_rows

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
            from ..output import printable

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
        from ..catalogue import Catalogue
        from ..ingest import ingest_paths
        from ..output import progress_bar

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
