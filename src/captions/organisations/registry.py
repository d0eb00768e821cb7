"""The agency registry: who an organisation named in a credit is, and whether the state controls it."""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .. import vocab

# State Media Monitor typology (ASD-at-GMF), plus our two values outside it.
CONTROL_CLASSES = {
    "SC": "state-controlled media",
    "CaPu": "captured public media",
    "CaPr": "captured private media",
    "ISFM": "independent state-funded and state-managed media",
    "ISF": "independent state-funded media",
    "ISM": "independent state-managed media",
    "IP": "independent public media",
    "private": "privately owned, outside the State Media Monitor typology",
    "unknown": "not classified",
}
STATE_CONTROLLED = frozenset({"SC"})
GOVERNMENT_KINDS = frozenset({"government", "military"})
NEWS_KINDS = frozenset({"news_agency", "broadcaster", "newspaper", "photo_agency", "platform", "website", "pool"})
# Custody rank: who usually hands an image on to whom.  A via B normally reads origin A, then
# B; when A clearly ranks above B ("Reuters via Yonhap") the publisher wrote it the other way.
TIER_RANK = {"origin": 1, "national": 2, "wire": 3, "platform": 4}

@lru_cache(maxsize=None)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """ISO 3166 code -> name, and folded name or alias -> code (data/countries.csv)."""
    names, codes = {}, {}
    for row in vocab.rows("countries.csv"):
        names[row["code"]] = row["name"]
        for spelling in [row["name"], row["code"], *row["aliases"].split("|")]:
            if spelling:
                codes.setdefault(alias_key(spelling), row["code"])
    return names, codes


def country_name(code: str) -> str:
    return _countries()[0].get(code, code)


def country_code(name: str) -> str | None:
    """"North Korea" -> "KP"; an ISO code is returned as it is."""
    return _countries()[1].get(alias_key(name))


@lru_cache(maxsize=16384)
def alias_key(name: str) -> str:
    """Fold an organisation name for lookup: case, accents, punctuation and a leading "the"."""
    s = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    s = re.sub(r"[\s\-_.]+", " ", s).strip(" ,;:()[]")
    return re.sub(r"^the ", "", s)


@dataclass(frozen=True)
class Agency:
    name: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    kind: str = "other"
    control: str = "unknown"
    tier: str = "national"
    slash_source: bool = False
    as_of: str = ""
    source: str = ""
    note: str = ""
    registered: bool = True
    defined_in: str = "shipped registry"

    @property
    def state_controlled(self) -> bool:
        return self.control in STATE_CONTROLLED

    @property
    def government(self) -> bool:
        return self.kind in GOVERNMENT_KINDS

    @property
    def news_organisation(self) -> bool:
        return self.kind in NEWS_KINDS

    @property
    def rank(self) -> int:
        return TIER_RANK.get(self.tier, 2)

    @property
    def country_name(self) -> str:
        return country_name(self.country) if self.country else ""

    @classmethod
    def unregistered(cls, name: str, kind: str = "other") -> "Agency":
        tier = "origin" if kind in GOVERNMENT_KINDS else "national"
        return cls(name=name, kind=kind, tier=tier, registered=False,
                   source="not in the registry: named as written in the caption")


@dataclass(eq=False)
class AgencyRegistry:
    agencies: dict[str, Agency] = field(default_factory=dict)
    _by_alias: dict[str, str] = field(default_factory=dict)
    _alias_pattern: re.Pattern | None = None

    @classmethod
    def from_rows(cls, rows) -> "AgencyRegistry":
        reg = cls()
        for row in rows:
            reg.add(agency_from_row(row))
        return reg

    @classmethod
    def default(cls) -> "AgencyRegistry":
        return _default_registry()

    def add(self, agency: Agency) -> None:
        self.agencies[agency.name] = agency
        for spelling in (agency.name, *agency.aliases):
            self._by_alias[alias_key(spelling)] = agency.name
        self._alias_pattern = None

    def lookup(self, name: str) -> Agency | None:
        found = self._by_alias.get(alias_key(name))
        return self.agencies[found] if found else None

    def get(self, canonical: str) -> Agency | None:
        return self.agencies.get(canonical)

    def __len__(self) -> int:
        return len(self.agencies)

    def __iter__(self):
        return iter(self.agencies.values())

    def find_in_text(self, text: str) -> list[tuple[int, int, Agency]]:
        """Registry names mentioned in running text, as (start, end, agency), left to right.

        Short all-capital aliases ("AP", "SPA", "MAP") only count when written in capitals, and
        ordinary words are matched whole, so that "map" or "mehr" in a sentence is not an agency.
        """
        if self._alias_pattern is None:
            spellings = set()
            for agency in self.agencies.values():
                for s in (agency.name, *agency.aliases):
                    if len(s) >= 2:
                        spellings.add(s)
            alternation = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
            self._alias_pattern = re.compile(rf"(?<![\w@./-])(?:{alternation})(?![\w@-])", re.IGNORECASE)
        out = []
        for m in self._alias_pattern.finditer(text):
            written = m.group(0)
            agency = self.lookup(written)
            if agency is None:
                continue
            if _needs_exact_case(written, agency) and not _case_matches(written, agency):
                continue
            out.append((m.start(), m.end(), agency))
        return out


def _needs_exact_case(written: str, agency: Agency) -> bool:
    return len(written) <= 5 or written.lower() in {"rodong", "sputnik", "petra", "fars", "granma", "magnum", "guardian"}


def _case_matches(written: str, agency: Agency) -> bool:
    return any(written == s for s in (agency.name, *agency.aliases))


def agency_from_row(row: dict[str, str]) -> Agency:
    name = (row.get("name") or "").strip()
    if not name:
        raise ValueError("registry row without a name")
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
    return Agency(
        name=name,
        aliases=aliases,
        country=(row.get("country") or "").strip().upper(),
        kind=(row.get("kind") or "other").strip() or "other",
        control=(row.get("control") or "unknown").strip() or "unknown",
        tier=(row.get("tier") or "national").strip() or "national",
        slash_source=(row.get("slash_source") or "").strip().lower() in {"yes", "true", "1"},
        as_of=(row.get("as_of") or "").strip(),
        source=(row.get("source") or "").strip(),
        note=(row.get("note") or "").strip(),
    )


REGISTRY_COLUMNS = ["name", "aliases", "country", "kind", "control", "tier", "slash_source", "as_of", "source", "note"]
DEFAULT_USER_REGISTRY = Path("db") / "registry.csv"
_DEFAULT: AgencyRegistry | None = None


def _default_registry() -> AgencyRegistry:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = AgencyRegistry.from_rows(vocab.rows("agencies.csv"))
    return _DEFAULT


def user_registry_path(option: str | None = None) -> Path:
    """--registry, then CAPTIONS_REGISTRY, then db/registry.csv (used only when it exists)."""
    import os
    return Path(option or os.environ.get("CAPTIONS_REGISTRY") or DEFAULT_USER_REGISTRY)


def read_user_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a user registry file (CSV with the columns of REGISTRY_COLUMNS; name is required)."""
    from ..errors import InputError
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "name" not in reader.fieldnames:
                raise InputError(f"{path}: a registry file needs a header row with a 'name' column",
                                 hint="columns: " + ", ".join(REGISTRY_COLUMNS))
            rows = []
            for n, row in enumerate(reader, 2):
                if not (row.get("name") or "").strip():
                    raise InputError(f"{path}:{n}: registry row without a name")
                control = (row.get("control") or "").strip()
                if control and control not in CONTROL_CLASSES:
                    raise InputError(f"{path}:{n}: unknown control class {control!r}",
                                     hint="one of " + ", ".join(CONTROL_CLASSES))
                rows.append(row)
            return rows
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 text file")
    except OSError as e:
        raise InputError(f"{path}: cannot read the registry ({e.strerror or e})")


def load_registry(extra: Path | str | None = None, explicit: bool = False) -> AgencyRegistry:
    """The shipped registry, with the rows of a user registry file added or overriding by name.

    A user row whose name or alias matches a shipped organisation overrides it; its empty cells
    keep the shipped values.  A file named explicitly must exist; the default one is optional.
    """
    from ..errors import InputError
    if extra is None:
        return _default_registry()
    path = Path(extra)
    if not path.exists():
        if explicit:
            raise InputError(f"{path}: no such registry file")
        return _default_registry()
    reg = AgencyRegistry.from_rows(vocab.rows("agencies.csv"))
    for row in read_user_rows(path):
        user = agency_from_row(row)
        shipped = reg.lookup(user.name)
        if shipped is not None:
            merged = {k: getattr(user, k) for k in ("country", "kind", "control", "tier", "as_of", "source", "note")
                      if (row.get(k) or "").strip()}
            if (row.get("slash_source") or "").strip():
                merged["slash_source"] = user.slash_source
            user = replace(shipped, aliases=tuple(dict.fromkeys(shipped.aliases + user.aliases +
                                                                 ((user.name,) if user.name != shipped.name else ()))),
                           defined_in=str(path), **merged)
        else:
            user = replace(user, defined_in=str(path))
        reg.add(user)
    return reg
