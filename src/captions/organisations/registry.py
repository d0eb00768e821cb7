"""The agency registry: who an organisation named in a credit is, and whether the state controls it.

The shipped rows live in data/organisations/*.csv (hand-checked files and the rows derived from the
State Media Monitor matrix; see NOTICE.md there), checked by the tests (schema.validate_row) and read
as written at run time; a user's file is checked row by row when it is read.  ``lookup`` takes a
whole credit piece and folds case, accents, spacing and hidden characters; ``find_in_text`` finds names
in running text in one pass (matching.py) under the rules of each script.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .. import vocab
from .folding import fold_with_positions
from .keys import alias_key, exact_key  # noqa: F401  (alias_key re-exported)
from .name_index import DEFAULT_USER_REGISTRY, user_registry_path  # noqa: F401  (re-exported)
from .schema import CONTROL_CLASSES, KINDS, RegistryRowError, row_values, validate_row  # noqa: F401  (re-exported)

if TYPE_CHECKING:  # the matcher (an Aho-Corasick automaton) is built, and imported, on first use
    from .matching import AliasMatcher, Hit

STATE_CONTROLLED = frozenset({"SC"})
GOVERNMENT_KINDS = frozenset({"government", "military"})
NEWS_KINDS = frozenset(
    {"news_agency", "broadcaster", "newspaper", "photo_agency", "platform", "website", "pool", "media", "stock"}
)
# Custody rank: who usually hands an image on to whom.  A via B normally reads origin A, then
# B; when A clearly ranks above B ("Reuters via Yonhap") the publisher wrote it the other way.
TIER_RANK = {"origin": 1, "national": 2, "wire": 3, "platform": 4}


@cache
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """ISO 3166 code -> name, and folded name or alias -> code (data/countries.csv)."""
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for row in vocab.rows("countries.csv"):
        names[row["code"]] = row["name"]
        for spelling in [row["name"], row["code"], *row["aliases"].split("|")]:
            if spelling:
                codes.setdefault(alias_key(spelling), row["code"])
    return names, codes


def country_name(code: str) -> str:
    return _countries()[0].get(code, code)


def country_code(name: str) -> str | None:
    """ "North Korea" -> "KP"; an ISO code is returned as it is."""
    return _countries()[1].get(alias_key(name))


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
    match: str = ""  # "" | "exact" | "listed": how the canonical name itself is matched
    exact_aliases: tuple[str, ...] = ()  # the aliases that count only as written ("=KEYSTONE" in a file)
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
    def unregistered(cls, name: str, kind: str = "other") -> Agency:
        tier = "origin" if kind in GOVERNMENT_KINDS else "national"
        return cls(
            name=name,
            kind=kind,
            tier=tier,
            registered=False,
            source="not in the registry: named as written in the caption",
        )


class Mention(NamedTuple):
    """An organisation named in running text; ``folded`` says hidden or look-alike characters were in it."""

    start: int
    end: int
    agency: Agency
    folded: bool


@dataclass(eq=False)
class AgencyRegistry:
    agencies: dict[str, Agency] = field(default_factory=dict)
    _by_alias: dict[str, str] = field(default_factory=dict)  # alias_key -> canonical name
    _by_exact: dict[str, str] = field(default_factory=dict)  # spelling as written -> canonical name
    _matcher: AliasMatcher | None = None

    @classmethod
    def from_rows(cls, rows, where: str = "registry") -> AgencyRegistry:
        reg = cls()
        for n, row in enumerate(rows, 2):
            reg.add(agency_from_row(row, f"{where}:{n}"))
        return reg

    @classmethod
    def default(cls) -> AgencyRegistry:
        return _default_registry()

    def add(self, agency: Agency) -> None:
        self.agencies[agency.name] = agency
        for spelling, exact in _spellings(agency):
            if exact:
                self._by_exact[exact_key(spelling)] = agency.name
            else:
                self._by_alias[alias_key(spelling)] = agency.name
        self._matcher = None

    def lookup(self, name: str) -> Agency | None:
        """The organisation a credit names; spellings marked exact ("KEYSTONE") are tried first."""
        found = self._by_exact.get(exact_key(name)) if self._by_exact else None
        found = found or self._by_alias.get(alias_key(name))
        return self.agencies[found] if found else None

    def canonical_name(self, name: str) -> str | None:
        agency = self.lookup(name)
        return agency.name if agency else None

    def exact_names(self):
        """(exact_key, canonical name) of the spellings marked exact."""
        return self._by_exact.items()

    def alias_names(self):
        """(alias_key, canonical name) of the other spellings."""
        return self._by_alias.items()

    def lookup_detailed(self, name: str) -> tuple[Agency | None, bool]:
        """lookup, and whether the spelling needed hidden or look-alike characters folded away to match."""
        agency = self.lookup(name)
        return agency, agency is not None and fold_with_positions(name).changed

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
        return [(m.start, m.end, m.agency) for m in self.find_in_text_detailed(text)]

    def find_in_text_detailed(self, text: str) -> list[Mention]:
        """As find_in_text, with whether each match needed hidden characters folded away."""
        if self._matcher is None:
            from .matching import AliasMatcher

            self._matcher = AliasMatcher(
                [(spelling, a.name, exact) for a in self.agencies.values() for spelling, exact in _spellings(a)]
            )
        hits: list[Hit] = self._matcher.find(text)
        return [Mention(h.start, h.end, self.agencies[h.agency], h.folded) for h in hits]


def _spellings(agency: Agency):
    """(spelling, exact) for the name and aliases."""
    if agency.match != "listed":
        yield agency.name, agency.match == "exact"
    for alias in agency.aliases:
        if alias in agency.exact_aliases:
            yield alias, True
        elif alias != agency.name or agency.match == "listed":
            yield alias, False


def _split_aliases(aliases: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(aliases as written, those of them marked exact): a data file writes an exact alias "=KEYSTONE"."""
    plain = tuple(a[1:] if a.startswith("=") and len(a) > 1 else a for a in aliases)
    exact = tuple(a[1:] for a in aliases if a.startswith("=") and len(a) > 1)
    return plain, exact


def agency_from_row(row: dict[str, str], where: str = "registry row", checked: bool = True) -> Agency:
    """A validated Agency; a bad kind, class, tier or country raises RegistryRowError naming ``where``.
    `checked=False` reads a row known to be valid (a shipped one) without checking it."""
    r = validate_row(row, where) if checked else row_values(row)
    aliases, exact = _split_aliases(r.aliases)
    return Agency(
        name=r.name,
        aliases=aliases,
        country=r.country,
        kind=r.kind,
        control=r.control,
        tier=r.tier,
        slash_source=r.slash_source,
        as_of=r.as_of,
        source=r.source,
        note=r.note,
        match=r.match,
        exact_aliases=exact,
    )


REGISTRY_COLUMNS = [
    "name",
    "aliases",
    "country",
    "kind",
    "control",
    "tier",
    "slash_source",
    "as_of",
    "source",
    "note",
    "match",
]
REGISTRY_FOLDER = "organisations"
_DEFAULT: AgencyRegistry | None = None


def shipped_rows() -> list[tuple[str, dict[str, str]]]:
    """(file:row, row) of every shipped registry file, in file order."""
    out = []
    for name in vocab.files_in(REGISTRY_FOLDER):
        out += [(f"{name}:{n}", row) for n, row in enumerate(vocab.rows(name), 2)]
    return out


def _shipped_registry() -> AgencyRegistry:
    reg = AgencyRegistry()
    for where, row in shipped_rows():
        reg.add(agency_from_row(row, where, checked=False))
    return reg


def _default_registry() -> AgencyRegistry:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = _shipped_registry()
    return _DEFAULT


def read_user_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a user registry file (CSV with the columns of REGISTRY_COLUMNS; name is required)."""
    from ..errors import InputError

    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "name" not in reader.fieldnames:
                raise InputError(
                    f"{path}: a registry file needs a header row with a 'name' column",
                    hint="columns: " + ", ".join(REGISTRY_COLUMNS),
                )
            rows = []
            for n, row in enumerate(reader, 2):
                _check_user_row(row, f"{path}:{n}")
                rows.append(row)
            return rows
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 text file")
    except OSError as e:
        raise InputError(f"{path}: cannot read the registry ({e.strerror or e})")


def _check_user_row(row: dict[str, str], where: str) -> None:
    """A user row may leave cells empty (they keep the shipped values) but not fill them wrongly."""
    from ..errors import InputError

    if not (row.get("name") or "").strip():
        raise InputError(f"{where}: registry row without a name")
    try:
        validate_row(row, where)
    except RegistryRowError as e:
        raise InputError(
            str(e),
            hint="kinds: "
            + ", ".join(KINDS)
            + "; control classes: "
            + ", ".join(CONTROL_CLASSES)
            + "; tiers: origin, national, wire, platform",
        )


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
    reg = _shipped_registry()
    for n, row in enumerate(read_user_rows(path), 2):
        user = agency_from_row(row, f"{path}:{n}")
        shipped = reg.lookup(user.name)
        if shipped is not None:
            merged = {
                k: getattr(user, k)
                for k in ("country", "kind", "control", "tier", "as_of", "source", "note", "match")
                if (row.get(k) or "").strip()
            }
            if (row.get("slash_source") or "").strip():
                merged["slash_source"] = user.slash_source
            user = replace(
                shipped,
                aliases=tuple(
                    dict.fromkeys(shipped.aliases + user.aliases + ((user.name,) if user.name != shipped.name else ()))
                ),
                exact_aliases=tuple(dict.fromkeys(shipped.exact_aliases + user.exact_aliases)),
                defined_in=str(path),
                **merged,
            )
        else:
            user = replace(user, defined_in=str(path))
        reg.add(user)
    return reg
