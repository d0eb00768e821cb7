"""One caption, one record: `CaptionRecord`, and the one declaration of its fields.

`FIELDS` says, once, what each field of a record is: its kind, whether it is part of the parse
contract (`captions parse`), a column of the catalogue's `images` table, a column of
`captions export`, and whether it is a flag.  The parse keys, the stored values, the read-back,
the export columns and the flag list are all derived from it, so that a caption reads the same in
`parse`, `list`, `show` and `export`.

This module is the bottom of the record's world: the parser builds records, the catalogue stores
them, and neither needs the other.  It imports nothing of the parser at run time.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: the record does not call the parser or the registry
    from .organisations.registry import Agency

# Provenance levels, strongest claim about the origin first.  `unknown` says the credit could not
# be read well enough to judge; `independent` is a claim that it was.
LEVELS = ("state_media", "handout", "third_party", "unknown", "independent")


@dataclass(frozen=True)
class Disclaimer:
    kind: str  # verifiability | usage | territory
    text: str  # as written in the caption


@dataclass
class Provenance:
    """Flags with their reasons.  Mutable only while the parser builds it (`add`); a finished
    record is never changed."""

    state_media: bool = False
    disclaimer: bool = False
    needs_review: bool = False
    handout: bool = False
    pool: bool = False
    file_photo: bool = False
    anonymous: bool = False
    metadata_mismatch: bool = False
    truncated: bool = False
    level: str = "independent"
    reasons: dict[str, list[str]] = field(default_factory=dict)
    disclaimers: list[Disclaimer] = field(default_factory=list)

    @property
    def unverifiable(self) -> bool:
        return self.state_media or self.disclaimer

    def flags(self) -> list[str]:
        return [name for name in FLAGS if getattr(self, name)]

    def all_reasons(self) -> list[str]:
        """Every reason, flags in FLAGS order then the notes, each sentence once."""
        # a record has a few buckets of the thirteen: order those it has
        buckets = sorted(self.reasons.keys() & _REASON_ORDER.keys(), key=_REASON_ORDER.__getitem__)
        if len(buckets) == 1:
            return list(dict.fromkeys(self.reasons[buckets[0]]))
        seen: dict[str, None] = {}
        for bucket in buckets:
            for reason in self.reasons[bucket]:
                seen.setdefault(reason)
        return list(seen)

    def add(self, flag: str, reason: str) -> None:
        setattr(self, flag, True)
        self.note(flag, reason)

    def note(self, bucket: str, reason: str) -> None:
        """A reason that raises no flag of its own (a third-party chain, a remark)."""
        reasons = self.reasons.setdefault(bucket, [])
        if reason not in reasons:
            reasons.append(reason)


@dataclass(frozen=True)
class CaptionRecord:
    """Everything `captions` knows about one caption, built in one call by `parse_caption`."""

    raw: str  # the text as it came, for parsing again later
    caption: str  # description and credit, whitespace tidied
    description: str
    credit: str
    photographers: tuple[str, ...]
    chain: tuple[Agency, ...]  # custody order: origin first, supplier last
    date: str | None
    date_released: str | None
    people: tuple[str, ...]
    places: tuple[str, ...]
    language: str
    provenance: Provenance
    page_date: str | None = None
    id: str | None = None  # the id the input gives the caption
    file: str | None = None  # where it came from: the input's path ...
    locator: str = ""  # ... and where in it ("line 12 (credit-after)")
    embedded: dict | None = None  # IPTC/XMP/JSON-LD fields as read from the file
    detail: Any = None  # the parser's lossless view (split, credit pieces), for explain

    # -- derived fields (declared in FIELDS like the others) -------------------------------------

    @property
    def source(self) -> str | None:
        return self.chain[0].name if self.chain else None

    @property
    def agency(self) -> str | None:
        return self.chain[-1].name if self.chain else None

    @property
    def reasons(self) -> list[str]:
        return self.provenance.all_reasons()

    @property
    def disclaimers(self) -> list[dict[str, str]]:
        return [{"kind": d.kind, "text": d.text} for d in self.provenance.disclaimers]

    @property
    def c2pa(self) -> str | None:
        return ((self.embedded or {}).get("c2pa") or {}).get("status")

    @property
    def input_id(self) -> str | None:
        return self.id

    @property
    def fingerprint(self) -> str:
        """Identity of a caption for de-duplication: its text, whitespace and case folded."""
        import hashlib  # here: a read command never hashes, and hashlib costs it a few ms to load

        folded = " ".join(unicodedata.normalize("NFKC", self.raw).casefold().split())
        return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]

    def __getattr__(self, name: str):
        # the flags and the level are the provenance's (record.state_media, record.provenance_level)
        if name in _PROVENANCE_FIELDS:
            return getattr(self.provenance, "level" if name == "provenance_level" else name)
        raise AttributeError(name)

    def value(self, name: str):
        """The field `name` as the parse contract gives it (lists as lists, the level as a word)."""
        if name == "provenance":
            return self.provenance.level
        if name == "chain":
            return [a.name for a in self.chain]
        value = getattr(self, name)
        return list(value) if isinstance(value, tuple) else value

    def as_dict(self) -> dict:
        """The parse contract: every PARSE_COLUMNS field, plus `flags` (as `value` gives each
        field, read through one getter a field: `captions parse` makes a dict a caption)."""
        row = {name: read(self) for name, read in _PARSE_READERS}
        row["flags"] = flags_text(row)
        return row


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | flag | names (a list kept joined) | sentences (a JSON list) | json | id
    about: str  # what it is, in README's words
    parse: bool = True  # part of `captions parse` output
    stored: bool = True  # a column of the catalogue's images table
    export: bool = True  # a column of `captions export`, in this order


def _f(name, kind, about, **where) -> Field:
    return Field(name, kind, about, **where)


# The one declaration.  Order is the order of parse keys and export columns; flags come in the
# order the `flags` column shows them, most serious first.
FIELDS: tuple[Field, ...] = (
    _f("id", "id", "the image's id in the catalogue (in `parse`: the id the input gives)", stored=False),
    _f("date", "text", "when the photo was taken (ISO date, month or year), else when it was released"),
    _f("date_released", "text", "when it was released, when the caption says so"),
    _f("description", "text", "what the photo shows: the caption without its credit and notes"),
    _f("credit", "text", "the credit line as written"),
    _f("photographers", "names", "the people credited with taking it"),
    _f("chain", "names", "organisations in custody order, origin first"),
    _f("source", "text", "the origin: first link of the chain"),
    _f("agency", "text", "the supplier: last link of the chain"),
    _f("state_media", "flag", "the origin is state-controlled media"),
    _f("disclaimer", "flag", "the caption says its content cannot be independently verified"),
    _f("unverifiable", "flag", "state_media or disclaimer"),
    _f("needs_review", "flag", "the credit could not be read with confidence: a person should look"),
    _f("handout", "flag", "supplied by a party to the story (handout, government, military, courtesy)"),
    _f("metadata_mismatch", "flag", "the file's embedded fields disagree with the visible caption"),
    _f("pool", "flag", "a pool photo"),
    _f("file_photo", "flag", "a file (archive) photo"),
    _f("anonymous", "flag", "the photographer's slot holds a placeholder (Stringer, STR, Staff)"),
    _f("truncated", "flag", "the text was cut off, or cut to the length limit"),
    _f("provenance", "text", "the verdict: state_media, handout, third_party, unknown or independent"),
    _f("reasons", "sentences", "why each flag was raised, in words an editor can check"),
    _f("people", "names", "people named in the description"),
    _f("places", "names", "places named in the description"),
    _f("language", "text", "ISO 639-1 code of the caption's language"),
    _f("page_date", "text", "the date of the page or list it came from"),
    _f("disclaimers", "json", "verifiability, usage and territory notes as written", export=False),
    _f("file", "text", "the input it came from", stored=False),
    _f("locator", "text", "where in that input"),
    _f("caption", "text", "description and credit, whitespace tidied"),
    _f("raw", "text", "the text as it came", export=False),
    _f("embedded", "json", "IPTC/XMP/JSON-LD fields as read from the file", export=False),
    _f("c2pa", "text", "C2PA status of an image file", parse=False, export=False),
    _f("input_id", "text", "the id the input gives the caption", parse=False, export=False),
    _f("fingerprint", "text", "the caption's text folded, hashed: stored once per input", parse=False, export=False),
)

BY_NAME = {f.name: f for f in FIELDS}
PARSE_COLUMNS = [f.name for f in FIELDS if f.parse]
EXPORT_COLUMNS = [f.name for f in FIELDS if f.export]
STORED_COLUMNS = [f.name for f in FIELDS if f.stored]
FLAGS = [f.name for f in FIELDS if f.kind == "flag"]
_REASON_ORDER = {bucket: n for n, bucket in enumerate((*FLAGS, "third_party", "notes"))}
# Asked of the record, answered by its provenance (the verdict's column is called `provenance`).
_PROVENANCE_FIELDS = frozenset(FLAGS) | {"provenance_level"}


def _reader(name: str):
    """How as_dict reads field `name`: what CaptionRecord.value returns, without its tests."""
    if name == "provenance":
        return lambda record: record.provenance.level
    if name == "chain":
        return lambda record: [a.name for a in record.chain]
    if name in _PROVENANCE_FIELDS:
        return attrgetter(f"provenance.{name}")
    if BY_NAME[name].kind == "names":  # kept as tuples
        return lambda record: list(getattr(record, name))
    return lambda record: record.value(name)


_PARSE_READERS = [(name, _reader(name)) for name in PARSE_COLUMNS]


def flags_text(row) -> str:
    """The flags column: the names of the flags a row (a record's or a stored image's) raises."""
    return ", ".join(name for name in FLAGS if row.get(name))
