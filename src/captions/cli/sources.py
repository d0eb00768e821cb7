"""What the tool knows about organisations: sources list, show, import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from . import CaptionsError, FmtOpt, Format, TablefmtOpt, _errors, _registry, _state, _warn, app

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
        from ..organisations.describe import source_rows
        from ..output import write_rows

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
        from ..organisations.describe import source_row, verdict
        from ..output import source_text, write_one

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
        from ..organisations.registry import user_registry_path
        from ..organisations.sources import matrix_rows, merge_into_user_registry

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
