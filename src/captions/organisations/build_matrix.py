"""Derive the shipped State Media Monitor rows (data/organisations/state_media_monitor.csv) from the matrix.

    python -m captions.organisations.build_matrix State_Media_Matrix.csv src/captions/data/organisations/

The matrix (ASD-at-GMF, MIT licence) is not shipped; each derived row names its class and cites
the matrix.  Outlets the hand-checked files already hold are left to them.  A name that is an
everyday word or a given name ("Anis", "Today"), only generic media words ("Daily News",
"Channel 5") or the name of outlets in several countries is kept for reference but never
matched ("listed"): as a credit it would more often be a person, a word or another outlet.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from .. import vocab
from .matching import ordinary_words
from .registry import REGISTRY_COLUMNS, AgencyRegistry, agency_from_row, alias_key, country_code, shipped_rows
from .sources import SHIPPED_SOURCE, ImportReport, matrix_outlets, matrix_rows

OUTPUT = "state_media_monitor.csv"


def _generic(name: str) -> bool:
    words = [w.strip(".,'’()") for w in name.casefold().split()]
    generic = vocab.words("generic_outlet_words.txt")
    return all(w in generic or w in ordinary_words() or w.isdigit() for w in words if w)


def _single_word(name: str) -> bool:
    """One word in ordinary case: no dot, digit, hyphen or inner capital that would make it distinctive."""
    return (
        " " not in name
        and not re.search(r"[.\d-]", name)
        and not name.isupper()
        and not re.search(r"(?<=\w)[A-Z]", name)
    )


def match_mode(name: str, countries: int = 1) -> str:
    """ "listed" for names that would more often mean something else, "exact" for short or one-word names.

    A one-word name is matched only as written ("Tishreen"), unless it is an everyday word or a
    given name ("Anis", "Today"); a name several countries' outlets share is kept for reference only.
    """
    if countries > 1 or _generic(name) or alias_key(name) in vocab.words("places.txt"):
        return "listed"
    if _single_word(name):
        return "listed" if name.casefold() in ordinary_words() else "exact"
    if _acronym(name):
        # three letters name a channel in many countries (ABP, MTV, PIA): four are specific enough
        return "listed" if len(name) <= 3 else "exact"
    return ""


def _acronym(name: str) -> bool:
    return name.isupper() and len(name) <= 4 and " " not in name


def _alias_as_written(alias: str) -> str:
    """Short acronyms count only in capitals ("=RTHK")."""
    return "=" + alias if _acronym(alias) else alias


def _usable_alias(alias: str, claimed: set[str]) -> bool:
    return (
        alias_key(alias) not in claimed
        and not _single_word(alias)
        and not _generic(alias)
        and country_code(alias) is None
        and not (_acronym(alias) and len(alias) <= 3)
    )


def _countries_per_name(matrix: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for outlet in matrix_outlets(matrix, ImportReport()):
        out.setdefault(alias_key(outlet.name), set()).add(outlet.country)
    return out


def derive(matrix: Path, curated: AgencyRegistry) -> tuple[list[dict[str, str]], list[str]]:
    rows, report = matrix_rows(matrix, curated, source=SHIPPED_SOURCE)
    countries = _countries_per_name(matrix)
    claimed = {alias_key(s) for a in curated for s in (a.name, *a.aliases)}
    out = []
    for row in rows:
        if row["kind"] == "" or alias_key(row["name"]) in claimed:
            continue  # the hand-checked rows describe it already
        aliases = [a for a in row["aliases"].split("|") if a and _usable_alias(a, claimed)]
        sharing = len(countries.get(alias_key(row["name"]), ()))
        row = dict(
            row,
            aliases="|".join(_alias_as_written(a) for a in aliases),
            match=match_mode(row["name"], sharing),
            as_of="2023",
            note=row["note"].replace("imported from", "derived from"),
        )
        agency_from_row(row, f"{matrix.name}: {row['name']}")  # a bad derived row fails here
        claimed.add(alias_key(row["name"]))
        claimed.update(alias_key(a) for a in aliases)
        out.append(row)
    out.sort(key=lambda r: (r["country"], r["name"].casefold()))
    return out, report.skipped


def main(argv: list[str]) -> int:
    matrix, folder = Path(argv[0]), Path(argv[1])
    curated = AgencyRegistry()
    for where, row in shipped_rows():
        if not where.startswith(f"organisations/{OUTPUT}"):
            curated.add(agency_from_row(row, where))
    rows, skipped = derive(matrix, curated)
    with open(folder / OUTPUT, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=REGISTRY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: r.get(c, "") for c in REGISTRY_COLUMNS} for r in rows)
    print(f"{len(rows)} rows written; {len(skipped)} matrix rows skipped", file=sys.stderr)
    for line in skipped:
        print("  " + line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
