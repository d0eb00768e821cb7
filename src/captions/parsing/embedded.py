"""An image's embedded IPTC/XMP fields, read field by field as the suppliers fill them.

Each field keeps its meaning (as guardian/grid's supplier processors do) instead of being
composed into one credit string and parsed again:
  By-line            -> photographers (an agency written there is a link, "HO" a handout)
  Credit, Source     -> the chain: Source is where the picture came from, Credit the one to credit;
                        "Name/Agency" in a Credit splits as a caption credit does
  Persons shown      -> people
  Date Created       -> the date taken
  Special Instructions -> file photo, handout, pool, usage notes and disclaimers
  Copyright Notice   -> a last resort when no other field names anyone
Supplier conventions (AP's Invision, Canadian Press's HO-, Shutterstock's Source, PA Archive,
Getty's asset id ...) are rows of data/suppliers.csv and data/suppliers_instructions.csv.

Pure: the fields and the registry in, a frozen `EmbeddedReading` out.  `parse_caption` uses it
as the credit of a caption that has none, and `embedded_provenance` flags `metadata_mismatch`
only where the visible caption's own credit and the fields disagree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .. import vocab
from ..organisations.registry import Agency, AgencyRegistry, alias_key
from ..record import Disclaimer
from .credit import ORG, PERSON, CreditParse, Piece, natural_case, parse_credits
from .dates import parse_page_date
from .provenance import find_disclaimers

FIELD_LABELS = {
    "byline": "By-line",
    "credit": "Credit",
    "source": "Source",
    "copyright": "Copyright Notice",
    "instructions": "Special Instructions",
    "people": "Persons shown",
    "date_created": "Date Created",
    "getty_asset_id": "Getty asset id",
    "usage_terms": "Usage Terms",
}
# Fields that make an image worth a record even without a caption.
RECORD_FIELDS = ("caption", "byline", "credit", "source", "copyright", "people", "date_created", "instructions")
_PIECE_SEPARATOR = re.compile(r"(\s*/\s*|\s+via\s+)", re.IGNORECASE)
_COPYRIGHT_WORDS = re.compile(r"©|\(c\)|\bcopyright\b|\ball rights reserved\.?|\b(?:19|20)\d\d\b", re.IGNORECASE)


@dataclass(frozen=True)
class EmbeddedReading:
    photographers: tuple[str, ...] = ()
    chain: tuple[Agency, ...] = ()
    people: tuple[str, ...] = ()
    date: str | None = None
    anonymous: bool = False
    flags: tuple[tuple[str, str], ...] = ()  # (file_photo | handout | pool | exclusive, reason)
    disclaimers: tuple[Disclaimer, ...] = ()  # from Special Instructions and Usage Terms
    named_by: tuple[tuple[str, str], ...] = ()  # (photographer or agency name, "XMP Source" ...)
    credit_line: str = ""  # the fields' credit, written out for display

    @property
    def names_anyone(self) -> bool:
        return bool(self.photographers or self.chain or self.anonymous or self.flags)

    def has(self, flag: str) -> bool:
        return any(f == flag for f, _ in self.flags)

    def credit_parse(self) -> CreditParse | None:
        """The fields as a credit, for a caption that carries none of its own."""
        if not self.names_anyone:
            return None
        pieces = [
            Piece(f"{name} ({label})", PERSON, value=name)
            for name, label in self.named_by
            if name in self.photographers
        ]
        pieces += [Piece(f"{a.name} ({self.field_of(a.name)})", ORG, a, a.name) for a in self.chain]
        return CreditParse(
            raw=self.credit_line,
            pieces=pieces,
            photographers=list(self.photographers),
            chain=list(self.chain),
            anonymous=self.anonymous,
            pool=self.has("pool"),
            handout=self.has("handout"),
            file_photo=self.has("file_photo"),
        )

    def field_of(self, name: str) -> str:
        return next((label for n, label in self.named_by if n == name), "embedded field")


# -- supplier conventions (data) ---------------------------------------------------------------


@dataclass(frozen=True)
class SupplierRule:
    supplier: str
    field: str  # credit | source | byline | copyright | any | getty_asset_id | caption
    match: str  # exact | prefix | suffix | present | line_prefix
    value: str
    agency: str  # the agency, or a chain written "Origin > Distributor"
    kind: str  # the agency's kind when the registry does not know it
    meaning: str  # agency | brand | distributor | handout | handout_from | file_photo | credit_line

    def matches(self, field: str, piece: str) -> bool:
        if self.field not in (field, "any") or field == "caption":
            return False
        folded = piece.casefold()
        if self.match == "exact":
            return alias_key(piece) == alias_key(self.value)
        if self.match == "prefix":
            return folded.startswith(self.value.casefold()) and len(piece) > len(self.value)
        if self.match == "suffix":
            return folded.endswith(self.value.casefold()) and len(piece) > len(self.value)
        return self.match == "present"


@cache
def supplier_rules() -> tuple[SupplierRule, ...]:
    return tuple(
        SupplierRule(r["supplier"], r["field"], r["match"], r["value"], r["agency"], r["kind"], r["meaning"])
        for r in vocab.rows("suppliers.csv")
    )


@cache
def instruction_rules() -> tuple[tuple[str, re.Pattern], ...]:
    rows = vocab.rows("suppliers_instructions.csv")
    return tuple((r["meaning"], re.compile(r["pattern"], re.IGNORECASE)) for r in rows)


def _rule_for(field: str, piece: str) -> SupplierRule | None:
    return next((r for r in supplier_rules() if r.matches(field, piece)), None)


# -- the fields --------------------------------------------------------------------------------


def embedded_fields(embedded: dict) -> dict[str, tuple[object, str]]:
    """{field: (value, "IIM" | "XMP")}: IIM first (what wire desks write), XMP where IIM is silent;
    XMP first when the IPTC digest shows the IIM is only its synchronised copy (MWG guidelines)."""
    out: dict[str, tuple[object, str]] = {}
    for block in ("xmp", "iim") if embedded.get("iim_digest") == "in sync" else ("iim", "xmp"):
        for key, value in (embedded.get(block) or {}).items():
            if value not in (None, "", []) and key not in out:
                out[key] = (value, block.upper())
    return out


def has_record_fields(embedded: dict) -> bool:
    fields = embedded_fields(embedded)
    return any(key in fields for key in RECORD_FIELDS)


@dataclass
class _Reading:
    """A reading under construction (the frozen EmbeddedReading is made from it at the end)."""

    photographers: list[str]
    front: list[Agency]  # origins: a handout's supplier, a Source that is not a distributor
    middle: list[Agency]  # the Credit's chain, in its order
    back: list[Agency]  # distributors (Getty, Shutterstock, Alamy, Zuma)
    named_by: list[tuple[str, str]]
    flags: list[tuple[str, str]]
    anonymous: bool = False

    def flag(self, flag: str, reason: str) -> None:
        if not any(f == flag for f, _ in self.flags):
            self.flags.append((flag, reason))

    def person(self, name: str, label: str) -> None:
        if name and not any(_same_person(name, p) for p in self.photographers):
            self.photographers.append(name)
            self.named_by.append((name, label))

    def link(self, where: list[Agency], agency: Agency, label: str) -> None:
        self.named_by.append((agency.name, label))
        if alias_key(agency.name) not in {alias_key(a.name) for a in self.front + self.middle + self.back}:
            where.append(agency)


def embedded_reading(embedded: dict | None, registry: AgencyRegistry) -> EmbeddedReading | None:
    """The reading of an image's IPTC/XMP fields; None when there are none (JSON-LD fields of a
    web page, or no embedded fields at all)."""
    return read_embedded(embedded, registry) if embedded and has_record_fields(embedded) else None


def read_embedded(embedded: dict, registry: AgencyRegistry | None = None) -> EmbeddedReading:
    """What an image's embedded fields say about who made it, who passed it on, and how."""
    registry = registry or AgencyRegistry.default()
    fields = embedded_fields(embedded)
    r = _Reading([], [], [], [], [], [])
    for name in _as_list(fields.get("byline", (None, ""))[0]):
        _read_value(r, "byline", name, f"{fields['byline'][1]} By-line", registry)
    for key in ("credit", "source"):
        value, block = fields.get(key, (None, ""))
        if isinstance(value, str):
            _read_value(r, key, value, f"{block} {FIELD_LABELS[key]}", registry)
    if "getty_asset_id" in fields:
        _read_rule(r, "getty_asset_id", "", "XMP Getty asset id", registry)
    if "copyright" in fields:  # a supplier that signs its Copyright Notice (USA TODAY Sports via Reuters)
        _read_rule(r, "copyright", str(fields["copyright"][0]), f"{fields['copyright'][1]} Copyright Notice", registry)
    if not (r.photographers or r.front or r.middle or r.back) and "copyright" in fields:
        _read_value(
            r,
            "credit",
            _copyright_holder(str(fields["copyright"][0])),
            f"{fields['copyright'][1]} Copyright Notice",
            registry,
        )
    notes = " ".join(str(fields[k][0]) for k in ("instructions", "usage_terms") if k in fields)
    _read_instructions(r, notes, fields)
    chain = tuple(r.front + r.middle + r.back)
    people = tuple(dict.fromkeys(p.strip() for p in _as_list(fields.get("people", (None, ""))[0]) if p.strip()))
    return EmbeddedReading(
        photographers=tuple(r.photographers),
        chain=chain,
        people=people,
        date=_date(fields.get("date_created", (None, ""))[0]),
        anonymous=r.anonymous and not r.photographers,
        flags=tuple(r.flags),
        disclaimers=_instruction_disclaimers(notes),
        named_by=tuple(r.named_by),
        credit_line=_credit_line(r.photographers, chain),
    )


def _read_value(r: _Reading, field: str, value: str, label: str, registry: AgencyRegistry) -> None:
    """One field's value, piece by piece: pieces a supplier rule knows become links or flags,
    runs of other pieces are parsed as a caption credit ("Name/Agency", "KCNA via KNS")."""
    where = r.front if field == "source" else r.middle
    run: list[str] = []
    for piece in _PIECE_SEPARATOR.split(" ".join(value.split())):  # one space between words: linear splitting
        rule = None if _PIECE_SEPARATOR.fullmatch(piece) or not piece.strip() else _rule_for(field, piece.strip())
        if rule is None:
            run.append(piece)
            continue
        if rule.match == "suffix":  # "Name-USA TODAY Sports": the name before the supplier's suffix
            run.append(piece.strip()[: -len(rule.value)])
        _read_run(r, field, run, label, registry, where)
        run = []
        _apply_rule(r, rule, piece.strip(), label, registry, where)
    _read_run(r, field, run, label, registry, where)


def _read_rule(r: _Reading, field: str, piece: str, label: str, registry: AgencyRegistry) -> None:
    rule = next((x for x in supplier_rules() if x.field in (field, "any") and x.matches(field, piece)), None)
    if rule is not None:
        _apply_rule(r, rule, piece, label, registry, r.middle)


def _apply_rule(
    r: _Reading, rule: SupplierRule, piece: str, label: str, registry: AgencyRegistry, where: list[Agency]
) -> None:
    if rule.meaning in ("agency", "brand", "distributor", "file_photo"):
        names = [n.strip() for n in rule.agency.split(">")]
        for n, name in enumerate(names):
            agency = registry.lookup(name) or Agency.unregistered(name, kind=rule.kind or "news_agency")
            last = n == len(names) - 1
            r.link(r.back if rule.meaning == "distributor" and last else where, agency, label)
    if rule.meaning == "file_photo":
        r.flag("file_photo", f"the embedded {label} is {piece}, {rule.supplier}'s archive")
    elif rule.meaning == "handout":
        r.flag("handout", f"the embedded {label} is {piece}, handout")
    elif rule.meaning == "handout_from":
        supplier = piece[len(rule.value) :].strip()
        r.flag("handout", f"the embedded {label} marks a handout from {supplier} ({piece})")
        r.link(r.front, registry.lookup(supplier) or Agency.unregistered(supplier), label)


def _run_text(pieces: list[str]) -> str:
    """The text of a run of pieces, without separators left at its ends."""
    keep = [i for i, p in enumerate(pieces) if p.strip() and not _PIECE_SEPARATOR.fullmatch(p)]
    return "".join(pieces[keep[0] : keep[-1] + 1]).strip() if keep else ""


def _read_run(
    r: _Reading, field: str, pieces: list[str], label: str, registry: AgencyRegistry, where: list[Agency]
) -> None:
    text = _run_text(pieces)
    if not text:
        return
    parsed = parse_credits([text], registry)
    for flag in ("handout", "pool", "file_photo"):
        if getattr(parsed, flag):
            r.flag(flag, f"the embedded {label} says {text}")
    r.anonymous |= parsed.anonymous
    if field == "byline" and not (parsed.named_anything or parsed.handout or parsed.pool or parsed.file_photo):
        r.person(natural_case(text), label)  # a By-line is a person's name even when it reads like words
        return
    # the Credit names a photographer only beside an organisation ("Name/Agency"), or when no
    # By-line names one: a bare person's name there is the provider to credit, often the byline again
    if field == "byline" or parsed.chain or not r.photographers:
        for name in parsed.photographers:
            r.person(name, label)
    for agency in parsed.chain:
        # a distributor named in Source goes after the Credit's chain, not before it as an origin
        r.link(r.back if agency.tier == "platform" and where is r.front else where, agency, label)


def _read_instructions(r: _Reading, notes: str, fields: dict) -> None:
    if not notes:
        return
    label = "Special Instructions" if "instructions" in fields else "Usage Terms"
    for meaning, pattern in instruction_rules():
        m = pattern.search(notes)
        if m:
            r.flag(meaning, f"the embedded {label} say \u201c{_short(notes)}\u201d")


def _instruction_disclaimers(notes: str) -> tuple[Disclaimer, ...]:
    """Disclaimers and usage notes of Special Instructions.  A usage note in a caption counts only
    in capitals or brackets; the whole field is a note, so "Editorial use only" counts there too."""
    if not notes:
        return ()
    found = find_disclaimers(notes)
    for d in find_disclaimers(notes.upper()):
        if d.kind != "verifiability" and not any(x.text.casefold() == d.text.casefold() for x in found):
            found.append(d)
    return tuple(found)


def _copyright_holder(text: str) -> str:
    return " ".join(_COPYRIGHT_WORDS.sub(" ", text).split()).strip(" ,.;:-")


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str) and v.strip()]


def _date(value) -> str | None:
    if isinstance(value, str) and parse_page_date(value[:10]):
        return value[:10]
    return None


def _credit_line(photographers: list[str], chain: tuple[Agency, ...]) -> str:
    head = ", ".join(photographers)
    return "/".join(x for x in (head, *[a.name for a in chain]) if x)


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# -- the visible caption against the fields ------------------------------------------------------


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).replace(".", " ").split())


def _same_person(a: str, b: str) -> bool:
    """The same photographer written two ways: case, accents, an initial ("J. Roe") or the
    surname alone (what a credit keeps of "M. Lindqvist")."""
    fa, fb = _fold(a), _fold(b)
    if fa == fb:
        return True
    ta, tb = fa.split(), fb.split()
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    return len(ta) == 1 or len(tb) == 1 or ta[0][0] == tb[0][0]  # "Lindqvist" alone is the surname


def mismatch_reasons(reading: EmbeddedReading, chain: list[Agency], photographers: list[str]) -> list[str]:
    """Where the fields name someone the visible caption's credit contradicts.

    Only a real disagreement counts: the fields' origin, or the agency they credit, missing from a
    caption credit that names organisations (an intermediary such as the Korea News Service, or a
    distributor such as Getty or Shutterstock, left out is not one), or a By-line photographer
    other than the one the caption credits.  A photographer credited as
    their own provider ("Jane Roe" in Credit and caption) is no mismatch."""
    out = []
    said = " -> ".join(a.name for a in chain) or "no organisation"
    chain_keys = {alias_key(a.name) for a in chain}
    if chain:
        for agency in _ends(reading.chain):
            if alias_key(agency.name) in chain_keys:
                continue
            if any(_same_person(agency.name, p) for p in photographers):
                continue  # self-credited: the photographer's own name as the provider
            out.append(
                f"the embedded {reading.field_of(agency.name)} says {agency.name}; the caption's credit names {said}"
            )
    if photographers:
        for name in reading.photographers:
            if not any(_same_person(name, p) for p in photographers) and alias_key(name) not in chain_keys:
                out.append(
                    f"the embedded {reading.field_of(name)} is {name}; the caption credits {', '.join(photographers)}"
                )
    return out


def _ends(chain: tuple[Agency, ...]) -> list[Agency]:
    """The origin and the credited agency of a chain: its first link and its last that is not a
    distributor (platform)."""
    if not chain:
        return []
    credited = next((a for a in reversed(chain) if a.tier != "platform"), None)
    return [chain[0]] + ([credited] if credited is not None and credited is not chain[0] else [])


# -- into a record ---------------------------------------------------------------------------------


def caption_credit_line(caption: str) -> tuple[str, str | None]:
    """(description, credit) of a caption ending in a supplier's credit line, such as
    Shutterstock's "Mandatory Credit: Photo by Name/Agency/Shutterstock (12345678a)" -- on a line
    of its own, or after the description's last sentence when the lines were joined."""
    prefixes = [r.value.casefold() for r in supplier_rules() if r.field == "caption" and r.meaning == "credit_line"]
    lines = caption.splitlines()
    for i, line in enumerate(lines):
        folded = line.casefold()
        at = min((folded.find(p) for p in prefixes if p in folded), default=-1)
        if at < 0 or line[:at].strip() and not line[:at].rstrip().endswith((".", "!", "?", ")")):
            continue
        prefix = next(p for p in prefixes if folded.startswith(p, at))
        credit = _without_picture_number(line[at + len(prefix) :].strip())
        kept = lines[:i] + ([line[:at].rstrip()] if line[:at].strip() else []) + lines[i + 1 :]
        return "\n".join(kept).strip(), credit or None
    return caption, None


def _without_picture_number(credit: str) -> str:
    """A credit without the supplier's picture number in brackets ("(14412345c)")."""
    if credit.endswith(")") and "(" in credit:
        number = credit[credit.rfind("(") + 1 : -1]
        if number[:1].isdigit() and number.isalnum():
            return credit[: credit.rfind("(")].strip()
    return credit


def visible_credit(text: str, credit: str | None, reading: EmbeddedReading | None) -> tuple[str, str | None]:
    """(text, credit) of an image's caption: a supplier's credit line at its end is the visible
    credit (unless one was given apart); other captions are left as they are."""
    if reading is None:
        return text, credit
    description, line = caption_credit_line(text)
    return description, credit or line


def embedded_provenance(
    provenance, reading: EmbeddedReading, chain: list[Agency], photographers: list[str], caption_credited: bool
) -> None:
    """Add to a caption's provenance what the fields say: mismatches with the caption's own credit
    (only when it has one: `caption_credited`), the flags and disclaimers of Special Instructions."""
    p = provenance
    if caption_credited:
        for reason in mismatch_reasons(reading, chain, photographers):
            p.add("metadata_mismatch", reason)
    for flag, reason in reading.flags:
        if flag in ("file_photo", "handout", "pool"):
            p.add(flag, reason)
        else:
            p.reasons.setdefault("notes", []).append(reason)
    for d in reading.disclaimers:
        if any(x.text == d.text for x in p.disclaimers):
            continue
        p.disclaimers.append(d)
        if d.kind == "verifiability":
            reason = f"the embedded Special Instructions say: \u201c{d.text}\u201d"
            p.add("disclaimer", reason)
            p.reasons.setdefault("unverifiable", []).append(reason)
    if p.state_media:
        p.level = "state_media"
    elif p.handout:
        p.level = "handout"


def merged_people(people, reading: EmbeddedReading) -> tuple[str, ...]:
    """The people the description names, then those of Persons shown it does not."""
    known = {_fold(x) for x in people}
    return tuple(people) + tuple(x for x in reading.people if _fold(x) not in known)
