"""Split one caption into its description, its credit(s) and the notes around them.

Credits sit in many places: on a line of their own before or after the text, in brackets at
the end, after a label glued to the last word ("WonsanPhotograph: Name/Agency"), or as a bare
"REUTERS/Name" after the last sentence, often followed by slugs, ids and usage notes.  The
splitter peels those off the end of the text one at a time, so that whatever is left is the
description.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
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


@dataclass
class Split:
    raw: str
    description: str = ""
    credits: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # usage, territory and editors' notes, as written
    file_marker: bool = False
    pool_marker: bool = False
    truncated: bool = False
    dropped: list[str] = field(default_factory=list)  # page furniture, slugs, ids


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


_ABBREVIATED_END = re.compile(r"\b(?:[A-Z]|Jr|Sr|Co|Inc|Ltd)\.$")


def is_credit_line(line: str, registry: AgencyRegistry) -> bool:
    text = line.strip()
    if not text or len(text) > 160 or text.count(" ") > 14:
        return False
    if text.endswith(".") and not _ABBREVIATED_END.search(text):
        return False
    return credit_is_valid(parse_credit(text, registry), standalone=True)


@cache
def _note_re() -> Caseless:
    phrases = [r["pattern"] for r in vocab.rows("disclaimers.csv") if r["kind"] in ("usage", "territory")]
    return Caseless("(?:" + "|".join(phrases) + ")")


@cache
def _boilerplate_re() -> Caseless:
    phrases = [r["pattern"] for r in vocab.rows("boilerplate.csv")]
    phrases += [r["pattern"] for r in vocab.rows("disclaimers.csv") if r["kind"] == "verifiability"]
    return Caseless("(?:" + "|".join(phrases) + ")")


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


@cache
def _caption_label_re() -> Caseless:
    labels = sorted(vocab.words("caption_labels.txt"), key=len, reverse=True)
    return Caseless(r"^(?:" + "|".join(re.escape(x) for x in labels) + r")\s*[:：،,]\s*")


_LEADING = [
    ("dropped", re.compile(r"^\[\d+\s*/\s*\d+\]\s*")),  # gallery counter "[1/3]"
    ("dropped", re.compile(r"^epa\d{6,}\s+", re.IGNORECASE)),  # EPA picture id
    ("file", re.compile(r"^\*\*\s*FILE\s*\*\*\s*")),  # "**FILE**"
    ("file", re.compile(r"^FILE\s+PHOTO\s*[:\-–—]\s*", re.IGNORECASE)),  # Reuters "FILE PHOTO:"
    ("file", re.compile(r"^FILE\s*[-–—:]\s+")),  # AP "FILE -"
]


def _ends_like_an_id(text: str) -> bool:
    """A picture id ends in a digit (of any script, as \\d) or a lower-case ASCII letter."""
    last = text[-1:]
    return last.isdigit() or "a" <= last <= "z"


# (kind, a cheap test the end of the body must pass, the pattern): the tests spare a regex search
# of the tail for each pattern on every pass, which cost more than the rest of the split.
_TRAILING = [
    ("truncated", lambda end: end[-4:].lower() == "more", re.compile(r"\s*(?:\.\.\.|…)\s*more\s*$", re.IGNORECASE)),
    ("dropped", lambda end: end[-1:] in ("|", ",", ";"), re.compile(r"\s*[|,;]\s*$")),
    (
        "dropped",
        lambda end: end.endswith("+++"),
        re.compile(r"\s*\+\+\+[^+]{1,40}\+\+\+\s*$"),
    ),  # "+++ dpa-Bildfunk +++"
    ("dropped", lambda end: end.endswith("(END)"), re.compile(r"\s*\(END\)\s*$")),  # Yonhap end mark
    ("file", lambda end: end.endswith("**"), re.compile(r"\s*\*\*\s*FILE\s*\*\*\s*$")),
    (
        "dropped",
        lambda end: end.endswith(")") and _ends_like_an_id(end[:-1].rstrip()),
        re.compile(r"\s*\(\s*\d{5,}[a-z]{0,3}\s*\)\s*$"),
    ),  # picture ids: Getty "( 522448432 )", Shutterstock "(1441234a)"
    (
        "dropped",
        lambda end: end.endswith(")") and end[-2:-1].isspace(),
        re.compile(r"\s*\(\s+[^()]*?\s+\)\s*$"),
    ),  # AP slug "( Mideast Lebanon )"
    (
        "dropped",
        lambda end: end.endswith(")") and "Tags:" in end,
        re.compile(r"\s*\([^()]*\bTags:[^()]*\)\s*$"),
    ),  # Reuters "(... - Tags: ...)"
    (
        "dropped",
        lambda end: "DATE" in end or "SIZE" in end,  # scraped metadata
        re.compile(r"\s+(?:DATE|SIZE)\s+\S+(?:\s+(?:DATE|SIZE)\s+\S+)*\s*$"),
    ),
    ("note", None, re.compile(r"\s*\bATTENTION EDITORS\b.*$", re.DOTALL)),
]


_PACKAGE_LINE = re.compile(r"^[-•*]\s*Package\s*:", re.IGNORECASE)


def split_caption(text: str, registry: AgencyRegistry | None = None) -> Split:
    registry = registry or AgencyRegistry.default()
    result = Split(raw=text)
    chrome = vocab.words("page_chrome.txt")
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    before: list[str] = []
    after: list[str] = []
    body_lines: list[str] = []
    for line in lines:
        if not line:
            continue
        if line.casefold().strip(" .:") in chrome:
            result.dropped.append(line)
            continue
        if _PACKAGE_LINE.match(line):
            result.dropped.append(line)  # a collection title in picture-desk metadata
            continue
        if is_credit_line(line, registry):
            (after if body_lines else before).append(line)
            continue
        body_lines.append(line)
    body = _strip_inline_chrome(" ".join(body_lines).strip(), result)
    body = _strip_leading(body, result)
    body, leading = _take_leading_credit(body, registry)
    body, trailing = _strip_trailing(body, result, registry)
    result.credits = leading + before + trailing + after
    result.description = _strip_boilerplate(body, result)
    return result


@cache
def _inline_chrome_re() -> Caseless:
    phrases = sorted(vocab.words("inline_chrome.txt"), key=len, reverse=True)
    return Caseless(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


def _strip_inline_chrome(body: str, result: Split) -> str:
    if not _inline_chrome_re().search(body):
        return body
    result.dropped += [m.group(0) for m in _inline_chrome_re().finditer(body)]
    return " ".join(_inline_chrome_re().sub(" ", body).split())


_LEAD_BRACKET = re.compile(r"^[(\[（【]([^()\[\]（）【】]{1,60})[)\]）】]\s*(?=\S)")
_LEAD_PIPED = re.compile(r"^([^:|]{2,40}\|[^:|]{2,40}):\s+(?=\S)")
_LEAD_COPYRIGHT = re.compile(r"^(?:©|\(c\)|\(C\))")


def _take_leading_credit(body: str, registry: AgencyRegistry) -> tuple[str, list[str]]:
    """A credit printed before the description: "(AP=연합뉴스) …", "AFP PHOTO/KCNA VIA KNS De …",
    "Tasnim | Name: …", "© Name/Agency Die …"."""
    for rule in (_lead_bracket, _lead_caps_run, _lead_copyright):
        end = rule(body, registry)
        if end:
            return body[end:].strip(), [body[:end].strip().rstrip(":").strip()]
    return body, []


def _registered_credit(candidate: str, registry: AgencyRegistry) -> bool:
    parsed = parse_credit(candidate, registry)
    return credit_is_valid(parsed) and any(a.registered for a in parsed.chain)


def _lead_bracket(body: str, registry: AgencyRegistry) -> int:
    m = _LEAD_BRACKET.match(body) or _LEAD_PIPED.match(body)
    return m.end() if m and _registered_credit(m.group(1), registry) else 0


_SLASH_OR_VIA = re.compile(r"/|\bvia\b", re.IGNORECASE)


def _lead_caps_run(body: str, registry: AgencyRegistry) -> int:
    """Words in capitals with a "/" or "VIA" among them, then a capitalised description."""
    tokens = list(itertools.islice(_WORD.finditer(body), 9))
    best = 0
    for k in range(1, len(tokens)):
        word = tokens[k - 1].group(0)
        if any(c.islower() for c in word) and word.casefold() != "via":
            break
        candidate = body[: tokens[k - 1].end()]
        if (
            _SLASH_OR_VIA.search(candidate)
            and tokens[k].group(0)[:1].isupper()
            and _registered_credit(candidate, registry)
        ):
            best = tokens[k - 1].end()
    return best


def _lead_copyright(body: str, registry: AgencyRegistry) -> int:
    """ "© Name / stock.adobe.com Die größte …": the shortest run that ends in an organisation,
    extended over "/" and "via"."""
    if not _LEAD_COPYRIGHT.match(body):
        return 0
    tokens = list(itertools.islice(_WORD.finditer(body), 9))
    for k in range(1, len(tokens)):
        candidate = body[: tokens[k - 1].end()]
        nxt = tokens[k].group(0)
        parsed = parse_credit(candidate, registry)
        if nxt.startswith("/") or nxt.casefold() == "via" or candidate.endswith("/"):
            continue
        if credit_is_valid(parsed, standalone=True) and parsed.pieces[-1].label == ORG:
            return tokens[k - 1].end()
    return 0


def _strip_leading(body: str, result: Split) -> str:
    changed = True
    while changed:
        changed = False
        for kind, pattern in _LEADING:
            m = pattern.match(body)
            if m:
                if kind == "file":
                    result.file_marker = True
                else:
                    result.dropped.append(m.group(0).strip())
                body = body[m.end() :]
                changed = True
        m = _caption_label_re().match(body)
        if m:
            result.dropped.append(m.group(0).strip())
            body = body[m.end() :]
            changed = True
    return body.strip()


def _strip_trailing(body: str, result: Split, registry: AgencyRegistry) -> tuple[str, list[str]]:
    """Peel slugs, ids, notes and credits off the end until nothing more comes off."""
    credits: list[str] = []
    for _ in range(16):
        before = body
        end = body.rstrip()
        for kind, end_test, pattern in _TRAILING:
            if end_test is None:
                m = pattern.search(body) if "ATTENTION EDITORS" in body else None
            else:
                # everything peeled off stands at the end: look at the tail only
                m = pattern.search(body, max(0, len(body) - _TAIL)) if end_test(end) else None
            if m:
                piece = m.group(0).strip()
                if kind == "truncated":
                    result.truncated = True
                elif kind == "file":
                    result.file_marker = True
                elif kind == "note":
                    result.notes.append(piece)
                else:
                    result.dropped.append(piece)
                body = end = body[: m.start()].rstrip()
        if body != before:
            continue
        body = _strip_trailing_notes(body, result)
        body, credit = _take_trailing_credit(body, registry)
        if credit:
            credits.insert(0, credit)
        if body == before:
            break
    return body, credits


_END_NOTE_BRACKET = re.compile(r"[(\[]([^()\[\]]*)[)\]]\s*$")  # "(No Redistribution)", "[국내에서만 사용가능. …]"


def _strip_trailing_notes(body: str, result: Split) -> str:
    """Usage and territory notes at the end: "EDITORIAL USE ONLY", "(For Use Only in ...)".

    Outside brackets only capitals count, as the agencies write them, so that a sentence that
    happens to end in "... went out." keeps its last words.
    """
    while True:
        tail = body[-120:]
        if not (tail.rstrip().endswith((")", "]")) or _CAPITALS.search(tail)):
            return body
        m = _END_NOTE_BRACKET.search(body, max(0, len(body) - _TAIL))
        if m and m.group(1).strip() and not _note_re().sub("", m.group(1)).strip(" .,;:-"):
            result.notes.append(m.group(0).strip())
            body = body[: m.start()].rstrip()
            continue
        last = None
        offset = max(0, len(body) - 120)  # a note stands at the very end
        if body.isascii() and _note_re().search(body, _after_last_lower_case(body, offset)) is None:
            return body  # (other scripts have letters that match a capital only without case)
        for m in _note_re().finditer(body, offset):
            if m.group(0).isupper() and not body[m.end() :].strip(" .,;:-"):
                last = m
        if last is None:
            return body
        result.notes.append(body[last.start() :].strip())
        body = body[: last.start()].rstrip(" ,;:-")


def _after_last_lower_case(body: str, offset: int) -> int:
    """Where an upper-case note that ends the body (but for " .,;:-") may start at the earliest: after
    the last lower-case letter before that end, which such a note would hold.  A search from there
    finds a match wherever one qualifies, and most bodies end in a lower-case word or credit."""
    at = len(body.rstrip(" .,;:-"))
    while at > offset and not body[at - 1].islower():
        at -= 1
    return at


_TAIL = 400
_WORD = re.compile(r"\S+")
_CAPITALS = re.compile(r"[A-Z]{4}")
_OPEN, _CLOSE = "(\\[（【", ")\\]）】"
# Korean agencies follow the credit bracket with the picture's date stamp ("[Yonhap] 2020.4.10"): it stays
# in the description.
_END_BRACKET = re.compile(
    rf"[{_OPEN}]((?:[^{_OPEN}{_CLOSE}]|[{_OPEN}][^{_OPEN}{_CLOSE}]*[{_CLOSE}])*)[{_CLOSE}][.。]?"
    r"(?P<stamp>\s+\d{4}\.\d{1,2}\.\d{1,2}\.?)?\s*$"
)
_COPYRIGHT_TAIL = re.compile(r"(?:©|\(c\)|\(C\))\s*([^©]{1,100})$")
_DASHES = ("-", "–", "—", "|", "■", "•")


def _take_trailing_credit(body: str, registry: AgencyRegistry) -> tuple[str, str | None]:
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
    offset = max(0, len(body) - _TAIL)
    if "©" not in body[offset:] and "(c)" not in body[offset:] and "(C)" not in body[offset:]:
        return None
    m = _COPYRIGHT_TAIL.search(body, offset)
    if m and credit_is_valid(parse_credit(m.group(0), registry), standalone=True):
        return m.start(), m.group(0)
    return None


def _bracket_tail(body: str, registry: AgencyRegistry) -> tuple[int, str, str] | None:
    """ "(AP Photo/Name)", "[Photo/Xinhua]", "(Yonhap)", "（代表撮影）", "[로이터=뉴스1]"."""
    last = body.rstrip()[-1:]
    if not last or not (last in ")]）】.。" or last.isdigit()):
        return None  # the bracket, its full stop or the date stamp after it ends the body
    m = _END_BRACKET.search(body, max(0, len(body) - _TAIL))
    if not m:
        return None
    stamp = m.group("stamp") or ""
    credit = m.group(0)[: len(m.group(0)) - len(stamp)].strip() if stamp else m.group(0).strip()
    credit = credit.rstrip(".。")
    parsed = parse_credit(credit, registry)
    named_org = len(parsed.pieces) == 1 and parsed.pieces[0].label == ORG  # "(Nowhere Picture Service)"
    marked = bool(parsed.pieces) and all(p.label in (POOL, HANDOUT) for p in parsed.pieces)  # "(Pool photo)"
    if (credit_is_valid(parsed) or named_org or marked) and not _only_unregistered_single(parsed):
        return m.start(), credit, stamp
    return None


def _labelled_tail(body: str, registry: AgencyRegistry) -> tuple[int, str] | None:
    """ "…elitePhotograph: Name/Agency", "… Photo: AFP", "Bildrechte: dpa", "/사진=노동신문 캡처"."""
    offset = max(0, len(body) - _TAIL)
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
        if credit_is_valid(parse_credit(candidate, registry), standalone=True):
            return m.start(), candidate
    return None


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
    longest = body[_window_start(body) : end]  # every run is a part of it
    for start, boundary, word_end in _credit_starts(body):
        if start <= sentence_from:
            break  # this run and every longer one end in a sentence's full stop
        prose += _is_prose_word(body[start:word_end])
        if prose > 3:
            break  # the run has reached the sentence before it: longer runs are not credits
        candidate = _without_full_stop(body[start:end])
        if candidate is None:
            continue  # a sentence
        if not boundary:
            marked = marked or (may_be_marked and _SPACED_SLASH_OR_DASH.search(body, start, end) is not None)
            if not marked:
                continue  # the only evidence mid-sentence (see _bare_evidence): spare the parse
        if _closes_a_bracket(body, start, end):
            continue  # the end of a bracket, not a credit on its own
        found = _bare_credit(candidate, boundary, start, longest, registry)
        if found is None:
            break  # every longer run holds an unread piece of this one: none is a credit
        if found:
            best = (start, candidate)
    return best if best and best[0] > 0 else None


def _bare_credit(candidate: str, boundary: bool, start: int, longest: str, registry: AgencyRegistry) -> bool | None:
    """Is this run a bare credit?  None: no, and no longer run (up to `longest`) is either."""
    parsed = readable_credit(candidate, registry)
    if parsed is None:
        return None if unread_inner_piece(candidate, registry) and _plain_text(longest) else False
    if not (credit_is_valid(parsed) and (parsed.chain or _byline_only(parsed))):
        return False
    return _bare_evidence(candidate, parsed, boundary, start)


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


def _bare_evidence(candidate: str, parsed: CreditParse, boundary: bool, start: int) -> bool:
    """Is an unlabelled run at the end really a credit?  After a sentence end: a custody mark
    ("/", "via", "=", an unspaced dash), a dash before it, a credit word, "Name, Agency", or only
    known agencies.  With no sentence end before it: "Name / Agency" ending in a known agency."""
    labels = [p.label for p in parsed.pieces]
    last_known = labels[-1] == ORG and parsed.pieces[-1].agency is not None and parsed.pieces[-1].agency.registered
    if not boundary:
        return bool(_SPACED_SLASH_OR_DASH.search(candidate)) and labels[0] == PERSON and last_known
    if _CUSTODY_MARK.search(candidate) or candidate.startswith(_DASHES):
        return True
    if LABEL in labels or COURTESY in labels or start == 0:
        return True
    if labels == [PERSON, ORG] and last_known and "," in candidate:
        return True  # "Name, Agency"
    return _all_known(parsed)


def _all_known(parsed: CreditParse) -> bool:
    return all(p.label == ORG and p.agency is not None and p.agency.registered for p in parsed.pieces)


_GLUE = re.compile(
    r"(?<=[。．])\s*(?=\S)|(?<=[）)」])(?=[＝=])|(?<=[.!?。]/)(?=\S)|(?<=[a-z0-9][.!?])(?=[A-Z])|(?<=[a-z]{2})(?=[A-Z][a-z]+\b)"
)


def _credit_starts(body: str) -> Iterator[tuple[int, bool, int]]:
    """Where a trailing credit may begin, right to left: the last 24 word starts (with whether a
    sentence end or a dash stands before them) and, inside the last words, the points where a
    credit is glued on (after "。", after "./", "2.Name", "wordHandout"); each with the end of its
    word.  Lazily, as the caller stops at the sentence before the credit."""
    window = _window_start(body)
    # str.split and the regex \s agree on what whitespace is; the words are placed from the right, only
    # as far as the caller reads (a word is the last match of itself before the next one's start).
    words = body[window:].split()[-24:]
    stop = len(body)
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        begin = body.rfind(word, window, stop)
        stop = begin + len(word)
        glued = [m.start() for m in _GLUE.finditer(body, begin, stop) if m.start() > begin] if _may_glue(word) else []
        for at in reversed(glued):
            if _glued_credit_word(body, at):
                yield at, True, stop
        if i:
            prev = words[i - 1]
            yield begin, prev[-1] in _SENTENCE_END or prev in _DASHES, stop
        else:
            yield begin, window == 0, stop  # the body's first word (or the window's, which has one before it)
        stop = begin


# Every glue point inside a word has one of these before it, or a lower-case letter before a capital.
_GLUE_MARKS = frozenset("。．=＝/.!?")


def _may_glue(word: str) -> bool:
    """Can `_GLUE` find a point inside this word?  Not in a word of one case or in title case without
    the marks (most words), which spares the search."""
    return not (word.islower() or word.isupper() or word.istitle()) or not _GLUE_MARKS.isdisjoint(word)


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


def _strip_boilerplate(body: str, result: Split) -> str:
    """Remove standard agency boilerplate sentences (kept as notes) from the description."""
    if not _boilerplate_re().search(body):
        return body.strip()
    kept = []
    for sentence in split_sentences(body):
        if _boilerplate_re().search(sentence):
            result.notes.append(sentence.strip())
        else:
            kept.append(sentence)
    return " ".join(kept).strip()


_ABBREVIATIONS = vocab.words("sentence_abbreviations.txt")


def _word_before(text: str, start: int, stop: int) -> str:
    """The word that ends at `stop` (where a sentence mark stands), not reaching back past `start`.
    Only that word is looked at, so a run of abbreviations ("Mr. Mr. Mr.") stays linear."""
    begin = stop
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:stop].casefold().strip("(\"'“")


_SENTENCE_MARK = re.compile(
    r"[.!?。](?:[\"'”»)]*)\s+(?:[-–—]\s+)?(?=[\"'“«(]*[A-ZÀ-ÖØ-Þ\u0400-\u04ff\u0600-\u06ff\u3040-\u9fff0-9])|[。]"
)
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]?")
_ROMAN = re.compile(r"[ivx]+")


@lru_cache(maxsize=1024)
def split_sentences(text: str) -> tuple[str, ...]:
    """Sentences of a caption, keeping abbreviations ("Feb.", "U.S.", "Gen.") and initials inside.
    Cached: the split, date and name steps each ask for the sentences of the same description."""
    out, start = [], 0
    for m in _SENTENCE_MARK.finditer(text):
        end = m.end()
        w = _word_before(text, start, m.start())
        if w and (
            w in _ABBREVIATIONS
            or (len(w) == 1 and w.isalpha())
            or _INITIALS.fullmatch(w)
            or (w.isdigit() and len(w) <= 2)
            or _ROMAN.fullmatch(w)
        ):
            continue
        out.append(text[start:end].strip())
        start = end
    if text[start:].strip():
        out.append(text[start:].strip())
    return tuple(out)
