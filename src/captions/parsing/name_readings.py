"""What one span names: a person, maybe a person, a place, or nothing.

The span is trimmed (sentence-initial function words, titles, trailing months and initials),
then an ordered list of rules decides from vocabularies (titles, place words, organisation words,
a gazetteer).  A reading depends only on the span's words and the few facts around it, so it is
cached: the same name in the same slot recurs from caption to caption.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .. import vocab
from ..organisations.registry import AgencyRegistry
from .credit import has_org_word
from .name_spans import Span, connectors_or_the, name_connectors, name_lists

_OWNER_END = re.compile(r"['’]s?$")
_ACRONYM = re.compile(r"[A-Z]{2,}")


@cache
def _title_shapes() -> tuple[frozenset[str], tuple[int, ...]]:
    """First words of the titles, and their lengths in words, longest first."""
    titles = name_lists()["titles"]
    return frozenset(t.split()[0] for t in titles if t.split()), tuple(
        sorted({len(t.split()) for t in titles}, reverse=True)
    )


def _strip_title(words: list[str]) -> tuple[list[str], bool]:
    """Drop everything up to the last title word: "Russian President Vladimir Putin" -> "Vladimir Putin"."""
    titles = name_lists()["titles"]
    first_words, lengths = _title_shapes()
    cut = -1
    k = 0
    while k < len(words):
        if words[k].casefold() not in first_words:
            k += 1
            continue
        for n in lengths:
            phrase = " ".join(words[k : k + n]).casefold()
            if k + n <= len(words) and phrase in titles:
                cut = k + n - 1
                k += n - 1
                break
        k += 1
    if cut < 0:
        return words, False
    rest = words[cut + 1 :]
    # "President of Moldova Igor Dodon"; "Präsident von Russland" alone names no one
    if rest and rest[0].casefold() in ("of", "von"):
        rest = rest[2:]
    return rest, True


@cache
def _stop_all() -> frozenset[str]:
    words = set(name_lists()["common"])
    for row in vocab.rows("stopwords.csv"):
        words.update(row["words"].split())
    return frozenset(words)


@lru_cache(maxsize=8192)
def _is_descriptor(word: str, registry: AgencyRegistry) -> bool:
    lists = name_lists()
    low = word.casefold().strip(".")
    return (
        low in lists["not_person"]
        or low in lists["place_words"]
        or has_org_word(word)
        or low in lists["titles"]
        or (len(word) > 2 and registry.lookup(word) is not None)
    )


@dataclass
class _Candidate:
    """A span being read as a name: its words as trimmed so far, and what stood around it."""

    span: Span
    words: list[str]
    before: str
    first_in_sentence: bool
    registry: AgencyRegistry
    had_title: bool = False
    lead: bool = True
    require_title: bool = False

    @property
    def name(self) -> str:
        return " ".join(self.words)

    @property
    def low_words(self) -> list[str]:
        # asked for by most rules: folded once per value of `words` (rules that narrow replace the list)
        if self._low_for is not self.words:
            self._low_for, self._low = self.words, [w.casefold().strip(".") for w in self.words]
        return self._low

    _low_for: list[str] | None = None
    _low: list[str] = field(default_factory=list)


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
Reading = tuple[str, str]  # ("person" | "person?" | "place" | "", name)
_NONE: Reading = ("", "")


def classify(
    span: Span, first_in_sentence: bool, registry: AgencyRegistry, lead: bool = True, require_title: bool = False
) -> Reading:
    """("person" | "person?" | "place" | "", name): the span is trimmed, then the first rule that
    decides wins."""
    return read_span(
        span.text,
        span.before,
        span.after,
        span.title,
        span.possessive,
        first_in_sentence,
        registry,
        lead,
        require_title,
    )


@lru_cache(maxsize=32768)
def read_span(
    text: str,
    before: str,
    after: str,
    title: bool,
    possessive: bool,
    first_in_sentence: bool,
    registry: AgencyRegistry,
    lead: bool,
    require_title: bool,
) -> Reading:
    """The reading of a span from its words and the few facts around it the rules look at.  Cached:
    the same name in the same slot ("North Korean leader Kim Jong Un", "President Lena Varga")
    recurs from caption to caption, and its reading does not depend on where it stands."""
    span = Span(text, 0, len(text), 0, before, after, title, possessive)
    c = _Candidate(span, text.split(), before, first_in_sentence, registry, lead=lead, require_title=require_title)
    _trim(c)
    if not c.words:
        return _NONE
    for rule in _RULES:
        reading = rule(c)
        if reading is not None:
            return reading
    return _one_word(c)


def _trim(c: _Candidate) -> None:
    """Drop what surrounds the name in the span: sentence-initial function words and gerunds ("When
    Xi Jinping", "Wearing Chicago Cubs"), a leading connector, titles, and trailing month names,
    initials and common nouns ("Puerto Rico February", "Italy People")."""
    stop = _stop_all()
    connectors = connectors_or_the()
    articles = vocab.words("name_articles.txt")
    words = c.words
    while words and (
        words[0].casefold() in stop or (c.first_in_sentence and words[0].endswith("ing") and len(words) > 1)
    ):
        if not c.first_in_sentence and words[0].casefold() in articles and len(words) > 1:
            break  # "in Los Angeles", "at Al Aqsa"
        c.before = words[0].casefold()
        words = words[1:]
        c.first_in_sentence = False
    while words and words[0].casefold() in connectors and len(words) > 1 and words[0].islower():
        words = words[1:]
    words, had_title = _strip_title(words)
    c.had_title = had_title or c.span.title
    if c.had_title:
        words = _without_leading_place(words)
    c.words = _trim_tail(words, connectors)


def _without_leading_place(words: list[str]) -> list[str]:
    """A country between a title and the name belongs to the title: "Thủ tướng Trung Quốc Lý
    Cường" (Vietnamese puts it after the title)."""
    places = name_lists()["places"]
    for k in (3, 2, 1):
        if len(words) - k >= 2 and " ".join(words[:k]).casefold() in places:
            return words[k:]
    return words


def _trim_tail(words: list[str], connectors: frozenset[str]) -> list[str]:
    lists = name_lists()
    # a common noun after "of" belongs to the name: "Great Hall of the People"
    while len(words) > 1 and (
        words[-1].casefold() in lists["months"]
        or len(words[-1]) == 1
        or words[-1].casefold() in lists["common"]
        and words[-2].casefold() not in connectors
    ):
        words = words[:-1]
    while words and words[-1].casefold() in name_connectors():
        words = words[:-1]
    return words


def _known_place(c: _Candidate) -> Reading | None:
    """In the gazetteer, whole or word by word ("Moscow Russia")."""
    places = name_lists()["places"]
    if c.name.casefold() in places or all(w in places for w in c.low_words) or all_places(c.words):
        return "place", c.name
    return None


def _nationality(c: _Candidate) -> Reading | None:
    demonyms = name_lists()["demonyms"]
    if c.name.casefold() in demonyms or all(w in demonyms for w in c.low_words):
        return _NONE
    return None


def _has_digit(c: _Candidate) -> Reading | None:
    return _NONE if any(map(str.isdigit, c.name)) else None


def _place_word(c: _Candidate) -> Reading | None:
    """ "Ryanggang province", "Kumsusan Palace": a place word and no title in front."""
    if c.had_title:
        return None
    if not c.words[0][:1].isupper():
        return _NONE  # "The city ...": a place word alone names nothing
    place_words = name_lists()["place_words"]
    if any(w in place_words for w in c.low_words) or _has_stem(c.name.casefold(), place_words):
        return "place", c.name
    return None


def _after_descriptor(c: _Candidate) -> Reading | None:
    """A descriptor, then a name: "Tiantan Awards Zhang Yimou", "Ansa Luigi Contu", "Frankfurt's
    Stefan Ilsanker" — the name is what follows the last descriptor.  Narrows, never decides."""
    words = c.words
    cut = max(
        (i for i, w in enumerate(words) if _is_descriptor(w, c.registry) or w.endswith(("'", "’", "'s", "’s"))),
        default=-1,
    )
    if 0 <= cut < len(words) - 2 or (cut >= 0 and _OWNER_END.search(words[cut]) and cut < len(words) - 1):
        tail = words[cut + 1 :]
        if tail[0][:1].isupper() and all(not _is_descriptor(w, c.registry) for w in tail):
            c.words = tail
            c.first_in_sentence = False
    return None


def _from_given_name(c: _Candidate) -> Reading | None:
    """ "Музея Победы Александр Школьник": the person starts at a known given name that follows
    other capitalised words (a museum, a country code).  Narrows, never decides."""
    given = vocab.words("given_names.txt")
    start = next((i for i, w in enumerate(c.words) if w.casefold() in given), 0)
    # "Sarah Jessica Parker": a given name in front already starts the person
    if start and len(c.words) - start >= 2:
        c.words = c.words[start:]
    return None


def _organisation_or_thing(c: _Candidate) -> Reading | None:
    not_person = name_lists()["not_person"]
    if has_org_word(c.name) or any(w in not_person for w in c.low_words):
        return _NONE
    return None


def _not_a_name_shape(c: _Candidate) -> Reading | None:
    """ "The Hague Forum", shouted capitals, or an acronym in front ("SV Werder Bremen", "KPA Large
    Combined Units")."""
    words, name = c.words, c.name
    if words[0].casefold() in ("the", "a", "an") or (name.isupper() and len(name) > 3):
        return _NONE
    if len(words) > 1 and _ACRONYM.fullmatch(words[0]):
        return _NONE
    return None


def _title_required(c: _Candidate) -> Reading | None:
    """Where every noun is capitalised (German), only a title or a known given name in front
    ("Tyson Fury", "Mahsa Amini") makes capitals a person."""
    if not c.require_title or c.had_title:
        return None
    given = len(c.words) >= 2 and c.words[0].casefold() in vocab.words("given_names.txt")
    return None if given else _NONE


def _named_after_place(c: _Candidate) -> Reading | None:
    """ "German Bundesliga", "Eintracht Frankfurt": a nationality or a place inside, no title."""
    lists = name_lists()
    low = c.low_words
    if not c.had_title and (low[0] in lists["demonyms"] or any(w in lists["places"] for w in low)):
        return _NONE
    return None


def _titled_or_full(c: _Candidate) -> Reading | None:
    return ("person", c.name) if c.had_title or len(c.words) >= 2 else None


def _one_word(c: _Candidate) -> Reading:
    """A lone word is a person only in a person's slot: "A Mousavi supporter", "Putin looking
    concerned".  Any other ("meeting with Kim", "Kim's motorcade") counts only when a fuller form
    of it is known from the caption or the article around it."""
    lists = name_lists()
    word, low = c.words[0], c.low_words[0]
    if low in _stop_all() or low in lists["demonyms"] or len(word) < 3 or low.endswith(("ing", "men")):
        return _NONE
    if f"{low} {c.span.after.casefold()}" in lists["titles"]:
        return _NONE  # "Thủ tướng": the first word of a title
    after_lower = c.span.after[:1].islower()
    if c.before in ("a", "an") and after_lower:
        return "person", word
    # Russian sentences open with capitalised nouns ("Гости", "Вечером"): there the lone word
    # needs a fuller form of it elsewhere, like any other lone name
    if (
        c.lead
        and c.first_in_sentence
        and after_lower
        and not word.endswith("s")
        and not c.span.possessive
        and not _CYRILLIC.match(word)
    ):
        return "person", word
    return "person?", word


_RULES: tuple[Callable[[_Candidate], Reading | None], ...] = (
    _known_place,
    _nationality,
    _has_digit,
    _place_word,
    _after_descriptor,
    _organisation_or_thing,
    _not_a_name_shape,
    _from_given_name,
    _title_required,
    _named_after_place,
    _titled_or_full,
)


def all_places(words: list[str]) -> bool:
    """ "Moscow Russia": every part is a known place."""
    places = name_lists()["places"]
    i, n = 0, len(words)
    while i < n:
        for k in (3, 2, 1):
            if i + k <= n and " ".join(words[i : i + k]).casefold() in places:
                i += k
                break
        else:
            return False
    return n > 1


@cache
def _place_stem_re() -> re.Pattern:
    stems = [w[:-1] for w in name_lists()["place_words"] if w.endswith("*")]
    return re.compile("|".join(re.escape(s) for s in stems) or r"(?!)")


def _has_stem(folded: str, words: frozenset[str]) -> bool:
    return bool(_place_stem_re().search(folded))
