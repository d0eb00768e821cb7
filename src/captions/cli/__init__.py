"""The `captions` command line: a thin layer over the library.

Only this package imports typer.  This module holds the app, the options several commands share,
and the one place that maps errors to exit codes; the commands live beside it, one module per
group: inputs (parse, ingest), catalogue (list, export, show, agencies, audit), desk (search, serve,
report), sources.  It parses options, calls the library, prints rows through
`output`, and maps errors to exit codes in one place (`_errors`).  Heavy imports (SQLModel) happen
inside the commands that need them, so that `captions --help` starts fast.
"""

from __future__ import annotations

import contextlib
import traceback
from enum import Enum
from typing import Annotated, Optional

import typer

from ..errors import CaptionsError
from ..fields import LEVELS

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
        from ..output import silence_stdout

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

    from ..organisations.registry import load_registry, user_registry_path

    option = _state.get("registry")
    explicit = bool(option or os.environ.get("CAPTIONS_REGISTRY"))
    return load_registry(user_registry_path(option), explicit=explicit)


def _registry_for(filters):
    """What reads organisation names where `filters` look one up (--agency, --source), else None:
    the other filters are plain SQL.  The shipped names are read from their index unless a user
    registry is in use (name_index.name_lookup): building the registry costs more than the query."""
    if not filters.need_registry:
        return None
    from ..organisations.name_index import name_lookup

    return name_lookup(_state.get("registry"))


def _warn(message: str) -> None:
    from ..output import printable  # a message quotes file names and captions: nothing in it may act on the terminal

    typer.echo(f"Warning: {printable(message)}", err=True)


def _error(e: CaptionsError) -> None:
    """`Error: what happened`, and `Hint: what to do` where one helps."""
    from ..output import printable

    typer.echo(f"Error: {printable(e.message)}", err=True)
    if e.hint:
        typer.echo(f"Hint: {printable(e.hint)}", err=True)


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


def main() -> None:
    import sys

    app_for(sys.argv[1:])(prog_name="captions")


# The options of the app itself, before the command's name, and whether each takes a value.
_APP_OPTIONS = {"--debug": False, "--registry": True}


def app_for(args: list[str]) -> typer.Typer:
    """The app to run `args` with: where they name a command, an app holding that command alone.

    Typer turns every registered command into a click command on every run, reading each one's
    signature and annotations; for 13 commands that is ~40 ms, a third of what `captions show ID`
    costs as a whole command.  A run that names its command needs only that one: its usage, help
    and errors read the same.  A run that names none (`captions --help`) gets the commands as
    stand-ins to list (_listing_app), and one with a word that may be a misspelt name the whole
    app, whose errors suggest the name meant.
    """
    import copy

    name = _command_name(args)
    commands = [c for c in app.registered_commands if _name_of(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        one = copy.copy(app)
        one.registered_commands, one.registered_groups = commands, groups
        return one
    if _command_name(args, words=True) is None:
        return _listing_app()
    return app


def _name_of(command) -> str:
    from typer.main import get_command_name

    return command.name or get_command_name(getattr(command.callback, "__name__", ""))


def _listing_app() -> typer.Typer:
    """The app for a run that names no command (`captions`, `captions --help`): it only lists the
    commands, so each stands in with its name and help and no options to read.  A run with any
    word in it that is not a command's name (a misspelt one) gets the whole app."""
    import copy
    import inspect

    listing = copy.copy(app)
    listing.registered_commands = [copy.copy(c) for c in app.registered_commands]
    for stand_in, command in zip(listing.registered_commands, app.registered_commands):
        stand_in.name = _name_of(command)
        stand_in.help = command.help if command.help is not None else inspect.getdoc(command.callback)
        stand_in.callback = _never_run
    return listing


def _never_run() -> None:
    raise RuntimeError("a listed command stood in for the real one")  # app_for never lets it run


def _command_name(args: list[str], words: bool = False) -> str | None:
    """The first word of `args` that is neither an option of the app nor its value (with
    `words`, looking past options the app does not have, such as --help)."""
    rest = iter(args)
    for arg in rest:
        if not arg.startswith("-"):
            return arg
        if arg not in _APP_OPTIONS:
            if words:
                continue
            return None  # --help, or an option the app will refuse with its own message
        if _APP_OPTIONS[arg]:
            next(rest, None)
    return None


# The commands, registered on `app` in the order --help lists them (after the app and the shared
# options, which they import from here).
# isort: off
from . import inputs  # noqa: E402,F401
from . import catalogue  # noqa: E402,F401
from . import desk  # noqa: E402,F401
from . import sources  # noqa: E402,F401
# isort: on
