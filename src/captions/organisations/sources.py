"""The user registry: organisations a newsroom adds or reclassifies, and the State Media Monitor import."""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .registry import CONTROL_CLASSES, REGISTRY_COLUMNS, AgencyRegistry, alias_key, country_code, read_user_rows

MATRIX_COLUMNS = ("Country", "Media company", "Main assets", "Typology")
_ASSET_PREFIX = re.compile(
    r"^(?:news agency|print media|print|television|tv|online|radio|website)\s*:\s*", re.IGNORECASE
)
_GENERIC_COMPANY = re.compile(r"press unit|^government|^state press|^department of", re.IGNORECASE)


@dataclass
class ImportReport:
    added: int = 0  # new rows in the user registry file
    updated: int = 0  # rows of the file that the import changed
    known: int = 0  # outlets the shipped registry already had (the matrix's class now wins)
    skipped: list[str] = field(default_factory=list)


# What an outlet is, from the matrix's asset prefix and the words of its name: first rule that fits.
_KIND_RULES = (
    (
        "news_agency",
        re.compile(
            r"news agency|agency|agence|agencia|ag[eê]ncia|news service|press service|ajans|"
            r"telegraph|presse?\b|press\b",
            re.IGNORECASE,
        ),
    ),
    (
        "broadcaster",
        re.compile(
            r"television|\btv\b|\btv\d|\bradio|broadcast|channel|kanal|t[eé]l[eé]|"
            r"televi[sz]i|rundfunk|\bfm\b",
            re.IGNORECASE,
        ),
    ),
    (
        "newspaper",
        re.compile(
            r"print|daily|times|gazette|gazeta|newspaper|sinmun|pravda|journal|herald|"
            r"tribune|post\b|news\b|magazine|weekly|observer|review",
            re.IGNORECASE,
        ),
    ),
    ("website", re.compile(r"online|website|\.(?:com|ru|cn|net|org|info|su|hu|kz|tv|news|today)\b", re.IGNORECASE)),
)
_PARENTHETICAL = re.compile(r"\(([^()]*)(?:\)|$)")
_NOT_A_NAME = re.compile(
    r"^(?:english|french|arabic|russian|spanish|chinese|japanese|korean|german|"
    r"portuguese|urdu|persian|turkish)$|edition|control|focus on|channel \d",
    re.IGNORECASE,
)
# The matrix's spellings of countries that the ISO list writes otherwise.
MATRIX_COUNTRY_FIXES = {"palestine territories": "PS", "vatican city": "VA"}

# A company's name says what it publishes: "Foundation for Press, Printing and Publishing" prints papers.
_COMPANY_KIND_RULES = (
    ("broadcaster", _KIND_RULES[1][1]),
    (
        "newspaper",
        re.compile(
            r"print|publish|newspaper|gazette|daily|times|press (?:house|foundation|authority)|"
            r"for press|national press",
            re.IGNORECASE,
        ),
    ),
    ("news_agency", re.compile(r"agency|agence|agencia|news service|telegraph", re.IGNORECASE)),
)


def _kind(prefix: str, name: str, company: str = "") -> str:
    """The first rule that fits the outlet's own words, then its company's; every outlet of the
    matrix is a media outlet of some form."""
    found = next((kind for kind, rule in _KIND_RULES if rule.search(f"{prefix} {name}")), None)
    found = found or next((kind for kind, rule in _COMPANY_KIND_RULES if rule.search(company)), None)
    return found or "media"


@dataclass
class MatrixOutlet:
    """One row of the matrix, read: an outlet with its company, class and the acronyms it is known by."""

    where: str
    country: str
    company: str
    prefix: str
    name: str
    typology: str
    uncertain: bool
    aliases: set[str]


def read_matrix(path: Path) -> list[dict[str, str]]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 CSV file")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in MATRIX_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(
            f"{path}: not a State Media Monitor matrix: no column {', '.join(missing)}",
            hint="the matrix has the columns " + ", ".join(MATRIX_COLUMNS),
        )
    return list(reader)


def _cell(row: dict[str, str], column: str) -> str:
    return (row.get(column) or "").strip()


def _outlets_per_company(matrix: list[dict[str, str]]) -> dict[str, set[str]]:
    """A company with one outlet is another name of it; a group's name names none of its outlets."""
    out: dict[str, set[str]] = {}
    for row in matrix:
        out.setdefault(_cell(row, "Media company"), set()).add(_ASSET_PREFIX.sub("", _cell(row, "Main assets")))
    return out


def _typology(row: dict[str, str]) -> tuple[str, bool] | None:
    """(class, uncertain) of a matrix row, or None when the row has no class of the typology."""
    typology = _cell(row, "Typology")
    uncertain = typology.endswith("?")
    typology = typology.rstrip("?")
    if typology not in CONTROL_CLASSES or typology in ("private", "unknown"):
        return None
    return typology, uncertain


def _read_outlet(
    row: dict[str, str], where: str, company_sizes: dict[str, set[str]], report: ImportReport
) -> MatrixOutlet | None:
    """The outlet of a matrix row, or None (with the reason in the report) when it cannot be one."""
    asset_raw = _cell(row, "Main assets")
    company = _cell(row, "Media company").rstrip("*").strip()
    typology = _typology(row)
    if typology is None:
        report.skipped.append(f"{where}: {asset_raw or company}: no typology")
        return None
    prefix_m = _ASSET_PREFIX.match(asset_raw)
    asset = (asset_raw[prefix_m.end() :] if prefix_m else asset_raw).strip(" ()*").strip() or company
    if not asset:
        report.skipped.append(f"{where}: no outlet name")
        return None
    name, other_names = _parentheticals(asset)
    name = name or asset
    if country_code(name):
        # "Iran", "Azerbaijan": papers named after their country would turn every mention of the
        # country into an agency
        report.skipped.append(f"{where}: {name}: an outlet named like a country; add it by hand")
        return None
    aliases = other_names | _company_aliases(company, name, company_sizes.get(_cell(row, "Media company"), set()))
    aliases.discard(name)
    return MatrixOutlet(
        where, _country(_cell(row, "Country")), company, prefix_m.group(0) if prefix_m else "", name, *typology, aliases
    )


def _country(text: str) -> str:
    return country_code(text) or MATRIX_COUNTRY_FIXES.get(text.casefold(), "")


def _parentheticals(asset: str) -> tuple[str, set[str]]:
    """ "Russia-1 (Россия-1)" -> ("Russia-1", {"Россия-1"}): other names in brackets become aliases;
    a language, an edition or a note in brackets is dropped."""
    others = set()
    for inner in _PARENTHETICAL.findall(asset):
        inner = _ASSET_PREFIX.sub("", inner.strip(" *"))
        if inner and not _NOT_A_NAME.search(inner) and len(inner.split()) <= 5:
            others.add(inner)
    return _PARENTHETICAL.sub("", asset).strip(" *"), others


def _company_aliases(company: str, name: str, outlets: set[str]) -> set[str]:
    """The company's own name and acronym, when the company has this one outlet only."""
    if not company or _GENERIC_COMPANY.search(company) or len(outlets) != 1:
        return set()
    bare, out = _parentheticals(company)
    if bare and alias_key(bare) != alias_key(name):
        out.add(bare)
    return out


def _entry(outlet: MatrixOutlet, registry: AgencyRegistry, source: str) -> tuple[dict[str, str], bool]:
    """The registry row of an outlet, and whether the registry already knew it (its kind and tier stay)."""
    shipped = registry.lookup(outlet.name) or next(
        (registry.lookup(a) for a in sorted(outlet.aliases) if registry.lookup(a)), None
    )
    note = f"imported from the State Media Monitor matrix ({outlet.company or 'no company'})"
    if outlet.uncertain:
        note += "; typology marked uncertain in the matrix"
    entry = {
        "name": shipped.name if shipped else outlet.name,
        "aliases": "|".join(sorted(a for a in outlet.aliases if a and (not shipped or a != shipped.name))),
        "country": outlet.country,
        "kind": "" if shipped else _kind(outlet.prefix, outlet.name, outlet.company),
        "control": outlet.typology,
        "tier": "" if shipped else ("origin" if outlet.typology == "SC" else "national"),
        "slash_source": "",
        "as_of": "",
        "source": source.format(company=outlet.company or outlet.name, outlet=outlet.name, typology=outlet.typology),
        "note": note,
    }
    return entry, shipped is not None


USER_SOURCE = "State Media Monitor matrix, {file}: {{company}} ({{typology}})"
SHIPPED_SOURCE = "State Media Monitor (ASD-at-GMF) 2023-08: {company} / {outlet}"


def matrix_outlets(path: Path, report: ImportReport) -> list[MatrixOutlet]:
    """Every outlet row of a State Media Monitor matrix, read; rows that name no outlet go to the report."""
    matrix = read_matrix(path)
    company_sizes = _outlets_per_company(matrix)
    found = (_read_outlet(row, f"{path.name}:{n}", company_sizes, report) for n, row in enumerate(matrix, 2))
    return [outlet for outlet in found if outlet is not None]


def matrix_rows(
    path: Path, registry: AgencyRegistry, source: str | None = None
) -> tuple[list[dict[str, str]], ImportReport]:
    """Registry rows from a State Media Monitor matrix, one per outlet ("Main assets")."""
    report = ImportReport()
    out: dict[str, dict[str, str]] = {}
    source = source or USER_SOURCE.format(file=path.name)
    for outlet in matrix_outlets(path, report):
        entry, known = _entry(outlet, registry, source)
        key = alias_key(entry["name"])
        if key in out:
            continue  # the matrix lists some outlets once per platform
        out[key] = entry
        report.known += known
    return list(out.values()), report


def merge_into_user_registry(target: Path, rows: list[dict[str, str]], report: ImportReport) -> None:
    """Add or update rows of the user registry file by name, writing it atomically."""
    existing = read_user_rows(target) if target.exists() else []
    by_key = {alias_key(r["name"]): r for r in existing}
    for row in rows:
        key = alias_key(row["name"])
        if key in by_key:
            by_key[key].update({k: v for k, v in row.items() if v})
            report.updated += 1
        else:
            by_key[key] = row
            report.added += 1
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=REGISTRY_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in by_key.values():
            writer.writerow({c: row.get(c, "") or "" for c in REGISTRY_COLUMNS})
    os.replace(tmp, target)
