"""The one declaration of a record's fields, and the provenance levels.

`FIELDS` says, once, what each field of a record is: its kind, whether it is part of the parse
contract (`captions parse`), a column of the catalogue's `images` table, a column of
`captions export`, and whether it is a flag.  The parse keys, the stored values, the read-back,
the export columns and the flag list are all derived from it, so that a caption reads the same in
`parse`, `list`, `show` and `export`.  It imports nothing: the bottom of the package.
"""

from __future__ import annotations

from dataclasses import dataclass

# Provenance levels, strongest claim about the origin first.  `unknown` says the credit could not
# be read well enough to judge; `independent` is a claim that it was.
LEVELS = ("state_media", "handout", "third_party", "unknown", "independent")


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


def flags_text(row) -> str:
    """The flags column: the names of the flags a row (a record's or a stored image's) raises."""
    return ", ".join(name for name in FLAGS if row.get(name))
