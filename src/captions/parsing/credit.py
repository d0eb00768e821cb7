"""Parse a credit line into photographers and the chain of custody.

A credit is a short labelled string, and every wire writes it its own way: "REUTERS/Name",
"(AP Photo/Name, File)", "NAME/AFP via Getty Images", "(Name, Sputnik, Kremlin Pool Photo via AP)",
"KCNA via Reuters", "Foto: Name/DPA".  The parser splits it into pieces at the separators
("/", "via", ",", " - ", "=", "for", "by"), labels every piece from a closed set, and then reads the
chain from the labels: origin first, the supplier to the publisher last.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .. import vocab
from ..organisations.registry import Agency, AgencyRegistry, alias_key
from .caseless import Caseless

# The closed set of piece labels (the lossless view that `captions parse --explain` prints).
ORG = "ORG"
PERSON = "PERSON"
PLACEHOLDER = "PLACEHOLDER"
FILE = "FILE"
POOL = "POOL"
HANDOUT = "HANDOUT"
GENERIC = "GENERIC"
LABEL = "LABEL"
COURTESY = "COURTESY"
SEPARATOR = "SEP"
DATELINE = "DATELINE"  # "北京＝新華社": where the picture was taken, written before the credit
UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class Piece:
    text: str
    label: str
    agency: Agency | None = None
    value: str = ""


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
_VIA_RE = re.compile(r"(?:\s*/\s*|\s+|^)via\s+", re.IGNORECASE)
# Separators inside one custody group.  A hyphen only separates when spaced ("AFP - Getty"), or
# between two words of a script other than Latin and Cyrillic ("مواقع التواصل-أرشيف"); "EPA-EFE",
# "Jung Yeon-je" and "пресс-служба" stay whole.
_PIECE_SPLIT_RE = re.compile(
    r"\s*/\s*|\s*,\s*|\s+[-–—]\s+|\s*;\s*|\s*\|\s*|(?<=[^\x00-\u04ff\s])-(?=[^\x00-\u04ff\s])"
    r"|(?<=\w)—(?=\w)|(?<=[\u3400-\u9fff\uac00-\ud7a3])\s*[·・、]\s*(?=\w)|(?<=\w)\s*[·・、]\s*(?=[\u3400-\u9fff\uac00-\ud7a3])"
)
# Every separator above holds one of these characters.
_PIECE_SEPARATORS = frozenset("/,-–—;|·・、")
# The same split in ASCII text, where the separators of other scripts cannot occur (a third of the cost):
# at any place the character after the spaces decides which separator, if any, matches there.
_ASCII_PIECE_SPLIT_RE = re.compile(r"\s*[/,;|]\s*|\s+-\s+")
# "A=B" in East Asian credits: A is where the picture was taken or who first had it, B who distributes it.
_EQUALS_RE = re.compile(r"\s*=\s*")
_INNER_LABEL_RE = re.compile(
    r"(?<!Photo)(?<!PHOTO)(?<!Image)(?<!Mandatory)(?<!MANDATORY)\s+(?=(?:Source|SOURCE|Credit|CREDIT|Photo|Foto|Picture|Image)\s*:)"
)
_BRACKET_FILE_RE = re.compile(r"\[\s*(?:file|archive|archives)\s*\]", re.IGNORECASE)
_NAME_TOKEN_RE = re.compile(r"^(?:[^\W\d_](?:[^\W\d_]|['’.-])*|[^\W\d_]\.)$")


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
    body, _ = _prepared(text)
    n = 0
    for segment in _text_segments(body):
        rest, _ = _take_labels(segment.strip(), CreditParse())
        for group in _via_groups(rest):
            parts = _equals_parts(group)
            if parts and (len(parts) == 1 or "/" in parts[0]):
                for chunk in _slash_chunks(parts[0]):
                    for raw in _raw_pieces(chunk):
                        if any(p.label == UNKNOWN for p in _classify_piece(raw, registry, 0)):
                            yield n
                        n += 1
            n += 1  # a part not looked at stands between


def _prepared(text: str) -> tuple[str, str | None]:
    """The credit without what wraps it, and the "[file]" mark taken out of it."""
    # Each pattern below is tried only where the one character it cannot match without is there:
    # a credit is read once per candidate tail of every caption, and most hold none of them.
    body = fold_width(text)
    body = _unwrap(_EXPAND_MARK_RE.sub(" ", body) if "[+]" in body else body)
    if "发" in body or "發" in body:
        body = _RELEASED_BY_RE.sub(r"\1/\2", body)
    if ")" in body:
        body = _PICTURE_ID_RE.sub("", body)
    if "[" in body and (file_mark := _BRACKET_FILE_RE.search(body)):
        return _BRACKET_FILE_RE.sub(" ", body).strip(), file_mark.group(0)
    return body, None


def _text_segments(body: str) -> list[str]:
    """ "Source: Xinhua Credit: Getty Images": one labelled credit after another, in reading order."""
    return [s for s in (_INNER_LABEL_RE.split(body) if ":" in body else [body]) if s.strip()]


def _via_groups(rest: str) -> list[str]:
    # "via" in any case ("VIA", "Via"): no other character folds to a "v" (but "ı" folds to an "i")
    if "via" in rest.lower() or (("v" in rest or "V" in rest) and not rest.isascii()):
        return [g for g in _VIA_RE.split(rest) if g.strip()]
    return [rest] if rest.strip() else []


def _equals_parts(group: str) -> list[str]:
    return [p for p in (_EQUALS_RE.split(group) if "=" in group else [group]) if p.strip()]


def _slash_chunks(part: str) -> list[str]:
    part = _PERIOD_BEFORE_AGENCY_RE.sub("/", part) if "." in part else part
    return _SLASH_RE.split(part) if "/" in part else [part]


def _raw_pieces(chunk: str) -> list[str]:
    if _PIECE_SEPARATORS.isdisjoint(chunk):
        raws = [chunk]
    else:
        raws = (_ASCII_PIECE_SPLIT_RE if chunk.isascii() else _PIECE_SPLIT_RE).split(chunk)
    return [raw for raw in raws if raw and raw.strip()]


@lru_cache(maxsize=8192)
def _parse_credit_cached(text: str, registry: AgencyRegistry) -> CreditParse:
    result = CreditParse(raw=text.strip())
    body, file_mark = _prepared(text)
    if file_mark:
        result.file_photo = True
        result.pieces.append(Piece(file_mark, FILE))
    segments = _text_segments(body)
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


_BRACKETS = str.maketrans({"【": "[", "】": "]", "〔": "[", "〕": "]", "〈": "(", "〉": ")", "《": "(", "》": ")"})


def fold_width(text: str) -> str:
    """Full-width forms as their ASCII twins: East Asian credits write （）／＝ＡＰ and 【】."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_BRACKETS)


def parse_credits(credits: list[str], registry: AgencyRegistry | None = None) -> CreditParse:
    """Parse every credit of one caption and merge them in reading order."""
    merged = CreditParse()
    for credit in sorted(credits, key=lambda c: not _is_origin_labelled(c)):
        merged.merge(parse_credit(credit, registry))
    return merged


_LEADING_LABEL = re.compile(r"\s*[-•*]?\s*([^:：=\d]{2,24})\s*[:：=]")


def _is_origin_labelled(credit: str) -> bool:
    """ "Source: Xinhua" beside "Credit: Getty Images": the source is the origin, the credit the distributor."""
    m = _LEADING_LABEL.match(fold_width(credit))
    return m is not None and m.group(1).strip().casefold() in vocab.credit_words("origin_label")


_CLOSING = {"(": ")", "[": "]", "{": "}"}
_BULLETS = "-–—•*■□●○▲△◆◇▶►※"
# "新华社发(X 摄)": "released by Xinhua (photographed by X)"
_PICTURE_ID_RE = re.compile(r"\s*\(\d{5,}[a-z]{0,3}\)$")  # Shutterstock's "(14412345a)"
_EXPAND_MARK_RE = re.compile(r"(?:\.\.\.|…)\s*\[\+\]")  # a page's "read more" inside the credit
_RELEASED_BY_RE = re.compile(r"([发發])\s*\((.+)\)$")


def _unwrap(text: str) -> str:
    """Peel what wraps a credit: outer brackets, "**bold**", list bullets, stray separators and a
    dangling "via".  Works on two indexes moving inwards, so each character is looked at a
    bounded number of times however deep the nesting ("((((AP))))")."""
    partner = _bracket_partners(text)
    i, j = 0, len(text)
    while True:
        before = (i, j)
        while i < j and (text[i].isspace() or text[i] in ",;|"):
            i += 1
        while j > i and (text[j - 1].isspace() or text[j - 1] in ",;|"):
            j -= 1
        if j - i > 1 and text[i] in _BULLETS and text[i + 1].isspace():
            i += 2  # a list bullet "- ", "■ ", "– "
        if j - i > 4 and text[j - 3 : j].casefold() == "via" and text[j - 4].isspace():
            j -= 3  # "Name/AFP via" cut off
        if j - i >= 4 and text.startswith("**", i) and text.endswith("**", i, j):
            i, j = i + 2, j - 2
        elif j - i > 1 and partner.get(i) == j - 1:
            i, j = i + 1, j - 1
        if (i, j) == before:
            return text[i:j]


_BRACKET_CHARS = frozenset("()[]{}")
_BRACKET_CHAR_RE = re.compile(r"[()\[\]{}]")


def _bracket_partners(text: str) -> dict[int, int]:
    """Index of each opening bracket -> index of the bracket that closes it (only where they match)."""
    partner: dict[int, int] = {}
    if _BRACKET_CHARS.isdisjoint(text):
        return partner
    stack: list[int] = []
    for m in _BRACKET_CHAR_RE.finditer(text):
        k, ch = m.start(), m.group()
        if ch in _CLOSING:
            stack.append(k)
        elif ch in ")]}":
            if stack and _CLOSING[text[stack[-1]]] == ch:
                partner[stack.pop()] = k
            else:
                stack.clear()  # a stray closer: what came before cannot wrap what follows
    return partner


def _parse_segment(segment: str, registry: AgencyRegistry) -> CreditParse:
    """One labelled credit: labels first, then custody groups joined by "via", each split into pieces."""
    result = CreditParse(raw=segment.strip())
    rest, courtesy = _take_labels(segment.strip(), result)
    ordered: list[Agency] = []
    ordered_has_person = False
    wire_last: Agency | None = None
    for g_index, group in enumerate(_via_groups(rest)):
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
    m = None if _label_re().match(rest) else _bare_label_re().match(rest)
    if m:  # scraped metadata, "[사진 X]", "Copyright KCNA": no colon
        result.pieces.append(Piece(m.group(0).strip(), LABEL))
        rest = rest[m.end() :]
    for _ in range(8):  # labels stack ("Photo: ©"), but never more than a few
        m = _label_re().match(rest)
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
        if piece.label == PERSON and has_person and _single_word(piece.text):
            # "Name/Invision/AP", "Name/NTB/NPK": after the photographer comes the agency
            piece = _as_org(piece.text, registry)[0]
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
    parts = _equals_parts(group)
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


_SLASH_RE = re.compile(r"\s*/\s*")
# AFP's French credits: "(Photo Name. AFP)"
_PERIOD_BEFORE_AGENCY_RE = re.compile(r"\.\s+(?=[A-Z][A-Z-]{1,9}$)")


def _slash_pieces(part: str, registry: AgencyRegistry) -> list[Piece]:
    """Pieces of "Name/Agency/Platform": after a photographer, what follows a slash is an agency
    ("Name/Le Figaro"), and so is a one-word name after a stock platform ("Alamy/Afripics")."""
    out: list[Piece] = []
    for n, chunk in enumerate(_slash_chunks(part)):
        read = [x for raw in _raw_pieces(chunk) for x in classify_piece(raw, registry)]
        if n and out and len(read) == 1 and read[0].label == PERSON:
            if out[-1].label == PERSON and _agency_then_name(out[-1].text, read[0].text):
                out[-1] = _as_org(out[-1].text, registry)[0]  # "Lehtikuva / Markku Ulander": agency / name
            elif out[-1].label == PERSON or (_single_word(read[0].text) and _platform_before(out[-1])):
                read = _as_org(read[0].text, registry)
        out += read
    return out


def _agency_then_name(first: str, second: str) -> bool:
    """Two names around a slash: the photographer usually comes first ("Name/Agency"), unless the
    first is one word before a full name, or only the second starts with a given name."""
    if _single_word(first) and not _single_word(second):
        return True
    return starts_with_given_name(second) and not starts_with_given_name(first)


def starts_with_given_name(name: str) -> bool:
    """Does a name begin with a known given name (data: given_names.txt) or an initial ("J. Doe")?"""
    tokens = drop_title(name).split()
    if not tokens:
        return False
    first = tokens[0].strip(".,").casefold()
    given = vocab.words("given_names.txt")
    # "Jean-Christophe": a compound given name starts with one
    return first in given or first.split("-")[0] in given or (len(first) == 1 and tokens[0].endswith("."))


def _platform_before(piece: Piece) -> bool:
    """ "Alamy/Afripics", "Reprodução/Instagram": after a stock platform or a screen grab comes a platform."""
    return piece.label == GENERIC or (
        piece.label == ORG and piece.agency is not None and piece.agency.kind in ("platform", "social", "photo_agency")
    )


def _as_distributor(piece: Piece, registry: AgencyRegistry) -> Piece:
    """After "=" stand the distributors ("[조선중앙통신=로이터·뉴시스]"): a name there is an agency."""
    if piece.label in (UNKNOWN, PERSON) and _name_shaped(piece.text) and not piece.text.isascii():
        return _as_org(piece.text, registry)[0]
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


def _single_word(text: str) -> bool:
    return len(text.split()) == 1


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


# A piece splits into parts ("X by Y", "X for Y", "X Pool") only this deep: real credits need two
# or three levels, and a cap keeps "pool pool pool ..." from recursing once per word.
_MAX_PIECE_DEPTH = 6


def classify_piece(text: str, registry: AgencyRegistry, depth: int = 0) -> list[Piece]:
    """Label one piece of a credit; a piece may hold two things ("Lynsey Addario NYT").

    The rules are tried in order, most specific evidence first; the first that applies decides."""
    return list(_classify_piece(text, registry, depth))


# Pure, and asked again and again: the trailing-credit search reads each tail piece of a caption
# once per candidate start, and credits repeat across a list ("AP Photo", "REUTERS/Stringer").
@lru_cache(maxsize=32768)
def _classify_piece(text: str, registry: AgencyRegistry, depth: int) -> tuple[Piece, ...]:
    return tuple(_classify_piece_uncached(text, registry, depth))


_IN_BRACKETS = re.compile(r"^\((.*)\)$")


def _classify_piece_uncached(text: str, registry: AgencyRegistry, depth: int) -> list[Piece]:
    if depth > _MAX_PIECE_DEPTH:
        return [Piece(text.strip(), UNKNOWN)]
    p = text.strip(" \t.,:;*\"'«»“”‘’")
    p = (_IN_BRACKETS.sub(r"\1", p) if p.startswith("(") else p).strip()
    if not p:
        return []
    for rule in _PIECE_RULES:
        pieces = rule(p, registry, depth)
        if pieces is not None:
            return pieces
    return [Piece(p, UNKNOWN)]


def _rule_marker_word(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    """ "File", "Pool", "Handout", "Stringer", "social media": words with a fixed meaning."""
    folded = " ".join(p.casefold().split())
    for role, label in (
        ("file", FILE),
        ("pool", POOL),
        ("handout", HANDOUT),
        ("placeholder", PLACEHOLDER),
        ("generic", GENERIC),
    ):
        if folded in vocab.credit_words(role):
            return [Piece(p, label)]
    return None


def _rule_registered(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    agency = _lookup(p, registry)
    if agency is None:
        return None
    pieces = [Piece(p, ORG, agency, agency.name)]
    if "pool" in p.casefold():
        pieces.append(Piece("Pool", POOL))
    return pieces


_BY_RE = re.compile(r"(.+?)\s+by\s+(.+)$", re.IGNORECASE)
_FOR_RE = re.compile(r"(?:(.+?)\s+)?for\s+(.+)$", re.IGNORECASE)


def _rule_by(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    """ "Official White House Photo by Pete Souza"."""
    m = _BY_RE.match(p)
    if not m:
        return None
    if m.group(1).casefold() in vocab.credit_words("label"):  # ".../Photo by Name" after a slash
        return [Piece(m.group(0)[: m.start(2)].strip(), LABEL)] + classify_piece(m.group(2), registry, depth + 1)
    return (
        classify_piece(m.group(1), registry, depth + 1)
        + [Piece("by", LABEL)]
        + classify_piece(m.group(2), registry, depth + 1)
    )


def _rule_for(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    """ "Sarah Rice for The Washington Post", "FOR CHINA DAILY"."""
    m = _FOR_RE.match(p)
    if not (
        m
        and (
            _lookup(m.group(2), registry) is not None
            or looks_like_org(m.group(2))
            or (m.group(2).isupper() and len(m.group(2).split()) <= 4)
        )
    ):
        return None
    left = classify_piece(m.group(1), registry, depth + 1) if m.group(1) else []
    return left + [Piece("for", SEPARATOR)] + _as_org(m.group(2), registry)


_AND_RE = re.compile(r"\s+(?:and|&|und|et|y|e|og|och|en|i)\s+")


def _rule_names_joined(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    """ "Photo by Chen Ming, Tai Hao and Liu Yan": the last two photographers joined by "and"."""
    parts = _AND_RE.split(p)
    if len(parts) != 2 or not all(is_person_like(x) and len(x.split()) >= 2 for x in parts):
        return None
    return [x for part in parts for x in _as_person(part)]


_ON_PLATFORM_RE = re.compile(r"(.+?)\s+on\s+([A-Z][\w.]+)$")


def _rule_on_platform(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    """ "Jane Doe on Unsplash": a photographer and the platform the picture was taken from."""
    m = _ON_PLATFORM_RE.match(p)
    if not m or not is_person_like(m.group(1)):
        return None
    return _as_person(m.group(1)) + [Piece("on", SEPARATOR)] + _as_org(m.group(2), registry)


_MARKER_SUFFIX_RE = re.compile(r"(.+?)\s+(pool photo|pool|handout|file photo|file|files)$", re.IGNORECASE)


def _rule_marker_suffix(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    """Marker words at the end of a piece: "Kremlin Pool Photo", "Name Handout", "Reuters File"."""
    m = _MARKER_SUFFIX_RE.match(p)
    if not m:
        return None
    return classify_piece(m.group(1), registry, depth + 1) + classify_piece(m.group(2), registry, depth + 1)


@cache
def _affixes() -> tuple[tuple[str, str], ...]:
    rows = vocab.rows("credit_affixes.csv")
    return tuple(sorted(((r["affix"].casefold(), r["meaning"]) for r in rows), key=lambda x: -len(x[0])))


@cache
def _any_affix_re() -> re.Pattern:
    reporter = [a for a, m in _affixes() if m == "reporter"]
    suffixes = [a for a, m in _affixes() if m != "reporter"]
    return re.compile("(?:" + "|".join(map(re.escape, reporter)) + ")|(?:" + "|".join(map(re.escape, suffixes)) + ")$")


_AFFIX_MARK = {"handout": HANDOUT, "file": FILE, "pool": POOL}


def _rule_affix(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    """Words that East Asian and other credits attach to a name: "新华社记者 X" (the agency's
    reporter X), "X 摄" (photographed by X), "X提供" / "X 제공" (supplied by X: a handout),
    "X 캡처" (a screen capture of X), "(뉴스1 DB)" (from the agency's files), "KUNA photos"."""
    folded = p.casefold()
    if not _any_affix_re().search(folded):
        return None  # most pieces carry none: one search says so
    for affix, meaning in _affixes():
        if meaning == "reporter":
            pieces = _reporter_affix(p, folded, affix, registry, depth)
        else:
            pieces = _suffix_affix(p, folded, affix, meaning, registry, depth)
        if pieces is not None:
            return pieces
    return None


def _reporter_affix(p: str, folded: str, affix: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    """ "新华社记者 X": the organisation before the word for its reporter, the photographer after it."""
    at = folded.find(affix)
    if at <= 0:
        return None
    org, person = p[:at].strip(), p[at + len(affix) :].strip()
    if not (_lookup(org, registry) or (_name_shaped(org) and looks_like_org(org))):
        return None
    out = _as_org(org, registry) + [Piece(p[at : at + len(affix)], LABEL)]
    return out + (classify_piece(person, registry, depth + 1) if person else [])


def _suffix_affix(
    p: str, folded: str, affix: str, meaning: str, registry: AgencyRegistry, depth: int
) -> list[Piece] | None:
    if not folded.endswith(affix) or len(folded) == len(affix):
        return None
    rest = p[: len(p) - len(affix)].strip()
    joined = not p[len(p) - len(affix) - 1].isspace()
    if not rest or (joined and affix.isascii() and affix[0].isalpha()):
        return None  # "Photoshop" does not end in the word "photo"
    marker = Piece(p[len(rest) :].strip(), _AFFIX_MARK.get(meaning, LABEL))
    if meaning == "byline":
        return _as_person(rest) + [marker]
    if meaning == "generic" and re.search(r"\s(?:and|&)\s", rest):
        # "Royal Court and SPA photos": photos of two sources
        sources = [_as_org(one, registry) for one in re.split(r"\s+(?:and|&)\s+", rest)]
        side_by_side = [
            x for n, source in enumerate(sources) for x in ([Piece("and", SEPARATOR)] if n else []) + source
        ]
        return side_by_side + [marker]
    found = classify_piece(rest, registry, depth + 1)
    unread = all(x.label == UNKNOWN for x in found)
    named = all(x.label in (UNKNOWN, PERSON) for x in found)
    if _name_shaped(rest) and (unread or (named and meaning != "handout")):
        found = _as_org(rest, registry)  # "X photo", "X 캡처": X stands where the source goes
    return found + [marker]


_SENTENCE_PUNCTUATION = re.compile(r"[.!?;:]\s|[.!?]$|[。！？■●]")


def _name_shaped(text: str) -> bool:
    """A short name, not a sentence: a few words, no sentence punctuation, a capital (or a script
    without case) first."""
    tokens = text.split()
    return (
        0 < len(tokens) <= 6
        and not _SENTENCE_PUNCTUATION.search(text)
        and (text[0].isupper() or (text[0].isalpha() and text[0].lower() == text[0].upper()))
    )


def _rule_name_and_org(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    """A name and an organisation with no separator: "Lynsey Addario NYT", "Foto AP"."""
    tokens = p.split()
    for k in range(min(4, len(tokens) - 1), 0, -1):
        tail, head = " ".join(tokens[-k:]), " ".join(tokens[:-k])
        agency = _lookup(tail, registry)
        if agency is not None and _person_or_placeholder(head):
            return _person_or_placeholder(head) + [Piece(tail, ORG, agency, agency.name)]
        head, tail = " ".join(tokens[:k]), " ".join(tokens[k:])
        agency = _lookup(head, registry)
        if agency is not None and _person_or_placeholder(tail):
            return [Piece(head, ORG, agency, agency.name)] + _person_or_placeholder(tail)
    return None


def _person_or_placeholder(text: str) -> list[Piece]:
    """ "AFP STR", "Name AFP": the part beside an organisation is a photographer or the word for none."""
    if " ".join(text.casefold().split()) in vocab.credit_words("placeholder"):
        return [Piece(text, PLACEHOLDER)]
    if looks_like_org(text):
        return []  # "NASA Kennedy Space Center" is one organisation
    return [Piece(text, PERSON, value=natural_case(text))] if is_person_like(text) else []


_ACRONYM_RE = re.compile(r"[A-Z][A-Z&]{1,4}")
_BRAND_RE = re.compile(
    r"(?=\w*\d)(?=\w*[^\W\d_])\w{2,20}|[A-Z][a-z]{3,}[A-Z]\w+|[a-z]{1,2}[A-Z]\w+"
)  # News1, ChinaFotoPress, iStock


def _rule_org_shape(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    """An organisation by evidence: a head word ("Ministry", "Polisen", "외교부"), a web address,
    an acronym ("SWNS", "NPK", "JPL-Caltech"), or a brand's spelling ("News1", "Soy502", "iStock")."""
    if (
        looks_like_org(p)
        or _BRAND_RE.fullmatch(p)
        or _known_compound(p, registry)
        or (_single_word(p) and len(p) <= 24 and p.isascii() and _MIXED_ACRONYM_RE.search(p))
        or (_ACRONYM_RE.fullmatch(p) and p.casefold() not in vocab.words("places.txt"))
    ):
        return _as_org(p, registry)
    return None


def _known_compound(p: str, registry: AgencyRegistry) -> bool:
    """ "dpa-Zentralbild", "Reuters-Bild": a single hyphenated word that starts with a known agency."""
    head, dash, _ = p.partition("-")
    return bool(dash) and " " not in p and registry.lookup(head) is not None


def _rule_person(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    return _as_person(p) if is_person_like(drop_title(p)) else None


def _as_person(text: str) -> list[Piece]:
    text = text.strip(" .,:;")
    if not text:
        return []
    if not is_person_like(drop_title(text)):
        return [Piece(text, UNKNOWN)]
    return [Piece(text, PERSON, value=natural_case(drop_title(text)))]


# Japanese and Korean credit a photo by a clause: "朝鮮中央通信が19日に配信した（写真）" (distributed by
# KCNA on the 19th), "노동신문이 공개한 (사진)" (released by Rodong Sinmun): X before the subject particle.
_DISTRIBUTED_BY_RE = re.compile(
    r"(?P<org>\S{2,16}?)(?:が|により|이|가)\s*[^。、.]{0,14}?(?:配信|公開|提供|報じ|배포|공개|보도|제공)"
    r"(?:した|された|され|했다|한|된)?$"
)


def _rule_distributed_by(p: str, registry: AgencyRegistry, depth: int) -> list[Piece] | None:
    m = _DISTRIBUTED_BY_RE.match(p)
    if m is None:
        return None
    return _as_org(m.group("org"), registry) + [Piece(p[m.end("org") :], LABEL)]


_PIECE_RULES = (
    _rule_marker_word,
    _rule_registered,
    _rule_distributed_by,
    _rule_by,
    _rule_for,
    _rule_on_platform,
    _rule_marker_suffix,
    _rule_affix,
    _rule_name_and_org,
    _rule_org_shape,
    _rule_names_joined,
    _rule_person,
)


_LOWER_ARTICLE_RE = re.compile(r"^(?:the|det|den|der|die|das|le|la|les|el|il|lo)\s+")


def _as_org(text: str, registry: AgencyRegistry) -> list[Piece]:
    # "courtesy of the Pentagon" loses its article; "Le Parisien", "The Hindu" keep theirs
    name = _LOWER_ARTICLE_RE.sub("", text.strip(" .,:;"))
    agency = _lookup(name, registry)
    if agency is None:
        written = name if not name.isupper() or len(name) <= 6 else name.title()
        agency = Agency.unregistered(written, kind=_kind_of_unregistered(written, registry))
    return [Piece(text, ORG, agency, agency.name)]


def _kind_of_unregistered(name: str, registry: AgencyRegistry) -> str:
    """ "NASA Kennedy Space Center", "Polizei Berlin": a unit named after a known body is of its kind."""
    tokens = name.replace("-", " ").split()  # "dpa-Zentralbild" is a service of dpa
    for k in range(min(3, len(tokens) - 1), 0, -1):
        for part in (" ".join(tokens[:k]), " ".join(tokens[-k:])):
            parent = registry.lookup(part)
            if parent is not None and parent.kind != "other":
                return parent.kind
    return guess_org_kind(name)


_GENERIC_SUFFIX_RE = re.compile(
    r"\s+(?:photos?|photograph|pictures?|foto|fotos|image|images? provided)$", re.IGNORECASE
)


def _lookup(text: str, registry: AgencyRegistry) -> Agency | None:
    agency = registry.lookup(text)
    if agency is None:
        trimmed = _GENERIC_SUFFIX_RE.sub("", text.strip())
        if trimmed != text.strip():
            agency = registry.lookup(trimmed)
    return agency


@cache
def _org_word_patterns() -> tuple[re.Pattern, ...]:
    """Whole head words ("Ministry"), stems inside compounds ("forsvarsdepartement*") and, for
    scripts that glue the head word to the name, word endings ("*省", "*부")."""
    words = vocab.words("org_words.txt")
    whole = sorted((w for w in words if not w.endswith("*") and not w.startswith("*")), key=len, reverse=True)
    stems = sorted(w[:-1] for w in words if w.endswith("*"))
    endings = sorted((w[1:] for w in words if w.startswith("*")), key=len, reverse=True)
    patterns = [re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in whole) + r")(?![\w.])")]
    if stems:
        patterns.append(re.compile("|".join(re.escape(s) for s in stems)))
    if endings:
        patterns.append(re.compile(r"\w(?:" + "|".join(re.escape(e) for e in endings) + r")(?!\w)"))
    return tuple(patterns)


@lru_cache(maxsize=8192)
def has_org_word(text: str) -> bool:
    """Does a name hold a word that makes it an organisation ("Tribune", "Ministry", "...departementets", "外務省")?"""
    folded = text.casefold()
    return any(p.search(folded) for p in _org_word_patterns())


_ORG_CONNECTORS = vocab.words("credit_org_connectors.txt")


# "Press Service of the 24th ... Brigade", "Ministry of Defence of ...": a head word, then "of"
_ORG_OF_RE = re.compile(
    r"^(?:\w+\s+){0,2}(?:service|ministry|office|department|command|press service|council)\s+of\s", re.IGNORECASE
)


_WEB_ADDRESS = re.compile(r"\w\.(?:com|org|net|gov|ru|cn|kp|ir|de|fr|uk|kr|jp)\b", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"(?<![A-Z])[.!?;:]\s|^\d|[:\d]{3,}")


def looks_like_org(text: str) -> bool:
    """A name the registry does not know, shaped like an organisation ("Chicago Tribune",
    "US Government", "russiske forsvarsdepartementets pressetjeneste"), not a sentence."""
    if _WEB_ADDRESS.search(text):
        return True
    if _NOT_A_NAME.search(text) or not has_org_word(text):
        return False
    tokens = text.split()
    if len(tokens) > 16 or (len(tokens) > 7 and not _ORG_OF_RE.match(text)):
        return False
    proper = all(_capital_or_caseless(t) or t.casefold() in _ORG_CONNECTORS for t in tokens)
    # "Bệnh viện", "Polizei Berlin": a capital first and a head word is enough for two or three words
    return (
        proper
        or bool(_GOVERNMENT_WORDS.search(text))
        or (_capital_or_caseless(tokens[0]) and len(tokens) <= 3)
        or (len(tokens) <= 4 and has_org_word(tokens[0]))
    )  # "пресс-служба Кремля": the head word first


def _capital_or_caseless(token: str) -> bool:
    first = token[:1]
    return not first.isalpha() or first.isupper() or first.lower() == first.upper()


_GOVERNMENT_WORDS = re.compile(
    r"government|ministry|ministère|ministerio|ministerium|departement|department|office|presidency|"
    r"presidential|press service|pressetjeneste|presstjänst|pressedienst|pressestelle|embassy|"
    r"white house|kremlin|army|navy|air force|military|marine|police|guard|forces|defen[cs]e|command|"
    r"council|parliament|administration|governor|mayor|city hall",
    re.IGNORECASE,
)


@cache
def _org_kind_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    kinds: dict[str, list[str]] = {}
    for row in vocab.rows("org_kinds.csv"):
        kinds.setdefault(row["kind"], []).append(row["word"].casefold())
    out = []
    for kind, words in kinds.items():
        # "*ministerium": inside a compound ("Bundesfinanzministerium"); other Latin words start a word
        latin = sorted((w for w in words if w.isascii() and not w.startswith("*")), key=len, reverse=True)
        other = sorted((w.lstrip("*") for w in words if not w.isascii() or w.startswith("*")), key=len, reverse=True)
        parts = [r"\b(?:" + "|".join(re.escape(w) for w in latin) + ")"] if latin else []
        parts += ["(?:" + "|".join(re.escape(w) for w in other) + ")"] if other else []
        out.append((kind, re.compile("|".join(parts))))
    return tuple(out)


@lru_cache(maxsize=4096)
def guess_org_kind(name: str) -> str:
    """Kind of an organisation the registry does not know, from the words of its name (data:
    org_kinds.csv); "party" is a party to the story that is neither the state nor the press."""
    folded = name.casefold()
    for kind, pattern in _org_kind_patterns():
        if pattern.search(folded):
            return kind
    return "other"


_NOT_NAME_WORDS = vocab.words("credit_not_name_words.txt")


def is_person_like(text: str) -> bool:
    """Could this be a person's name as credits write them ("NICHOLAS KAMM", "Wong Maye-E")?"""
    tokens = text.split()
    if not 1 <= len(tokens) <= 5 or (len(tokens) == 1 and len(tokens[0].strip(".")) < 2):
        return False
    if _CJK_RE.fullmatch(text):
        return _cjk_name_shaped(text)
    shapes = [_token_shape(tok) for tok in tokens]
    if None in shapes:
        return False
    if "upper" in shapes:
        # capitals with an ordinary lower-case word among them is a phrase ("Kim Jong Un heads")
        return "lower" not in shapes
    # all lower case: "luong thai linh" as some platforms print it
    return all(t.isalpha() for t in tokens) and len(tokens) >= 2


_MIXED_ACRONYM_RE = re.compile(r"[A-Z]{3}(?=.*[a-z])|(?<=[a-z])[-][A-Z]{3}")
_PARTICLE_PREFIX_RE = re.compile(r"^(?:al|el|ad|as|ash|at|az|ud|ul|bin|ibn|abu|d|l)[-'’][^\W\d_]")


def _token_shape(tok: str) -> str | None:
    """One word of a name: "upper" (capitalised), "particle" ("van", "al-"), "lower", or None (not a name word)."""
    bare = tok.strip(".,")
    if not bare or not _NAME_TOKEN_RE.match(tok.strip(",")):
        return None
    if tok.endswith(".") and len(bare) > 1 and bare.casefold() not in ("jr", "sr", "st"):
        return None  # a sentence end ("China."), not an initial ("Jean H. Lee")
    if _MIXED_ACRONYM_RE.search(bare):
        return None  # "JPL-Caltech": an acronym inside a word names a body, not a person
    low = bare.casefold()
    if low in _NOT_NAME_WORDS or low in vocab.credit_words("label") or low in vocab.credit_words("placeholder"):
        return None
    if bare[0].isupper():
        return "upper"
    if low in vocab.words("person_particles.txt") or _PARTICLE_PREFIX_RE.match(bare):
        return "particle"
    return "lower" if bare.islower() else None


_CJK_RE = re.compile(r"[\u3400-\u9fff\uac00-\ud7a3\s]+")


def _cjk_name_shaped(text: str) -> bool:
    """A Chinese or Korean name in its own script: a family name from the list, then one or two
    syllables ("鞠鵬", "김정은", "高 建中"), and no organisation ending ("외교부")."""
    bare = "".join(text.split())
    if not 2 <= len(bare) <= 4 or has_org_word(bare):
        return False
    surnames = vocab.words("cjk_surnames.txt")
    return any(bare.startswith(s) and 1 <= len(bare) - len(s) <= 2 for s in surnames)


def natural_case(name: str) -> str:
    """Write an upper-case (or lower-case) name as a person writes it: "KIM JONG UN" -> "Kim Jong Un"."""
    particles = vocab.words("person_particles.txt")
    tokens = name.split()
    all_lower = all(t.islower() for t in tokens)
    out = []
    for i, tok in enumerate(tokens):
        if (tok.isupper() and sum(c.isalpha() for c in tok) > 1) or all_lower:
            if i and tok.casefold() in particles and not all_lower:
                out.append(tok.lower())
            else:
                out.append(_capitalise(tok))
        else:
            out.append(tok)
    return " ".join(out)


def _capitalise(token: str) -> str:
    def cap(part: str) -> str:
        return part[:1].upper() + part[1:].lower() if part else part

    out = re.sub(r"[^\W\d_]+", lambda m: cap(m.group(0)), token.lower())
    # "Al-hariri" -> "al-Hariri" is a house style choice; keep the particle capitalised but the
    # name after a hyphen or apostrophe capitalised too ("O'Neill", "Maye-E").
    return out


def credit_key(text: str) -> str:
    return alias_key(text)


# US military ratings: "Mass Communication Specialist 3rd Class", "Airman 1st Class"
_RATING_RE = re.compile(r"^(?:[A-Z][\w.]*\s+){0,4}\d(?:st|nd|rd|th)\s+Class\s+(?=\S)")


def drop_title(name: str) -> str:
    """Drop ranks and titles written before a name ("Staff Sgt. John Doe" -> "John Doe")."""
    titles = vocab.words("titles.txt")
    name = _RATING_RE.sub("", name)
    tokens = name.split()
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for k in (3, 2, 1):
            if len(tokens) > k and " ".join(tokens[:k]).casefold() in titles:
                tokens = tokens[k:]
                changed = True
                break
    return " ".join(tokens)
