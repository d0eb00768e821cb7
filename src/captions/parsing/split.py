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
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .. import vocab
from ..organisations.registry import AgencyRegistry
from .caseless import Caseless
from .credit import ORG, parse_credit
from .trailing_credit import TAIL, credit_is_valid, take_trailing_credit


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


# Every end test of _TRAILING needs the body to end in one of these (or "more") or to hold one of
# the words below: most bodies end in a letter, a full stop or a credit, and skip the tests at once.
_FURNITURE_ENDS = frozenset("eE|,;+)*")


def _may_end_in_furniture(body: str, end: str) -> bool:
    return end[-1:] in _FURNITURE_ENDS or "DATE" in end or "SIZE" in end or "ATTENTION EDITORS" in body


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
    if _has_lower_case(body.split(None, 1)[0] if body.strip() else ""):
        return 0  # the first word is not in capitals (most captions): spare the words after it
    tokens = list(itertools.islice(_WORD.finditer(body), 9))
    best = 0
    for k in range(1, len(tokens)):
        if _has_lower_case(tokens[k - 1].group(0)):
            break
        candidate = body[: tokens[k - 1].end()]
        if (
            _SLASH_OR_VIA.search(candidate)
            and tokens[k].group(0)[:1].isupper()
            and _registered_credit(candidate, registry)
        ):
            best = tokens[k - 1].end()
    return best


def _has_lower_case(word: str) -> bool:
    """A word that stops a run of capitals ("via" among them does not)."""
    return any(c.islower() for c in word) and word.casefold() != "via"


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
        for kind, end_test, pattern in _TRAILING if _may_end_in_furniture(body, end) else ():
            if end_test is None:
                m = pattern.search(body) if "ATTENTION EDITORS" in body else None
            else:
                # everything peeled off stands at the end: look at the tail only
                m = pattern.search(body, max(0, len(body) - TAIL)) if end_test(end) else None
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
        body, credit = take_trailing_credit(body, registry)
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
        if body.rstrip(" .,;:-")[-1:].islower():
            return body  # no bracket closes the body, and a note that ended in this letter is no capital
        if not (tail.rstrip().endswith((")", "]")) or _CAPITALS.search(tail)):
            return body
        m = _END_NOTE_BRACKET.search(body, max(0, len(body) - TAIL))
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


_WORD = re.compile(r"\S+")
_CAPITALS = re.compile(r"[A-Z]{4}")


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
