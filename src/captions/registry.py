"""The agency registry: who an organisation named in a credit is, and whether the state controls it."""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import vocab

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

COUNTRY_NAMES = {
    "KP": "North Korea", "KR": "South Korea", "CN": "China", "RU": "Russia", "IR": "Iran", "SY": "Syria",
    "VN": "Vietnam", "LA": "Laos", "KH": "Cambodia", "MM": "Myanmar", "CU": "Cuba", "VE": "Venezuela",
    "SA": "Saudi Arabia", "QA": "Qatar", "KW": "Kuwait", "AE": "United Arab Emirates", "BH": "Bahrain",
    "OM": "Oman", "JO": "Jordan", "IQ": "Iraq", "YE": "Yemen", "EG": "Egypt", "MA": "Morocco", "DZ": "Algeria",
    "TN": "Tunisia", "LY": "Libya", "TR": "Turkey", "BY": "Belarus", "AZ": "Azerbaijan", "KZ": "Kazakhstan",
    "UZ": "Uzbekistan", "TM": "Turkmenistan", "MY": "Malaysia", "PH": "Philippines", "PK": "Pakistan",
    "BD": "Bangladesh", "ET": "Ethiopia", "ER": "Eritrea", "NG": "Nigeria", "PE": "Peru", "HU": "Hungary",
    "HR": "Croatia", "IN": "India", "ID": "Indonesia", "TH": "Thailand", "JP": "Japan", "GB": "United Kingdom",
    "DE": "Germany", "FR": "France", "IT": "Italy", "PL": "Poland", "BG": "Bulgaria", "RO": "Romania",
    "PT": "Portugal", "US": "United States", "DK": "Denmark", "NO": "Norway", "SE": "Sweden", "BE": "Belgium",
    "NL": "Netherlands", "AT": "Austria", "CH": "Switzerland", "CZ": "Czech Republic", "HK": "Hong Kong",
    "TW": "Taiwan", "UA": "Ukraine", "IL": "Israel", "UN": "United Nations",
}


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
        return COUNTRY_NAMES.get(self.country, self.country)

    @classmethod
    def unregistered(cls, name: str, kind: str = "other") -> "Agency":
        tier = "origin" if kind in GOVERNMENT_KINDS else "national"
        return cls(name=name, kind=kind, tier=tier, registered=False,
                   source="not in the registry: named as written in the caption")


@dataclass
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
        key = alias_key(name)
        found = self._by_alias.get(key)
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


_DEFAULT: AgencyRegistry | None = None


def _default_registry() -> AgencyRegistry:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = AgencyRegistry.from_rows(vocab.rows("agencies.csv"))
    return _DEFAULT


def load_registry(extra: Path | None = None) -> AgencyRegistry:
    """The shipped registry, with rows from a user CSV file added or overriding by name."""
    if extra is None:
        return _default_registry()
    reg = AgencyRegistry.from_rows(vocab.rows("agencies.csv"))
    with open(extra, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            reg.add(agency_from_row(row))
    return reg
