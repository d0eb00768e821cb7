"""Parse a credit line into photographers and the chain of custody.

A credit is a short labelled string, and every wire writes it its own way: "REUTERS/Name",
"(AP Photo/Name, File)", "NAME/AFP via Getty Images", "(Name, Sputnik, Kremlin Pool Photo via AP)",
"KCNA via Reuters", "Foto: Name/DPA".  The parser splits it into pieces at the separators
("/", "via", ",", " - ", "=", "for", "by"), labels every piece from a closed set, and then reads the
chain from the labels: origin first, the supplier to the publisher last.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .. import vocab
from ..organisations.registry import Agency, AgencyRegistry, alias_key
from .caseless import Caseless
from .credit_pieces import (
    COURTESY,
    DATELINE,
    FILE,
    GENERIC,
    HANDOUT,
    LABEL,
    ORG,
    PERSON,
    PLACEHOLDER,
    POOL,
    SEPARATOR,
    UNKNOWN,
    Piece,
    as_org,
    classify_piece,
    labelled_pieces,
    name_shaped,
    single_word,
)
from .credit_text import equals_parts, fold_width, prepared, raw_pieces, slash_chunks, text_segments, via_groups
from .name_shapes import (
    drop_title,
    guess_org_kind,
    has_org_word,
    is_person_like,
    looks_like_org,
    natural_case,
    starts_with_given_name,
)

# The parser's pieces are labelled in credit_pieces.py, its text cut in credit_text.py and its names
# judged in name_shapes.py; callers import all of it from here, the credit's one public face.
__all__ = [
    "COURTESY",
    "DATELINE",
    "FILE",
    "GENERIC",
    "HANDOUT",
    "LABEL",
    "ORG",
    "PERSON",
    "PLACEHOLDER",
    "POOL",
    "SEPARATOR",
    "UNKNOWN",
    "CreditParse",
    "Piece",
    "classify_piece",
    "drop_title",
    "fold_width",
    "guess_org_kind",
    "has_org_word",
    "is_person_like",
    "looks_like_org",
    "merge_chains",
    "natural_case",
    "parse_credit",
    "parse_credits",
    "readable_credit",
    "starts_with_given_name",
    "unread_inner_piece",
]


@dataclass
class CreditParse:
    raw: str = ""
    pieces: list[Piece] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    chain: list[Agency] = field(default_factory=list)
    anonymous: bool = False
    pool: bool = False
    handout: bool = False
    file_photo: bool = False
    courtesy_of: list[Agency] = field(default_factory=list)
    # "Royal Court and SPA photos": sources named side by side; the image comes from one of them
    joint_sources: list[Agency] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # pieces read as neither a person nor an organisation

    @property
    def named_anything(self) -> bool:
        return bool(self.chain or self.photographers or self.anonymous)

    def merge(self, other: CreditParse) -> None:
        self.raw = " ".join(x for x in (self.raw, other.raw) if x)
        self.pieces += other.pieces
        for name in other.photographers:
            if name.casefold() not in {p.casefold() for p in self.photographers}:
                self.photographers.append(name)
        self.chain = merge_chains(self.chain, other.chain)
        self.anonymous |= other.anonymous
        self.pool |= other.pool
        self.handout |= other.handout
        self.file_photo |= other.file_photo
        self.courtesy_of += other.courtesy_of
        self.joint_sources += other.joint_sources
        self.unread += [u for u in other.unread if u not in self.unread]


def merge_chains(first: list[Agency], second: list[Agency]) -> list[Agency]:
    """Append the links of `second` that `first` does not already hold."""
    out = list(first)
    keys = {alias_key(a.name) for a in out}
    for agency in second:
        if alias_key(agency.name) not in keys:
            out.append(agency)
            keys.add(alias_key(agency.name))
    return out


def _alternation(phrases) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@cache
def _label_re() -> Caseless:
    """Leading labels: "Photo:", "Photo by", "photo credit:", "Foto fra", "©", "(c)" ...
    (Caseless: most pieces start with no label, which the folded pattern says faster.)"""
    plain = vocab.credit_words("label")
    bylines = vocab.credit_words("byline") - {"by"}
    courtesy = vocab.credit_words("courtesy")
    symbols = {w for w in plain if not w[0].isalnum()}
    worded = plain - symbols
    return Caseless(
        rf"^\s*(?:(?P<sym>{_alternation(symbols)})\s*(?:(?:19|20)\d\d\b\s*)?"  # "© 2024 Name"
        rf"|(?P<courtesy>{_alternation(courtesy)})\s*(?:[:：،=＝]\s*|\s+)"
        rf"|(?P<byline>{_alternation(bylines)})\s*[:：،]?\s+"
        rf"|(?P<byline2>by)\s*:\s*"
        rf"|(?P<label2>image source|image copyright)\s*,\s+"
        rf"|(?P<label>{_alternation(worded)})\s*(?:[:：،/=＝]\s*|\.\.\.|…|\s+-\s+))"
    )


# Articles that follow a label ("Foto fra det russiske ...", "Photo courtesy of the White House").
_ARTICLE_RE = re.compile(r"^(?:the|det|den|der|die|das|le|la|les|el|il|lo)\s+", re.IGNORECASE)


def parse_credit(text: str, registry: AgencyRegistry | None = None) -> CreditParse:
    """Parse one credit string ("(AP Photo/Evan Vucci)", "KCNA via Reuters", ...).

    The result is shared between callers (credits repeat: "REUTERS/Stringer"); do not change it.
    """
    return _parse_credit_cached(text, registry or AgencyRegistry.default())


@lru_cache(maxsize=8192)
def readable_credit(text: str, registry: AgencyRegistry) -> CreditParse | None:
    """parse_credit(text), or None when one of its pieces is sure to stay unread (so that it is no
    valid credit).  The trailing-credit search tries every run at the end of a caption, and the
    longer runs hold a piece of the sentence ("12, 2020. REUTERS/Name" holds "12"): labelling the
    pieces alone, without reading the chain, says so for a part of the cost."""
    return None if _unread_places(text, registry) else _parse_credit_cached(text, registry)


def unread_inner_piece(text: str, registry: AgencyRegistry) -> bool:
    """Does a piece other than the first stay unread (UNKNOWN)?  Such a piece lies between two
    separators, so a longer run of plain text that ends the same way holds it too (see
    `trailing_credit._bare_tail`)."""
    places = _unread_places(text, registry)
    return bool(places) and places[-1] > 0


# The trailing-credit search asks both questions above of each rejected run: one walk answers both.
@lru_cache(maxsize=1024)
def _unread_places(text: str, registry: AgencyRegistry) -> tuple[int, ...]:
    return tuple(_unread_pieces(text, registry))


def _unread_pieces(text: str, registry: AgencyRegistry) -> Iterator[int]:
    """The places (0: the first piece of the text) of the pieces that keep the label UNKNOWN in the
    full parse: those read by `_slash_pieces` in the first part of a group (only a PERSON is
    relabelled there and after; a part after "=" or before it goes another way and is not looked at)."""
    body, _ = prepared(text)
    n = 0
    for segment in text_segments(body):
        rest, _ = _take_labels(segment.strip(), CreditParse())
        for group in via_groups(rest):
            parts = equals_parts(group)
            if parts and (len(parts) == 1 or "/" in parts[0]):
                for chunk in slash_chunks(parts[0]):
                    for raw in raw_pieces(chunk):
                        if any(p.label == UNKNOWN for p in labelled_pieces(raw, registry, 0)):
                            yield n
                        n += 1
            n += 1  # a part not looked at stands between


@lru_cache(maxsize=8192)
def _parse_credit_cached(text: str, registry: AgencyRegistry) -> CreditParse:
    result = CreditParse(raw=text.strip())
    body, file_mark = prepared(text)
    if file_mark:
        result.file_photo = True
        result.pieces.append(Piece(file_mark, FILE))
    segments = text_segments(body)
    if len(segments) > 1:
        segments.sort(key=lambda s: not _is_origin_labelled(s))
    for n, segment in enumerate(segments):
        part = _parse_segment(segment, registry)
        if n == 0:
            part.raw = result.raw
            part.pieces = result.pieces + part.pieces
            part.file_photo |= result.file_photo
            result = part
        else:
            part.raw = ""
            result.merge(part)
    return result


def parse_credits(credits: list[str], registry: AgencyRegistry | None = None) -> CreditParse:
    """Parse every credit of one caption and merge them in reading order."""
    merged = CreditParse()
    ordered = credits if len(credits) < 2 else sorted(credits, key=lambda c: not _is_origin_labelled(c))
    for credit in ordered:  # (most captions have one credit: nothing to order)
        merged.merge(parse_credit(credit, registry))
    return merged


_LEADING_LABEL = re.compile(r"\s*[-•*]?\s*([^:：=\d]{2,24})\s*[:：=]")


def _is_origin_labelled(credit: str) -> bool:
    """ "Source: Xinhua" beside "Credit: Getty Images": the source is the origin, the credit the distributor."""
    m = _LEADING_LABEL.match(fold_width(credit))
    return m is not None and m.group(1).strip().casefold() in vocab.credit_words("origin_label")


def _parse_segment(segment: str, registry: AgencyRegistry) -> CreditParse:
    """One labelled credit: labels first, then custody groups joined by "via", each split into pieces."""
    result = CreditParse(raw=segment.strip())
    rest, courtesy = _take_labels(segment.strip(), result)
    ordered: list[Agency] = []
    ordered_has_person = False
    wire_last: Agency | None = None
    for g_index, group in enumerate(via_groups(rest)):
        if g_index:
            result.pieces.append(Piece("via", SEPARATOR))
        group_orgs, group_has_person = _read_group(group, registry, result)
        reordered = group_orgs if "=" in group else _slash_source_last(group_orgs)  # "A=B" states its order
        if g_index == 0 and reordered != group_orgs and not group_has_person:
            # "AFP PHOTO/KCNA VIA KNS": the whole "KCNA via KNS" stands after the wire's slash
            wire_last, reordered = reordered[-1], reordered[:-1]
        ordered = _join_custody(ordered, reordered, ordered_has_person)
        ordered_has_person |= group_has_person
    result.chain = merge_chains(ordered, [wire_last]) if wire_last else ordered
    if courtesy:
        result.courtesy_of = list(ordered)
    return result


@cache
def _bare_label_re() -> re.Pattern:
    """Labels written without a colon.  Latin ones count only in capitals or with a capital first
    ("SOURCE Name", "Copyright KCNA"), so that a name such as "Photo Booth Co" is not read as one."""
    words = vocab.credit_words("bare_label")
    latin = [w for w in words if w.isascii()]
    other = [w for w in words if not w.isascii()]
    forms = {w.upper() for w in latin} | {w.capitalize() for w in latin}
    return re.compile(rf"(?:{_alternation(forms)}|{_alternation(other)})\s+(?=\S)")


def _take_labels(rest: str, result: CreditParse) -> tuple[str, bool]:
    """Strip the leading labels ("Photo:", "Courtesy of", "©"), recording them as pieces."""
    courtesy = False
    if rest.startswith("/") and len(rest) > 1:
        result.pieces.append(Piece("/", LABEL))  # CGTN and others: " /CFP", " /Xinhua" after the caption
        rest = rest[1:].lstrip()
    m = _label_re().match(rest)  # each match is tried once, and reused by the loop below
    bare = None if m else _bare_label_re().match(rest)
    if bare:  # scraped metadata, "[사진 X]", "Copyright KCNA": no colon
        result.pieces.append(Piece(bare.group(0).strip(), LABEL))
        rest = rest[bare.end() :]
        m = _label_re().match(rest)
    for _ in range(8):  # labels stack ("Photo: ©"), but never more than a few
        if not m or m.end() == 0:
            break
        label_text = m.group(0).strip()
        if m.group("courtesy"):
            courtesy = True
            result.pieces.append(Piece(label_text, COURTESY))
            result.handout |= "handout" in m.group("courtesy").casefold()
        else:
            result.pieces.append(Piece(label_text, LABEL))
        rest = rest[m.end() :]
        rest = _ARTICLE_RE.sub("", rest) if courtesy else rest
        m = _label_re().match(rest)
    return rest, courtesy


# What a marker piece sets on the credit.
_MARKER_FLAGS = {PLACEHOLDER: "anonymous", FILE: "file_photo", POOL: "pool", HANDOUT: "handout"}


def _read_group(group: str, registry: AgencyRegistry, result: CreditParse) -> tuple[list[Agency], bool]:
    """Label the pieces of one custody group; return its organisations and whether it names a person."""
    group_orgs: list[Agency] = []
    has_person = False
    joint = False
    for piece in _group_pieces(group, registry):
        joint = joint or (piece.label == SEPARATOR and piece.text == "and")
        if piece.label == PERSON and has_person and single_word(piece.text):
            # "Name/Invision/AP", "Name/NTB/NPK": after the photographer comes the agency
            piece = as_org(piece.text, registry)[0]
        result.pieces.append(piece)
        if piece.label == ORG and piece.agency is not None:
            group_orgs.append(piece.agency)
        elif piece.label == PERSON:
            has_person = True
            if piece.value.casefold() not in {p.casefold() for p in result.photographers}:
                result.photographers.append(piece.value)
        elif piece.label in _MARKER_FLAGS:
            setattr(result, _MARKER_FLAGS[piece.label], True)
        elif piece.label == UNKNOWN and piece.text not in result.unread:
            result.unread.append(piece.text)
    if joint:
        result.joint_sources += group_orgs
    return group_orgs, has_person


def _group_pieces(group: str, registry: AgencyRegistry) -> list[Piece]:
    """The labelled pieces of a custody group, reading "A=B" East Asian style: what stands before
    "=" is the origin when it is an organisation, else a dateline ("北京", "평양") that names no one."""
    parts = equals_parts(group)
    pieces: list[Piece] = []
    for n, part in enumerate(parts):
        if n < len(parts) - 1 and "/" not in part:
            pieces += _origin_before_equals(part, registry)
            continue
        read = _slash_pieces(part, registry)
        if n and not any(x.label == LABEL for x in read):
            read = [_as_distributor(x, registry) for x in read]
        pieces += read
    return pieces


def _slash_pieces(part: str, registry: AgencyRegistry) -> list[Piece]:
    """Pieces of "Name/Agency/Platform": after a photographer, what follows a slash is an agency
    ("Name/Le Figaro"), and so is a one-word name after a stock platform ("Alamy/Afripics")."""
    out: list[Piece] = []
    for n, chunk in enumerate(slash_chunks(part)):
        read = [x for raw in raw_pieces(chunk) for x in classify_piece(raw, registry)]
        if n and out and len(read) == 1 and read[0].label == PERSON:
            if out[-1].label == PERSON and _agency_then_name(out[-1].text, read[0].text):
                out[-1] = as_org(out[-1].text, registry)[0]  # "Lehtikuva / Markku Ulander": agency / name
            elif out[-1].label == PERSON or (single_word(read[0].text) and _platform_before(out[-1])):
                read = as_org(read[0].text, registry)
        out += read
    return out


def _agency_then_name(first: str, second: str) -> bool:
    """Two names around a slash: the photographer usually comes first ("Name/Agency"), unless the
    first is one word before a full name, or only the second starts with a given name."""
    if single_word(first) and not single_word(second):
        return True
    return starts_with_given_name(second) and not starts_with_given_name(first)


def _platform_before(piece: Piece) -> bool:
    """ "Alamy/Afripics", "Reprodução/Instagram": after a stock platform or a screen grab comes a platform."""
    return piece.label == GENERIC or (
        piece.label == ORG and piece.agency is not None and piece.agency.kind in ("platform", "social", "photo_agency")
    )


def _as_distributor(piece: Piece, registry: AgencyRegistry) -> Piece:
    """After "=" stand the distributors ("[조선중앙통신=로이터·뉴시스]"): a name there is an agency."""
    if piece.label in (UNKNOWN, PERSON) and name_shaped(piece.text) and not piece.text.isascii():
        return as_org(piece.text, registry)[0]
    return piece


_PLACE_PUNCTUATION = re.compile(r"[.,;:!?()。、]")


def _origin_before_equals(text: str, registry: AgencyRegistry) -> list[Piece]:
    """ "평양 노동신문", "新県", "AFP": the organisation at the end, the place before it."""
    tokens = text.split()
    if len(tokens) > 8:  # a sentence, not "place origin"
        return [Piece(text.strip(), UNKNOWN)]
    readings = []
    for k in range(len(tokens)):
        found = classify_piece(" ".join(tokens[k:]), registry)
        if (
            found
            and all(p.label in (ORG, LABEL, HANDOUT, FILE, POOL) for p in found)
            and any(p.label == ORG for p in found)
        ):
            readings.append((k, found))
    # a known organisation at the end beats a longer unknown one ("평양 노동신문": place, then paper)
    readings.sort(key=lambda r: not any(p.label == ORG and p.agency is not None and p.agency.registered for p in r[1]))
    if readings:
        k, found = readings[0]
        place = " ".join(tokens[:k])
        return (_origin_before_equals(place, registry) if place else []) + found
    place = text.strip()
    # a dateline is a place name, not a sentence
    if len(place) <= 16 and len(tokens) <= 3 and not _PLACE_PUNCTUATION.search(place):
        return [Piece(place, DATELINE)]
    return [Piece(place, UNKNOWN)]


def _slash_source_last(group_orgs: list[Agency]) -> list[Agency]:
    """ "REUTERS/KCNA", "EPA-EFE/KCNA", "(AP Photo/SANA)", "AFP PHOTO/KCNA": a wire writes its own
    name first and the source after the slash, so the source is the origin.  So does an aggregator
    of a lower custody rank: "picture alliance/dpa", "IMAGO/Xinhua" (a wire after a picture platform)."""
    if len(group_orgs) < 2:
        return group_orgs
    first, second = group_orgs[:2]
    source_after_slash = (not second.slash_source and (first.slash_source or second.state_controlled)) or (
        first.slash_source and second.rank < first.rank
    )
    if second.rank <= first.rank and source_after_slash and (first.slash_source or first.rank > second.rank):
        return group_orgs[1:] + group_orgs[:1]
    return group_orgs


def _join_custody(ordered: list[Agency], group_orgs: list[Agency], has_person: bool) -> list[Agency]:
    """ "A via B" reads origin A, then B; but "Reuters via Yonhap": the wire got it via the national
    agency, which is the origin (unless a photographer of the wire is named: "REUTERS/Name via Xinhua")."""
    if ordered and group_orgs and not has_person and max(a.rank for a in ordered) > group_orgs[0].rank:
        return merge_chains(group_orgs, ordered)
    return merge_chains(ordered, group_orgs)
