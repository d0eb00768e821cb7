"""The credit at the very end of a caption's text, by the first convention that finds one.

A credit in brackets ("(AP Photo/Name)"), after a copyright sign or a label ("Photograph: Name/Agency"),
or bare after the last sentence ("REUTERS/Name", "Name/AFP via Getty Images").  The bare search tries
the runs of words at the end from the shortest to the longest, and stops as soon as no longer run can
be a credit, so that a caption costs a few credit parses however long its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from .. import vocab
from ..organisations.registry import AgencyRegistry
from .caseless import Caseless
from .credit import (
    COURTESY,
    FILE,
    GENERIC,
    HANDOUT,
    LABEL,
    ORG,
    PERSON,
    PLACEHOLDER,
    POOL,
    UNKNOWN,
    CreditParse,
    parse_credit,
    readable_credit,
    unread_inner_piece,
)

TAIL = 400  # credits, notes and slugs stand in the last characters of a caption


_SENTENCE_END = ".,;:!?)]】）\"'»”|。、，"


_MARKERS = (FILE, POOL, HANDOUT, PLACEHOLDER, GENERIC)


def credit_is_valid(parsed: CreditParse, standalone: bool = False) -> bool:
    """Is this text a credit?  Every piece must be recognised, and something must be named.

    `standalone` is for a line on its own, where a bare organisation ("AFP") or a labelled name
    ("Foto: Jung Yeon-je") is a credit; inside running text more evidence is needed.
    """
    labels = [p.label for p in parsed.pieces]
    if not labels or UNKNOWN in labels or _has_long_person(parsed):
        return False
    labelled = LABEL in labels or COURTESY in labels
    separated = sum(x not in (LABEL, COURTESY) for x in labels) > 1
    markers = any(x in _MARKERS for x in labels)
    if any(p.label == ORG and p.agency is not None and p.agency.registered for p in parsed.pieces):
        return True
    if ORG in labels:
        return labelled or separated
    return (labelled and (PERSON in labels or markers)) or (markers and (separated or standalone))


def _has_long_person(parsed: CreditParse) -> bool:
    """More than four words is a phrase, not a name."""
    return any(p.label == PERSON and len(p.value.split()) > 4 for p in parsed.pieces)


@cache
def _end_label_re() -> Caseless:
    words = vocab.credit_words("label") | vocab.credit_words("byline") | vocab.credit_words("courtesy")
    worded = sorted(
        (w for w in words if w[0].isalnum() and w not in ("by", "author", "photographer")), key=len, reverse=True
    )
    alternation = "|".join(re.escape(w) for w in worded)
    # A label glued to the last word ("WonsanPhotograph:") or after a space; "SOURCE Name" in
    # scraped metadata has no colon.
    # BBC pages write "Image source, Getty Images" with a comma or none; so do "Photo credit should read X"
    return Caseless(
        rf"(?:(?<=[\s.,;)\]\"'»”/。])|(?<=[a-z]))(?:(?:{alternation})\s*[:：=＝]|SOURCE\s"
        r"|(?:Image source|Image copyright|Photo credit should read|Mandatory credit),?\s)"
    )


_OPEN, _CLOSE = "(\\[（【", ")\\]）】"
# Korean agencies follow the credit bracket with the picture's date stamp ("[Yonhap] 2020.4.10"): it stays
# in the description.
_END_BRACKET = re.compile(
    rf"[{_OPEN}]((?:[^{_OPEN}{_CLOSE}]|[{_OPEN}][^{_OPEN}{_CLOSE}]*[{_CLOSE}])*)[{_CLOSE}][.。]?"
    r"(?P<stamp>\s+\d{4}\.\d{1,2}\.\d{1,2}\.?)?\s*$"
)
_COPYRIGHTTAIL = re.compile(r"(?:©|\(c\)|\(C\))\s*([^©]{1,100})$")
_DASHES = ("-", "–", "—", "|", "■", "•")


def take_trailing_credit(body: str, registry: AgencyRegistry) -> tuple[str, str | None]:
    """The credit at the very end of the body, by the first convention that finds one."""
    if not body:
        return body, None
    for rule in (_copyright_tail, _bracket_tail, _labelled_tail, _bare_tail):
        found = rule(body, registry)
        if found is not None:
            start, credit = found[0], found[1]
            kept = found[2] if len(found) > 2 else ""
            return (body[:start].rstrip() + kept).rstrip(), credit.strip()
    return body, None


def _copyright_tail(body: str, registry: AgencyRegistry) -> tuple[int, str] | None:
    """ "© Getty", "(c)AFP=Jiji/AFPBB News"."""
    offset = max(0, len(body) - TAIL)
    if "©" not in body[offset:] and "(c)" not in body[offset:] and "(C)" not in body[offset:]:
        return None
    m = _COPYRIGHTTAIL.search(body, offset)
    if m and _standalone_credit(m.group(0), registry):
        return m.start(), m.group(0)
    return None


def _bracket_tail(body: str, registry: AgencyRegistry) -> tuple[int, str, str] | None:
    """ "(AP Photo/Name)", "[Photo/Xinhua]", "(Yonhap)", "（代表撮影）", "[로이터=뉴스1]"."""
    last = body.rstrip()[-1:]
    if not last or not (last in ")]）】.。" or last.isdigit()):
        return None  # the bracket, its full stop or the date stamp after it ends the body
    m = _END_BRACKET.search(body, max(0, len(body) - TAIL))
    if not m:
        return None
    stamp = m.group("stamp") or ""
    credit = m.group(0)[: len(m.group(0)) - len(stamp)].strip() if stamp else m.group(0).strip()
    credit = credit.rstrip(".。")
    return (m.start(), credit, stamp) if _bracket_credit(credit, registry) else None


@lru_cache(maxsize=8192)
def _bracket_credit(credit: str, registry: AgencyRegistry) -> bool:
    parsed = parse_credit(credit, registry)
    named_org = len(parsed.pieces) == 1 and parsed.pieces[0].label == ORG  # "(Nowhere Picture Service)"
    marked = bool(parsed.pieces) and all(p.label in (POOL, HANDOUT) for p in parsed.pieces)  # "(Pool photo)"
    return (credit_is_valid(parsed) or named_org or marked) and not _only_unregistered_single(parsed)


def _labelled_tail(body: str, registry: AgencyRegistry) -> tuple[int, str] | None:
    """ "…elitePhotograph: Name/Agency", "… Photo: AFP", "Bildrechte: dpa", "/사진=노동신문 캡처"."""
    offset = max(0, len(body) - TAIL)
    tail = body[offset:]
    if not (
        ":" in tail
        or "：" in tail
        or "=" in tail
        or "＝" in tail
        or "source" in tail.lower()
        or "copyright" in tail.lower()
    ):
        return None  # every end label has one of these
    for m in reversed(list(_end_label_re().finditer(body, offset))):
        candidate = body[m.start() :]
        if len(candidate) > 160:
            break
        if _standalone_credit(candidate, registry):
            return m.start(), candidate
    return None


# The verdicts below are pure functions of a credit's text, and the same credits end caption after
# caption ("© Getty Images", "(AP Photo/Name)", "REUTERS/Name"): each is reached once per text.
@lru_cache(maxsize=8192)
def _standalone_credit(text: str, registry: AgencyRegistry) -> bool:
    return credit_is_valid(parse_credit(text, registry), standalone=True)


def _bare_tail(body: str, registry: AgencyRegistry) -> tuple[int, str] | None:
    """A credit with no label or bracket after the last sentence: "REUTERS/Name", "KCNA via
    REUTERS", "– KUNA photos", "新华社记者 X 摄", or glued to the last word ("…DelacroixHandout via
    REUTERS", "…様子。撮影/新華社記者X").  The longest run that reads as a credit wins."""
    best = None
    prose = 0
    end = len(body.rstrip())  # every candidate runs from a start (never a space) to here
    sentence_from = _sentence_runs(body, end)
    may_be_marked = " / " in body or "—" in body
    marked = False  # a longer run holds whatever mark a shorter one holds
    longest = ""  # every run is a part of it; cut only when a run is rejected
    for start, boundary, prose_word in _credit_starts(body):
        if start <= sentence_from:
            break  # this run and every longer one end in a sentence's full stop
        prose += prose_word
        if prose > 3:
            break  # the run has reached the sentence before it: longer runs are not credits
        if not boundary:
            # the only evidence mid-sentence (see _bare_evidence): spare the parse.  Asked before the
            # run is cut out, as most words stand mid-sentence; the mark only grows with the run.
            marked = marked or (may_be_marked and _SPACED_SLASH_OR_DASH.search(body, start, end) is not None)
            if not marked:
                continue
        candidate = _without_full_stop(body[start:end])
        if candidate is None:
            continue  # a sentence
        if _closes_a_bracket(body, start, end):
            continue  # the end of a bracket, not a credit on its own
        longest = longest or body[_window_start(body) : end]
        found = _bare_credit(candidate, boundary, start, longest, registry)
        if found is None:
            break  # every longer run holds an unread piece of this one: none is a credit
        if found:
            best = (start, candidate)
    return best if best and best[0] > 0 else None


def _bare_credit(candidate: str, boundary: bool, start: int, longest: str, registry: AgencyRegistry) -> bool | None:
    """Is this run a bare credit?  None: no, and no longer run (up to `longest`) is either."""
    verdict = _bare_run_verdict(candidate, boundary, start == 0, registry)
    if verdict is None:
        return None if _plain_text(longest) else False
    return verdict


@lru_cache(maxsize=8192)
def _bare_run_verdict(candidate: str, boundary: bool, first: bool, registry: AgencyRegistry) -> bool | None:
    """Is this run a bare credit (`first`: it starts the body)?  None: no, and a piece other than its
    first stays unread, which a longer run of plain text holds too (asked here, once per run, while
    the walk that says so is at hand)."""
    parsed = readable_credit(candidate, registry)
    if parsed is None:
        return None if unread_inner_piece(candidate, registry) else False
    if not (credit_is_valid(parsed) and (parsed.chain or _byline_only(parsed))):
        return False
    return _bare_evidence(candidate, parsed, boundary, first)


# Plain text: no brackets, "**", "[+]", ":" or "=", and ASCII (so width folding changes nothing).
# In it a longer run differs from a shorter one only at its start: unwrapping, labels and a
# separator before the shorter run reach no further, so a piece between two separators of the
# shorter run is a piece of the longer one.  But for separators that need a space on each side
# (" - ", " via "): two in a row share one, and which of them splits depends on where the run
# starts ("via via", "- -"), so text with such a pair is not plain.
_NOT_PLAIN = frozenset("()[]{}*:=")
_SPACED_PAIR = re.compile(r"(?:-|via)\s+(?:-|via)", re.IGNORECASE)


@lru_cache(maxsize=64)  # asked again for each rejected run of the same caption
def _plain_text(text: str) -> bool:
    return (
        text.isascii()
        and _NOT_PLAIN.isdisjoint(text)
        and _SPACED_PAIR.search(text) is None
        and _labels_hold_no_separator()
    )


@cache
def _labels_hold_no_separator() -> bool:
    """A label taken off the start of a longer run could otherwise end inside a shorter one."""
    words = set().union(*(vocab.credit_words(role) for role in ("label", "byline", "courtesy", "bare_label")))
    return not any(ch in word for word in words if _NOT_PLAIN.isdisjoint(word) for ch in ",/;|-")


def _window_start(body: str) -> int:
    """Credits stand in the last 250 characters or so: runs start at a word there."""
    return max(0, body.rfind(" ", 0, max(0, len(body) - 250)) + 1) if len(body) > 250 else 0


def _closes_a_bracket(body: str, start: int, end: int) -> bool:
    return body.count(")", start, end) > body.count("(", start, end) or body.count("]", start, end) > body.count(
        "[", start, end
    )


def _without_full_stop(candidate: str) -> str | None:
    """A run that ends in a sentence's full stop is no credit (None); but "J." is an initial, and
    "…/Handout via REUTERS." is a credit with a full stop (dropped)."""
    if not candidate.endswith(".") or _INITIAL_END.search(candidate[-3:]):
        return candidate
    # the mark's "via" ends just before the last space
    return candidate[:-1] if _VIA_END.search(candidate[max(0, candidate.rfind(" ") - 4) :]) else None


def _sentence_runs(body: str, end: int) -> int:
    """The runs that start at or before the returned index all end in a sentence's full stop (-1: none
    known).  `_without_full_stop` sees only the last three characters and what follows the last
    space but four, so every run that holds those gets the same answer."""
    settled = min(end - 3, body.rfind(" ", 0, end) - 4)
    if body[end - 1 : end] == "." and settled >= 0 and _without_full_stop(body[settled:end]) is None:
        return settled
    return -1


_INITIAL_END = re.compile(r"\b[A-Z]\.$")
_VIA_END = re.compile(r"\b(?:via|VIA) [A-Z]{2,}\.$")


# Lower-case words that credits do contain ("via", "photo by", "Press Service of the ...").
_CREDIT_LOWER_WORDS = vocab.words("credit_lower_words.txt")


def _is_prose_word(token: str) -> bool:
    """Is this an ordinary lower-case word (as sentences have and credits do not)?"""
    word = token.strip(".,;:()[]\"'")
    return word[:1].islower() and word.isalpha() and word.casefold() not in _CREDIT_LOWER_WORDS


def _byline_only(parsed: CreditParse) -> bool:
    """ "Photo by Name", "Photo / Supplied", "Courtesy of the family": a label first, then a
    photographer or a handout mark, and no agency."""
    labels = [p.label for p in parsed.pieces]
    return len(labels) >= 2 and labels[0] in (LABEL, COURTESY) and (PERSON in labels or HANDOUT in labels)


_SPACED_SLASH_OR_DASH = re.compile(r" / |\w—\w")


_CUSTODY_MARK = re.compile(r"/|\bvia\b|=|＝|\w—\w", re.IGNORECASE)


def _bare_evidence(candidate: str, parsed: CreditParse, boundary: bool, first: bool) -> bool:
    """Is an unlabelled run at the end really a credit?  After a sentence end: a custody mark
    ("/", "via", "=", an unspaced dash), a dash before it, a credit word, "Name, Agency", or only
    known agencies.  With no sentence end before it: "Name / Agency" ending in a known agency."""
    labels = [p.label for p in parsed.pieces]
    last_known = labels[-1] == ORG and parsed.pieces[-1].agency is not None and parsed.pieces[-1].agency.registered
    if not boundary:
        return bool(_SPACED_SLASH_OR_DASH.search(candidate)) and labels[0] == PERSON and last_known
    if _CUSTODY_MARK.search(candidate) or candidate.startswith(_DASHES):
        return True
    if LABEL in labels or COURTESY in labels or first:
        return True
    if labels == [PERSON, ORG] and last_known and "," in candidate:
        return True  # "Name, Agency"
    return _all_known(parsed)


def _all_known(parsed: CreditParse) -> bool:
    return all(p.label == ORG and p.agency is not None and p.agency.registered for p in parsed.pieces)


_GLUE = re.compile(
    r"(?<=[。．])\s*(?=\S)|(?<=[）)」])(?=[＝=])|(?<=[.!?。]/)(?=\S)|(?<=[a-z0-9][.!?])(?=[A-Z])|(?<=[a-z]{2})(?=[A-Z][a-z]+\b)"
)


def _credit_starts(body: str) -> Iterator[tuple[int, bool, bool]]:
    """Where a trailing credit may begin, right to left: the last 24 word starts (with whether a
    sentence end or a dash stands before them) and, inside the last words, the points where a
    credit is glued on (after "。", after "./", "2.Name", "wordHandout"); each with whether the
    text from there to the end of its word is an ordinary lower-case word.  Lazily, as the caller
    stops at the sentence before the credit."""
    window = _window_start(body)
    # str.split and the regex \s agree on what whitespace is; the words are placed from the right, only
    # as far as the caller reads (a word is the last match of itself before the next one's start).
    words = body[window:].split()[-24:]
    if not words:
        return
    stop = len(body)
    facts = _word_facts(words[-1])
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        begin = body.rfind(word, window, stop)
        glued, prose_word, _ = facts
        for offset, glued_prose in glued:
            yield begin + offset, True, glued_prose
        if i:
            facts = _word_facts(words[i - 1])
            yield begin, facts[2], prose_word
        else:
            yield begin, window == 0, prose_word  # the body's first word (or the window's, which has one before it)
        stop = begin


@lru_cache(maxsize=16384)
def _word_facts(word: str) -> tuple[tuple[tuple[int, bool], ...], bool, bool]:
    """What the search asks of a word: the points inside it where a credit may be glued on (right to
    left, each with whether the rest of the word is an ordinary lower-case word), whether it is one
    itself, and whether a run after it follows a sentence end or a dash.  Words repeat from caption to
    caption ("the", "on", "REUTERS/Stringer"), so each is read once.  A word stands between spaces,
    which the glue patterns look at as at no character, so the word alone decides."""
    glued: tuple[tuple[int, bool], ...] = ()
    if _may_glue(word):
        points = [m.start() for m in _GLUE.finditer(word) if m.start() > 0]
        glued = tuple((at, _is_prose_word(word[at:])) for at in reversed(points) if _glued_credit_word(word, at))
    return glued, _is_prose_word(word), word[-1] in _SENTENCE_END or word in _DASHES


# Every glue point inside a word has one of these before it, or a lower-case letter before a capital.
_GLUE_MARKS = frozenset("。．=＝/.!?")


def _may_glue(word: str) -> bool:
    """Can `_GLUE` find a point inside this word?  Not in a word of one case or in title case without
    the marks (most words), which spares the search."""
    return not _GLUE_MARKS.isdisjoint(word) or not (word.islower() or word.isupper() or word.istitle())


_LATIN_WORD = re.compile(r"[A-Za-z]+")


def _glued_credit_word(body: str, at: int) -> bool:
    """ "DelacroixHandout": a lower-to-capital glue point only counts when a credit word begins there."""
    if not body[at].isupper() or not body[at - 1].islower():
        return True
    m = _LATIN_WORD.match(body, at)
    if m is None:
        return True
    word = m.group(0).casefold()
    return any(word in vocab.credit_words(role) for role in ("label", "handout", "pool", "file", "placeholder"))


_SHORT_CODE = re.compile(r"[A-Z0-9]{1,6}")


def _only_unregistered_single(parsed: CreditParse) -> bool:
    """ "(C)", "(NPC)", "(Kim)": a bracket at the end that names one thing we cannot vouch for."""
    named = [p for p in parsed.pieces if p.label in (ORG, PERSON)]
    has_label = any(p.label in (LABEL, COURTESY) for p in parsed.pieces)
    if len(named) != 1 or has_label:
        return False
    piece = named[0]
    if piece.label == PERSON:
        return True
    return (
        piece.agency is not None
        and not piece.agency.registered
        and _SHORT_CODE.fullmatch(piece.text.strip()) is not None
    )
