"""Vocabularies shipped as data files in the package, loaded once.

Every word list the parser relies on lives in ``captions/data`` so that it can be read, reviewed
and extended without touching code.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path

# The data folder beside this file, as an install or a checkout has it.  Only a package run from
# a zip file reads it through importlib.resources, which costs a command ~10 ms to load and use.
_DATA = Path(__file__).with_name("data")


def data_path(name: str):
    """A data file ("organisations/news_agencies.csv": one in a sub-folder) as a path."""
    if _DATA.is_dir():
        return _DATA.joinpath(*name.split("/"))
    from importlib import resources

    return resources.files("captions").joinpath("data", *name.split("/"))


def text(name: str) -> str:
    return data_path(name).read_text(encoding="utf-8")


@cache
def files_in(folder: str, suffix: str = ".csv") -> tuple[str, ...]:
    """Names ("folder/file.csv") of the data files in a sub-folder, in name order."""
    found = data_path(folder).iterdir()
    return tuple(sorted(f"{folder}/{f.name}" for f in found if f.name.endswith(suffix)))


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a CSV data file as dicts."""
    return tuple(csv.DictReader(io.StringIO(text(name))))


@cache
def words(name: str) -> frozenset[str]:
    """A one-word-or-phrase-per-line list (``#`` starts a comment), case-folded."""
    out = set()
    for line in text(name).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.add(line.casefold())
    return frozenset(out)


@cache
def credit_words(role: str) -> frozenset[str]:
    return frozenset(r["word"].casefold() for r in rows("credit_words.csv") if r["role"] == role)


@cache
def months() -> dict[str, int]:
    return {r["name"]: int(r["month"]) for r in rows("months.csv")}


@cache
def weekdays() -> dict[str, int]:
    return {r["name"]: int(r["weekday"]) for r in rows("weekdays.csv")}
