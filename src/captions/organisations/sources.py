"""The user registry: organisations a newsroom adds or reclassifies, and the State Media Monitor import."""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .registry import (CONTROL_CLASSES, REGISTRY_COLUMNS, AgencyRegistry, alias_key, country_code,
                       read_user_rows)

MATRIX_COLUMNS = ("Country", "Media company", "Main assets", "Typology")
_ASSET_PREFIX = re.compile(r"^(?:news agency|print media|print|television|tv|online|radio|website)\s*:\s*", re.IGNORECASE)
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&.\-]{1,9})\)")
_GENERIC_COMPANY = re.compile(r"press unit|^government|^state press|^department of", re.IGNORECASE)


@dataclass
class ImportReport:
    added: int = 0          # new rows in the user registry file
    updated: int = 0        # rows of the file that the import changed
    known: int = 0          # outlets the shipped registry already had (the matrix's class now wins)
    skipped: list[str] = field(default_factory=list)


def _kind(prefix: str, name: str) -> str:
    text = f"{prefix} {name}".casefold()
    if "agency" in text or "news service" in text or "press" in text and "agency" in text:
        return "news_agency"
    if any(w in text for w in ("television", " tv", "tv ", "radio", "broadcast", "channel")):
        return "broadcaster"
    if any(w in text for w in ("print", "daily", "times", "gazette", "newspaper", "sinmun", "pravda")):
        return "newspaper"
    if "online" in text or ".com" in text or ".ru" in text or ".cn" in text:
        return "website"
    return "news_agency" if re.search(r"\bnews\b", text) else "other"


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
        raise InputError(f"{path}: not a State Media Monitor matrix: no column {', '.join(missing)}",
                         hint="the matrix has the columns " + ", ".join(MATRIX_COLUMNS))
    return list(reader)


def matrix_rows(path: Path, registry: AgencyRegistry) -> tuple[list[dict[str, str]], ImportReport]:
    """Registry rows from a State Media Monitor matrix, one per outlet ("Main assets")."""
    report = ImportReport()
    out: dict[str, dict[str, str]] = {}
    matrix = read_matrix(path)
    # a company with one outlet is another name of it; a group's name names none of its outlets
    outlets_per_company: dict[str, set[str]] = {}
    for row in matrix:
        outlets_per_company.setdefault((row.get("Media company") or "").strip(), set()).add(
            _ASSET_PREFIX.sub("", (row.get("Main assets") or "").strip()))
    for n, row in enumerate(matrix, 2):
        asset_raw = (row.get("Main assets") or "").strip()
        company = (row.get("Media company") or "").strip().rstrip("*")
        typology = (row.get("Typology") or "").strip()
        uncertain = typology.endswith("?")
        typology = typology.rstrip("?")
        if typology not in CONTROL_CLASSES or typology in ("private", "unknown"):
            report.skipped.append(f"{path.name}:{n}: {asset_raw or company}: no typology")
            continue
        prefix_m = _ASSET_PREFIX.match(asset_raw)
        asset = asset_raw[prefix_m.end():] if prefix_m else asset_raw
        asset = asset.strip(" ()").strip() or company
        if not asset:
            report.skipped.append(f"{path.name}:{n}: no outlet name")
            continue
        country_text = (row.get("Country") or "").strip()
        code = country_code(country_text) or ""
        aliases = set(_ACRONYM.findall(asset_raw)) | set(_ACRONYM.findall(company))
        name = _ACRONYM.sub("", asset).strip() or asset
        if country_code(name):
            # "Iran", "Azerbaijan": papers named after their country would turn every mention of the
            # country into an agency
            report.skipped.append(f"{path.name}:{n}: {name}: an outlet named like a country; add it by hand")
            continue
        if company and not _GENERIC_COMPANY.search(company) and \
                len(outlets_per_company.get((row.get("Media company") or "").strip(), ())) == 1:
            bare_company = _ACRONYM.sub("", company).strip()
            if bare_company and alias_key(bare_company) != alias_key(name):
                aliases.add(bare_company)
        else:
            aliases -= set(_ACRONYM.findall(company))
        aliases.discard(name)
        shipped = registry.lookup(name) or next((registry.lookup(a) for a in aliases if registry.lookup(a)), None)
        key = alias_key(shipped.name if shipped else name)
        note = f"imported from the State Media Monitor matrix ({company or 'no company'})"
        if uncertain:
            note += "; typology marked uncertain in the matrix"
        entry = {
            "name": shipped.name if shipped else name,
            "aliases": "|".join(sorted(a for a in aliases if a and (not shipped or a != shipped.name))),
            "country": code,
            "kind": "" if shipped else _kind(prefix_m.group(0) if prefix_m else "", name),
            "control": typology,
            "tier": "" if shipped else ("origin" if typology == "SC" else "national"),
            "slash_source": "",
            "as_of": "",
            "source": f"State Media Monitor matrix, {path.name}: {company or name} ({typology})",
            "note": note,
        }
        if key in out:
            continue            # the matrix lists some outlets once per platform
        out[key] = entry
        report.known += shipped is not None
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
