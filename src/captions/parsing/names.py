"""People and places named in a caption's description.

A small rule-based tagger, fast enough for millions of captions: it reads runs of capitalised
words ("spans"), strips the titles and position markers that wire captions put around names
("Russian President Vladimir Putin, left,", "Kim Jong-Un (C)"), and decides from vocabularies
(titles, place words, organisation words, a gazetteer of countries and cities) whether a span
names a person, a place or neither.  Names are kept as written.

The spans are found in `name_spans` and each is read on its own in `name_readings`; here the
readings are put in context (a name where a place goes is a place), and the people of the scene
are chosen, each in its fullest form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import vocab
from ..organisations.registry import AgencyRegistry
from .name_readings import Reading, all_places, classify, read_span
from .name_spans import Span, clean_markers, name_lists, sentence_bounds, spans
from .script_names import han_people, hangul_people, has_script_names, script_places

_LEAD_LINES = re.compile(
    r"^(?:from (?:left|right)|(?:left|right) to (?:right|left)"
    r"|(?:(?:second|third|fourth|fifth|far)\s+)?(?:left|right|cent(?:er|re))\s*[:,]"
    r"|pictured|also pictured|in the (?:background|foreground)|foreground|background)",
    re.IGNORECASE,
)
_QUOTED_WORD = re.compile(r"[^\W\d_][\w'-]*")
_COMMA_THEN_WORD = re.compile(r",\s*((?:[a-z]+ )?)(\S+)")
_COMMA = re.compile(r",\s*")
_OF_OR_POSSESSIVE = re.compile(r"(.+?)(?:\s+of(?:\s+the)?\s+|(['’]s\s+))(.+)$")
_NAME_PARTS = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Names:
    people: tuple[str, ...]
    places: tuple[str, ...]


@cache
def _prepositions(*kinds: str) -> frozenset[str]:
    """Words before a place, from place_prepositions.csv: "where" ("in", "near", "bei": a place goes
    right here), "lead" (a place may follow: "leaves", "tours"), "lead_not_for_names" (a place or a
    person may follow: "from", "visits")."""
    return frozenset(r["word"] for r in vocab.rows("place_prepositions.csv") if r["kind"] in kinds)


def _place_before() -> frozenset[str]:
    return _prepositions("where", "lead", "lead_not_for_names")


@cache
def _place_lead() -> frozenset[str]:
    """What may stand before a place that is kept: a preposition of place, or nothing, or ","."""
    return _place_before() | {"", ",", "of", "to", "for"}


# A quoted passage stops at its own opening mark too, so a run of unclosed openers is read once.
_QUOTE = re.compile(r"''((?:[^'\n]|'(?!'))*+)''|\"([^\"]*+)\"|“([^“”]*+)”|«([^«»]*+)»")


def _mask_titles(text: str) -> str:
    """Blank out quoted titles ("Work Together to Build ..."), which are all capitals and no names."""

    def repl(m: re.Match) -> str:
        inner = next(g for g in m.groups() if g is not None)
        words = _QUOTED_WORD.findall(inner)
        caps = sum(1 for w in words if w[0].isupper())
        if len(words) >= 2 and caps / len(words) >= 0.6:
            return " " * len(m.group(0))
        return m.group(0)

    return _QUOTE.sub(repl, text) if any(opener in text for opener in _QUOTE_OPENERS) else text


_QUOTE_OPENERS = ("''", '"', "“", "«")  # what each form of _QUOTE starts with: literals are found faster


# Languages that capitalise every noun: there a name needs a title in front to count as a person.
_NOUN_CAPITALISING = frozenset({"de"})
_SENTENCE_OPENERS = ("", ".", "!", "?", "|", ":", "-")


class _PeopleIndex:
    """Names by their words, to find a fuller form of a name ("Kim" -> "Kim Jong Un") without
    comparing every name with every other: only names sharing all its words are tried."""

    def __init__(self, names=()) -> None:
        self.names: list[str] = []
        self.by_word: dict[str, list[int]] = {}
        self.exact: set[str] = set()
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        if name in self.exact:
            return
        self.exact.add(name)
        index = len(self.names)
        self.names.append(name)
        for word in set(_person_words(name)):
            self.by_word.setdefault(word, []).append(index)

    def fuller(self, name: str) -> str | None:
        """The first added name that is a fuller form of `name`."""
        if not self.names:  # most captions bring no known people from an article
            return None
        words = set(_person_words(name))
        lists = [self.by_word.get(w, []) for w in words]
        if not lists:
            return None
        for index in min(lists, key=len):  # in the order the names were added
            if _same_person(name, self.names[index]):
                return self.names[index]
        return None

    def knows(self, name: str) -> bool:
        return name in self.exact or self.fuller(name) is not None


@lru_cache(maxsize=16384)
def _person_words(name: str) -> tuple[str, ...]:
    """Cached: each name is compared with several others, and names recur from caption to caption."""
    return tuple(name.casefold().replace("-", " ").split())


def _char_before(text: str, index: int) -> str:
    """The last non-space character before `index` ("" at the start), without copying the text."""
    i = index - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""


def find_names(
    description: str, known_people: tuple[str, ...] = (), language: str = "en", registry: AgencyRegistry | None = None
) -> Names:
    """People and places in a description.  `known_people` are fuller names from the article
    around the caption, used to resolve a bare "Kim" or "Pompeo"; a word the `registry` knows as
    an organisation is not part of a name."""
    registry = registry or AgencyRegistry.default()
    text = _mask_titles(clean_markers(description))
    bounds = sentence_bounds(text)
    sentences = [text[start:end] for start, end in bounds]
    lead = next((i for i, sent in enumerate(sentences) if _has_words(sent, 4)), 0)
    people, places = _collect(text, bounds, lead, known_people, language, registry)
    selected = _select_people(people, known_people, lead, sentences) if people else []
    if not description.isascii() and has_script_names(description):
        # names in Hangul and Chinese characters have no capitals: their own conventions find them
        selected += [n for n in hangul_people(description) + han_people(description) if n not in selected]
        places.update((p, None) for p in script_places(description))
    return Names(tuple(selected), tuple(places))


def _has_words(sentence: str, count: int) -> bool:
    """Does the sentence hold `count` words (runs of letters)?  One search, which stops at the
    `count`th word: a lead sentence is long."""
    return _words_re(count).search(sentence) is not None


@cache
def _words_re(count: int) -> re.Pattern:
    # tried only where a run of letters starts: from inside a run it would read the run again
    return re.compile(rf"(?<![^\W\d_])(?:[^\W\d_]++[\W\d_]++){{{count - 1}}}[^\W\d_]")


def _collect(
    text: str,
    bounds: list[tuple[int, int]],
    lead: int,
    known_people: tuple[str, ...],
    language: str,
    registry: AgencyRegistry,
) -> tuple[list[tuple[str, int]], dict[str, None]]:
    """Every span read in context: people with their sentence, and places (ordered, no repeats).
    A lone name counts when a fuller form of it is among the people or the known people."""
    found = spans(text, bounds)
    kinds = _readings(text, found, lead, language in _NOUN_CAPITALISING, registry)
    known = _PeopleIndex(known_people)
    people: list[tuple[str, int]] = []
    maybe: list[tuple[str, int]] = []
    places: dict[str, None] = {}
    place_lead = _place_lead()
    for i, span in enumerate(found):
        kind, name = _reading_in_context(text, found, kinds, i, known)
        if kind == "person":
            people += [(part, span.sentence) for part in _conjoined(name)]
        elif kind == "person?":
            maybe.append((name, span.sentence))
        elif kind == "place" and span.lead_in in place_lead and not _owner_only(span):
            places.update((part, None) for part in _split_place(name))
    if maybe:
        named = _PeopleIndex(p for p, _ in people)
        people += [(n, s) for n, s in maybe if named.fuller(n) is not None or known.fuller(n) is not None]
    return people, places


def _owner_only(span: Span) -> bool:
    """ "North Korea's official news agency", "Iran's foreign minister": a place in the possessive
    owns something and is not where the picture is, unless a preposition of place leads to it."""
    return span.possessive and span.lead_in not in _prepositions("where")


@lru_cache(maxsize=8192)
def _conjoined(name: str) -> tuple[str, ...]:
    """ "Cristina Kirchner y Alberto Fernández" -> both, when each side is a full name.  Cached:
    names recur."""
    words = name.split()
    conjunctions = vocab.words("name_conjunctions.txt")
    cut = next((i for i, w in enumerate(words) if w in conjunctions), -1)
    if cut >= 2 and len(words) - cut - 1 >= 2:
        return " ".join(words[:cut]), " ".join(words[cut + 1 :])
    return (name,)


def _opens_scene(sentence: str) -> bool:
    """ "From left: ...", "Слева направо - ...": the sentence lists the people in the picture."""
    sentence = sentence.strip()
    if _LEAD_LINES.match(sentence):
        return True
    return sentence[:40].casefold().startswith(_scene_openers())


@cache
def _scene_openers() -> tuple[str, ...]:
    return tuple(vocab.words("scene_openers.txt"))


def _readings(text: str, found: list[Span], lead: int, require_title: bool, registry: AgencyRegistry) -> list[Reading]:
    """Each span read on its own; the first span of a sentence may be a lone name ("Putin
    looking concerned")."""
    kinds = []
    last_sentence = -1  # spans come in the order of the text, so a new sentence is a greater number
    for span in found:
        sentence = span.sentence
        first = sentence != last_sentence and _char_before(text, span.start) in _SENTENCE_OPENERS
        last_sentence = sentence
        kinds.append(
            read_span(
                span.text,
                span.before,
                span.after,
                span.title,
                span.possessive,
                first,
                registry,
                sentence == lead,
                require_title,
            )
        )
    return kinds


def _reading_in_context(text: str, found: list[Span], kinds: list[Reading], i: int, known: _PeopleIndex) -> Reading:
    """A name where a place goes is a place: "outside Veliky Novgorod", "in Khabarovsk", "near Cutro,
    southern Italy", "from Chilmark, Mass." (the dateline order: town, then region or country)."""
    span, reading = found[i], kinds[i]
    kind, name = reading
    if span.title or not name or kind == "place":
        return reading
    if kind != "" and span.before in _prepositions("where", "lead") and " " in name:
        return "place", name
    if kind != "person" and _lone_name_where_place_goes(text, found, kinds, i, known):
        return "place", name
    return reading


def _lone_name_where_place_goes(
    text: str, found: list[Span], kinds: list[Reading], i: int, known: _PeopleIndex
) -> bool:
    span, name = found[i], kinds[i][1]
    folded = name.casefold()
    if span.possessive or folded in name_lists()["months"] or folded in vocab.weekdays() or known.knows(name):
        return False
    return (
        span.lead_in in _prepositions("where")
        or span.lead_in in ("from", "of")
        and _followed_by_place(text, found, kinds, i)
    )


def _followed_by_place(text: str, found: list[Span], kinds: list, i: int) -> bool:
    """The span is followed by ", <a place>" ("Cutro, southern Italy", "Chilmark, Mass.")."""
    end = found[i].end
    tail = text[end : end + 40]
    m = _COMMA_THEN_WORD.match(tail)
    if not m:
        return False
    if m.group(2).casefold().rstrip(",") in name_lists()["ap_states"]:
        return True
    if i + 1 < len(found) and kinds[i + 1][0] == "place":
        return found[i + 1].start == end + m.start(2)
    return False


@lru_cache(maxsize=8192)
def _split_place(name: str) -> tuple[str, ...]:
    """ "Xiqing District, Tianjin" -> both; "South Lawn of the White House" and "northwest China's
    Shaanxi Province" -> both parts, when the part after "of" or the possessive is a place itself;
    "NASA's Kennedy Space Center" -> the place after the possessive only.
    Parts are split with a work list, not recursion, so a long chain of "of"s cannot overflow."""
    out: list[str] = []
    todo = [p.strip() for p in reversed(_COMMA.split(name)) if p.strip()]
    while todo:
        part = todo.pop()
        m = _OF_OR_POSSESSIVE.match(part)
        if m and _is_place_name(m.group(3)) and _is_place_name(m.group(1)):
            todo += [m.group(3), m.group(1)]
        elif (
            m
            and m.group(2)
            and _is_place_name(m.group(3))
            and (len(m.group(3).split()) > 1 or m.group(3).casefold() in name_lists()["places"])
        ):
            # "St George's Hall" stays whole: a bare place word is no place of its own
            todo.append(m.group(3))
        else:
            out.append(part)
    return tuple(out)


def _is_place_name(name: str) -> bool:
    """A known place, a place word in it, or a compass word before one ("South China")."""
    lists = name_lists()
    low = [w.casefold().strip(".") for w in name.split()]
    if len(low) > 1 and low[0] in lists["place_lead"]:
        low = low[1:]
        name = " ".join(name.split()[1:])
    return (
        name.casefold() in lists["places"]
        or any(w in lists["place_words"] for w in low)
        or all(w in lists["places"] for w in low)
        or all_places(name.split())
    )


def _same_person(short: str, full: str) -> bool:
    s, f = _person_words(short), _person_words(full)
    return len(s) < len(f) and (f[: len(s)] == s or f[-len(s) :] == s or all(w in f for w in s))


def _select_people(people: list[tuple[str, int]], known: tuple[str, ...], lead: int, sentences: list[str]) -> list[str]:
    """Fullest form of each person, from the sentences that are about the scene."""
    if not people:
        return []
    # only the sentences that name people are asked whether they are about the scene
    scene = {i for i in {s for _, s in people} if i == lead or _opens_scene(sentences[i])}
    kept = _scene_people(people, lead, scene)
    fuller = _PeopleIndex(kept)
    known_index = _PeopleIndex(known)
    out: list[str] = []
    seen: set[str] = set()
    for name in kept:
        if fuller.fuller(name) is not None:
            continue
        if len(name.split()) == 1:
            name = known_index.fuller(name) or name
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def _scene_people(people: list[tuple[str, int]], lead: int, scene: set[int]) -> list[str]:
    """People from later sentences count when the sentence is about the scene ("From left: ...")
    or about someone already in the lead sentence; other background sentences name other people."""
    anchors = {w.casefold() for n, s in people if s in scene for w in _NAME_PARTS.split(n)}
    by_sentence: dict[int, list[str]] = {}
    for name, sentence in people:
        by_sentence.setdefault(sentence, []).append(name)
    kept: list[str] = []
    for sentence in sorted(by_sentence):
        names = by_sentence[sentence]
        if (
            sentence >= lead
            and sentence not in scene
            and not any(w.casefold() in anchors for n in names for w in _NAME_PARTS.split(n))
        ):
            continue
        kept += names
    return kept


def article_people(text: str, registry: AgencyRegistry | None = None) -> tuple[str, ...]:
    """Full names (two words or more) of people in an article's body, first mention first."""
    registry = registry or AgencyRegistry.default()
    out: list[str] = []
    for span in spans(clean_markers(text)):
        kind, name = classify(span, False, registry)
        if kind == "person" and len(name.split()) >= 2 and name not in out:
            out.append(name)
    return tuple(out)
