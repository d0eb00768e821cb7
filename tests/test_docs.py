"""The README documents every command and the export columns, and starts with the two commands."""

import re
from pathlib import Path

from captions.cli import app
from captions.fields import EXPORT_COLUMNS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    commands = [line.strip() for line in README.splitlines() if line.startswith("    ")][:2]
    assert commands[0].startswith("pip install -e . && captions ingest")
    assert commands[1] == 'pip install -e ".[test]" && pytest'


def test_every_command_is_documented_and_has_help():
    commands = [(c.name or c.callback.__name__, c) for c in app.registered_commands]
    for group in app.registered_groups:
        commands += [(f"{group.name} {c.name}", c) for c in group.typer_instance.registered_commands]
    assert len(commands) >= 10
    for name, command in commands:
        assert f"`captions {name}" in README, name
        assert (command.callback.__doc__ or "").strip(), name


def test_export_columns_are_listed_in_order():
    section = README.split("### Export columns", 1)[1].split("##", 1)[0]
    assert re.findall(r"`(\w+)`", section) == EXPORT_COLUMNS


def test_parse_keys_are_listed_in_order():
    from captions.fields import PARSE_COLUMNS

    section = README.split("### `captions parse --format jsonl`", 1)[1].split("`id` is the id", 1)[0]
    assert re.findall(r"`(\w+)`", section) == ["flags"] + PARSE_COLUMNS


def test_every_field_is_explained():
    from captions.fields import FIELDS

    section = README.split("### What each field is", 1)[1].split("##", 1)[0]
    assert re.findall(r"^\| `(\w+)` \|", section, re.M) == [f.name for f in FIELDS if f.parse or f.export]
