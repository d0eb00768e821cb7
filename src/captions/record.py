"""One caption, one record: `CaptionRecord`, whose fields `fields.FIELDS` declares once.

The parser builds records, the catalogue stores them, and neither needs the other.  It imports
nothing of the parser at run time.  The declaration of the fields lives in `fields`, so that the
read commands, which need the fields but never a record, do not build the record's classes at
start-up.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from .fields import BY_NAME, FLAGS, PARSE_COLUMNS, flags_text

if TYPE_CHECKING:  # types only: the record does not call the parser or the registry
    from .organisations.registry import Agency


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
