"""Commands that read the catalogue: list, export, show, agencies, audit."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ..values import check_filters
from . import (
    AgencyOpt,
    CaptionsError,
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
    _registry_for,
    app,
)

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
        from ..catalogue import Catalogue
        from ..output import TABLE_JOINS, export_images, write_table_columns

        filters = check_filters(**_filter_args(locals()))
        catalogue = Catalogue.open(db, create=False)
        registry = _registry_for(filters)
        if fmt == Format.table:
            table = catalogue.query_columns(filters, registry, LIST_COLUMNS, joined=TABLE_JOINS)
            write_table_columns(table, LIST_COLUMNS, sys.stdout, tablefmt)
        else:  # the export's rows, to the terminal
            export_images(catalogue, filters, registry, sys.stdout, fmt.value, tablefmt=tablefmt, raw=raw)


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
        from ..catalogue import Catalogue
        from ..output import export_images, refuse_database_target, write_to_file

        filters = check_filters(**_filter_args(locals()))
        catalogue = Catalogue.open(db, create=False)
        registry = _registry_for(filters)

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
        from ..catalogue import Catalogue
        from ..output import record_text, write_one

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
        from ..catalogue import Catalogue
        from ..output import write_rows

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
        from ..catalogue import Catalogue
        from ..output import write_rows

        rows = Catalogue.open(db, create=False).audit(None)  # its filter names no organisation
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
