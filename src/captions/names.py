"""People and places named in a caption's description.

A small rule-based tagger, fast enough for millions of captions: it reads runs of capitalised
words ("spans"), strips the titles and position markers that wire captions put around names
("Russian President Vladimir Putin, left,", "Kim Jong-Un (C)"), and decides from vocabularies
(titles, place words, organisation words, a gazetteer of countries and cities) whether a span
names a person, a place or neither.  Names are kept as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import vocab
from .credit import has_org_word
from .split import split_sentences

# Position markers: "(C)", "(2nd from R)", "(3rd L)", "(s)", ", center,", ", second left,".
_MARKER_PAREN = re.compile(
    r"\(\s*(?:[CLRSDclrsd]|\d+(?:st|nd|rd|th)\s+(?:from\s+)?[LRlr]|(?:top|bottom|centre|center|left|right|front|rear|back)"
    r"(?:\s+(?:left|right|row))?|[Cc]enter|[Cc]entre)\s*\)")
_MARKER_COMMA = re.compile(
    r",\s*(?:(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|far|front|back|top|bottom|rear)\s+)?"
    r"(?:left|right|center|centre|top|bottom|rear|front)(?:\s+(?:left|right))?(?:\s+in the (?:background|foreground))?\s*(?=,|\.|\s)")
_TOKEN = re.compile(r"[^\W\d_][\w'’.\-]*|\"[^\"\s]{1,20}\"|\d[\w\-]*|[^\w\s]", re.UNICODE)
_CONNECTORS = frozenset("of of the de du des la le del della di da bin ibn al el van von der den y".split())


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int
    sentence: int
    before: str       # the word before the span (lower case), for context
    after: str
    title: bool       # a title or rank stood in front of the name
    possessive: bool


@lru_cache(maxsize=None)
def _lists():
    return {
        "titles": vocab.words("titles.txt"),
        "place_words": vocab.words("place_words.txt"),
        "not_person": vocab.words("not_person_words.txt"),
        "common": vocab.words("common_nouns.txt"),
        "places": vocab.words("places.txt"),
        "demonyms": vocab.words("demonyms.txt"),
        "particles": vocab.words("person_particles.txt"),
        "months": frozenset(vocab.months()),
        "weekdays": frozenset(vocab.weekdays()),
    }


def clean_markers(text: str) -> str:
    text = _MARKER_PAREN.sub(" ", text)
    return _MARKER_COMMA.sub("", text)


def _is_cap(tok: str) -> bool:
    t = tok.strip("\"'“”")
    return bool(t) and (t[0].isupper() or (t[0].isalpha() and not t[0].islower() and not t[0].isupper()))


def spans(text: str) -> list[Span]:
    """Runs of capitalised words, allowing "of", "bin", "al-" and initials inside."""
    lists = _lists()
    out: list[Span] = []
    sentence_starts = []
    pos = 0
    for s in split_sentences(text):
        i = text.find(s, pos)
        sentence_starts.append(max(i, 0))
        pos = max(i, 0) + len(s)
    tokens = list(_TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        tok = tokens[i].group(0)
        if not _is_cap(tok) or tok.startswith('"'):
            i += 1
            continue
        j = i
        words = [tok]
        possessive = False
        while True:
            last = words[-1]
            if re.search(r"['’]s?$", last) and len(last) > 2:
                possessive = True
                words[-1] = re.sub(r"['’]s?$", "", last)
                break
            if last.endswith(".") and len(last.strip(".")) > 1 and last.strip(".").casefold() not in lists["titles"] \
                    and not re.fullmatch(r"(?:[A-Z]\.)+|[IVX]+\.|Jr\.|Sr\.|St\.", last):
                words[-1] = last.rstrip(".")
                break
            if j + 1 >= len(tokens):
                break
            nxt = tokens[j + 1].group(0)
            gap = text[tokens[j].end():tokens[j + 1].start()]
            if gap not in (" ", ""):
                if not (gap == " " or gap.strip() == ""):
                    break
                if "\n" in gap:
                    break
            if _is_cap(nxt) or (nxt.startswith('"') and j + 2 < len(tokens) and _is_cap(tokens[j + 2].group(0))):
                words.append(nxt)
                j += 1
                continue
            if nxt.casefold() in _CONNECTORS and j + 2 < len(tokens) and _is_cap(tokens[j + 2].group(0)):
                words.append(nxt)
                j += 1
                continue
            # "Ryanggang province", "Xiqing District" (lower-case place word after a name)
            if nxt.islower() and nxt in lists["place_words"] and nxt not in ("home", "house", "site", "area", "state",
                                                                                 "base", "plant", "room", "border", "zone"):
                words.append(nxt)
                j += 1
                break
            break
        start = tokens[i].start()
        end = tokens[j].end()
        raw = " ".join(words).strip()
        before = tokens[i - 1].group(0).casefold() if i > 0 else ""
        before2 = " ".join(t.group(0).casefold() for t in tokens[max(0, i - 3):i])
        after = tokens[j + 1].group(0) if j + 1 < len(tokens) else ""
        sentence = sum(1 for s in sentence_starts if s <= start) - 1
        title = any(before2.endswith(t) for t in lists["titles"] if " " in t or len(t) > 2) or before in lists["titles"]
        out.append(Span(raw, start, end, max(sentence, 0), before, after, title, possessive))
        i = j + 1
    return out


def _strip_title(words: list[str]) -> tuple[list[str], bool]:
    """Drop everything up to the last title word: "Russian President Vladimir Putin" -> "Vladimir Putin"."""
    titles = _lists()["titles"]
    cut = -1
    k = 0
    while k < len(words):
        for n in (4, 3, 2, 1):
            phrase = " ".join(words[k:k + n]).casefold()
            if k + n <= len(words) and phrase in titles:
                cut = k + n - 1
                k += n - 1
                break
        k += 1
    if cut < 0:
        return words, False
    rest = words[cut + 1:]
    # "President of Moldova Igor Dodon"
    if rest and rest[0].casefold() == "of" and len(rest) > 2:
        rest = rest[2:]
    return rest, True


def _classify(span: Span, first_in_sentence: bool) -> tuple[str, str]:
    """("person" | "place" | "", name)."""
    lists = _lists()
    words = span.text.split()
    words, had_title = _strip_title(words)
    had_title = had_title or span.title
    # leading descriptors before a person's name ("Repubblica Sergio Mattarella")
    while len(words) > 2 and words[0].casefold() in lists["not_person"]:
        words = words[1:]
    while words and words[-1].casefold() in _CONNECTORS:
        words = words[:-1]
    if not words:
        return "", ""
    name = " ".join(words)
    folded = name.casefold()
    low_words = [w.casefold().strip(".") for w in words]
    if folded in lists["places"]:
        return "place", name
    if folded in lists["demonyms"] or all(w in lists["demonyms"] for w in low_words):
        return "", ""
    if any(w in lists["months"] or w in lists["weekdays"] for w in low_words) and len(words) <= 2:
        return "", ""
    if any(w in lists["place_words"] for w in low_words) or _has_stem(folded, lists["place_words"]):
        if not had_title:
            return "place", name
    if has_org_word(name) or any(w in lists["not_person"] for w in low_words):
        return "", ""
    if words[0].casefold() in ("the", "a", "an") or name.isupper() and len(name) > 3:
        return "", ""
    if any(ch.isdigit() for ch in name):
        return "", ""
    if had_title:
        return "person", name
    if len(words) >= 2:
        return "person", name
    # one word: a person only in a person's slot
    word = words[0]
    if low_words[0] in lists["common"] or low_words[0] in lists["demonyms"]:
        return "", ""
    if span.before in ("a", "an") and span.after[:1].islower():
        return "person", word                       # "A Mousavi supporter"
    if first_in_sentence and span.after[:1].islower() and not word.endswith("s") and not span.possessive:
        return "person", word                       # "Putin looking concerned", "Kim tours"
    if span.possessive and span.after[:1].islower():
        return "person?", word                      # "Kim's motorcade": only if known elsewhere
    return "", ""


def _has_stem(folded: str, words: frozenset[str]) -> bool:
    return any(w.endswith("*") and w[:-1] in folded for w in words)


@dataclass(frozen=True)
class Names:
    people: tuple[str, ...]
    places: tuple[str, ...]


def find_names(description: str, known_people: tuple[str, ...] = ()) -> Names:
    """People and places in a description.  `known_people` are fuller names from the article
    around the caption, used to resolve a bare "Kim" or "Pompeo"."""
    text = clean_markers(description)
    found = spans(text)
    people: list[tuple[str, int]] = []
    maybe: list[tuple[str, int]] = []
    places: list[str] = []
    sentence_seen: set[int] = set()
    for span in found:
        first = span.sentence not in sentence_seen and text[:span.start].rstrip()[-1:] in ("", ".", "!", "?", "|", ":", "-")
        sentence_seen.add(span.sentence)
        kind, name = _classify(span, first)
        if kind == "person":
            people.append((name, span.sentence))
        elif kind == "person?":
            maybe.append((name, span.sentence))
        elif kind == "place" and span.before in ("in", "at", "on", "from", "of", "inside", "to", "into", "over",
                                                  "across", "visits", "visit", "visiting", "leaves", "leaving",
                                                  "tours", "inspects", "i", "à", "en", "in", "im", "auf", "nel",
                                                  "al", "a", ",", "dans", "på", "som", "ved") or kind == "place" and span.before == "":
            for part in _split_place(name):
                if part not in places:
                    places.append(part)
    people += [(n, s) for n, s in maybe if any(_same_person(n, p) for p, _ in people) or
               any(_same_person(n, k) for k in known_people)]
    return Names(tuple(_select_people(people, known_people)), tuple(places))


def _split_place(name: str) -> list[str]:
    return [p.strip() for p in re.split(r",\s*", name) if p.strip()]


def _same_person(short: str, full: str) -> bool:
    s = short.casefold().replace("-", " ").split()
    f = full.casefold().replace("-", " ").split()
    return len(s) < len(f) and (f[:len(s)] == s or f[-len(s):] == s or all(w in f for w in s))


def _select_people(people: list[tuple[str, int]], known: tuple[str, ...]) -> list[str]:
    """Fullest form of each person; people from later sentences only when those sentences are
    still about someone from the first one (background sentences name other people)."""
    if not people:
        return []
    first_sentence = min(s for _, s in people)
    anchors = {w.casefold() for n, s in people if s == first_sentence for w in re.split(r"[\s\-]+", n)}
    by_sentence: dict[int, list[str]] = {}
    for name, sentence in people:
        by_sentence.setdefault(sentence, []).append(name)
    kept: list[str] = []
    for sentence in sorted(by_sentence):
        names = by_sentence[sentence]
        if sentence != first_sentence and not any(
                w.casefold() in anchors for n in names for w in re.split(r"[\s\-]+", n)):
            continue
        kept += names
    out: list[str] = []
    for name in kept:
        fuller = [k for k in kept if _same_person(name, k)]
        if fuller:
            continue
        if len(name.split()) == 1:
            resolved = [k for k in known if _same_person(name, k)]
            if resolved:
                name = resolved[0]
        if name.casefold() not in {o.casefold() for o in out}:
            out.append(name)
    return out


def article_people(text: str) -> tuple[str, ...]:
    """Full names (two words or more) of people in an article's body, first mention first."""
    out: list[str] = []
    for span in spans(clean_markers(text)):
        kind, name = _classify(span, False)
        if kind == "person" and len(name.split()) >= 2 and name not in out:
            out.append(name)
    return tuple(out)
