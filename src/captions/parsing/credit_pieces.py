"""Label one piece of a credit from a closed set: the lossless view of a credit.

A piece is what stands between two separators ("AP Photo", "Evan Vucci", "Kremlin Pool Photo").  The
rules are tried in order, most specific evidence first; a piece may turn out to hold two things
("Lynsey Addario NYT").  Labelling is pure and cached: the trailing-credit search reads the same pieces
again for every run it tries, and credits repeat across a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import vocab
from ..organisations.registry import Agency, AgencyRegistry
from .name_shapes import MIXED_ACRONYM_RE, drop_title, guess_org_kind, is_person_like, looks_like_org, natural_case

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


# A piece splits into parts ("X by Y", "X for Y", "X Pool") only this deep: real credits need two
# or three levels, and a cap keeps "pool pool pool ..." from recursing once per word.
_MAX_PIECE_DEPTH = 6


def classify_piece(text: str, registry: AgencyRegistry, depth: int = 0) -> list[Piece]:
    """Label one piece of a credit; a piece may hold two things ("Lynsey Addario NYT").

    The rules are tried in order, most specific evidence first; the first that applies decides."""
    return list(labelled_pieces(text, registry, depth))


# Pure, and asked again and again: the trailing-credit search reads each tail piece of a caption
# once per candidate start, and credits repeat across a list ("AP Photo", "REUTERS/Stringer").
@lru_cache(maxsize=32768)
def labelled_pieces(text: str, registry: AgencyRegistry, depth: int) -> tuple[Piece, ...]:
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
    label = _marker_words().get(" ".join(p.casefold().split()))
    return [Piece(p, label)] if label else None


@cache
def _marker_words() -> dict[str, str]:
    """Each marker word and its label; a word of two roles takes the first (one look-up per piece)."""
    out: dict[str, str] = {}
    for role, label in (
        ("file", FILE),
        ("pool", POOL),
        ("handout", HANDOUT),
        ("placeholder", PLACEHOLDER),
        ("generic", GENERIC),
    ):
        for word in vocab.credit_words(role):
            out.setdefault(word, label)
    return out


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
    return left + [Piece("for", SEPARATOR)] + as_org(m.group(2), registry)


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
    return _as_person(m.group(1)) + [Piece("on", SEPARATOR)] + as_org(m.group(2), registry)


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
    if not (_lookup(org, registry) or (name_shaped(org) and looks_like_org(org))):
        return None
    out = as_org(org, registry) + [Piece(p[at : at + len(affix)], LABEL)]
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
        sources = [as_org(one, registry) for one in re.split(r"\s+(?:and|&)\s+", rest)]
        side_by_side = [
            x for n, source in enumerate(sources) for x in ([Piece("and", SEPARATOR)] if n else []) + source
        ]
        return side_by_side + [marker]
    found = classify_piece(rest, registry, depth + 1)
    unread = all(x.label == UNKNOWN for x in found)
    named = all(x.label in (UNKNOWN, PERSON) for x in found)
    if name_shaped(rest) and (unread or (named and meaning != "handout")):
        found = as_org(rest, registry)  # "X photo", "X 캡처": X stands where the source goes
    return found + [marker]


_SENTENCE_PUNCTUATION = re.compile(r"[.!?;:]\s|[.!?]$|[。！？■●]")


def name_shaped(text: str) -> bool:
    """A short name, not a sentence: a few words, no sentence punctuation, a capital (or a script
    without case) first."""
    tokens = text.split()
    return (
        0 < len(tokens) <= 6
        and not _SENTENCE_PUNCTUATION.search(text)
        and (text[0].isupper() or (text[0].isalpha() and text[0].lower() == text[0].upper()))
    )


def single_word(text: str) -> bool:
    return len(text.split()) == 1


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
        or (single_word(p) and len(p) <= 24 and p.isascii() and MIXED_ACRONYM_RE.search(p))
        or (_ACRONYM_RE.fullmatch(p) and p.casefold() not in vocab.words("places.txt"))
    ):
        return as_org(p, registry)
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
    return as_org(m.group("org"), registry) + [Piece(p[m.end("org") :], LABEL)]


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


def as_org(text: str, registry: AgencyRegistry) -> list[Piece]:
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


# Pure for a given registry (as the piece cache above), and asked for every tail and head of a piece's
# words by _rule_name_and_org: the same words come back piece after piece.
@lru_cache(maxsize=32768)
def _lookup(text: str, registry: AgencyRegistry) -> Agency | None:
    agency = registry.lookup(text)
    if agency is None:
        trimmed = _GENERIC_SUFFIX_RE.sub("", text.strip())
        if trimmed != text.strip():
            agency = registry.lookup(trimmed)
    return agency
