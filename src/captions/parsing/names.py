"""People and places named in a caption's description.

A small rule-based tagger, fast enough for millions of captions: it reads runs of capitalised
words ("spans"), strips the titles and position markers that wire captions put around names
("Russian President Vladimir Putin, left,", "Kim Jong-Un (C)"), and decides from vocabularies
(titles, place words, organisation words, a gazetteer of countries and cities) whether a span
names a person, a place or neither.  Names are kept as written.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice
from typing import NamedTuple

from .. import vocab
from ..organisations.registry import AgencyRegistry
from .credit import has_org_word
from .script_names import han_people, hangul_people, script_places
from .split import split_sentences

# Position markers: "(C)", "(2nd from R)", "(3rd L)", "(s)", ", center,", ", second left,".
_MARKER_PAREN = re.compile(
    r"\(\s*(?:[CLRSDclrsd]|\d+(?:st|nd|rd|th)\s+(?:from\s+)?[LRlr]|(?:top|bottom|centre|center|left|right|front|rear|back)"
    r"(?:\s+(?:left|right|row))?|[Cc]enter|[Cc]entre)\s*\)"
)
_MARKER_COMMA = re.compile(
    r",\s*(?:(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|far|front|back|top|bottom|rear)\s+)?"
    r"(?:left|right|center|centre|top|bottom|rear|front)(?:\s+(?:left|right))?"
    r"(?:\s+in the (?:background|foreground))?\s*(?=,|\.|\s)"
)
_LEAD_LINES = re.compile(
    r"^(?:from (?:left|right)|(?:left|right) to (?:right|left)"
    r"|(?:(?:second|third|fourth|fifth|far)\s+)?(?:left|right|cent(?:er|re))\s*[:,]"
    r"|pictured|also pictured|in the (?:background|foreground)|foreground|background)",
    re.IGNORECASE,
)


_POSSESSIVE_END = re.compile(r"['’]s$|(?<=s)'$")
_OWNER_END = re.compile(r"['’]s?$")
_ACRONYM = re.compile(r"[A-Z]{2,}")
_QUOTED_WORD = re.compile(r"[^\W\d_][\w'-]*")
_LETTERS = re.compile(r"[^\W\d_]+")
_COMMA_THEN_WORD = re.compile(r",\s*((?:[a-z]+ )?)(\S+)")
_COMMA = re.compile(r",\s*")
_OF_OR_POSSESSIVE = re.compile(r"(.+?)(?:\s+of(?:\s+the)?\s+|(['’]s\s+))(.+)$")
_NAME_PARTS = re.compile(r"[\s\-]+")
_NEXT_WORD = re.compile(r"\s*(\S+)")


class Span(NamedTuple):  # a tuple: made ten times per caption, a frozen dataclass costs 4× more
    text: str
    start: int
    end: int
    sentence: int
    before: str  # the word before the span (lower case), for context
    after: str
    title: bool  # a title or rank stood in front of the name
    possessive: bool
    lead_in: str = ""  # the word before, looking past "the": "at" in "at the Great Hall"


@cache
def _lists():
    return {
        "titles": vocab.words("titles.txt"),
        "place_words": vocab.words("place_words.txt"),
        "not_person": vocab.words("not_person_words.txt"),
        "common": vocab.words("common_nouns.txt"),
        "places": vocab.words("places.txt"),
        "place_lead": vocab.words("place_lead_words.txt"),
        "ap_states": vocab.words("ap_state_abbreviations.txt"),
        "demonyms": vocab.words("demonyms.txt"),
        "particles": vocab.words("person_particles.txt"),
        "months": frozenset(vocab.months()),
        "connectors": vocab.words("name_connectors.txt"),
        "weekdays": frozenset(vocab.weekdays()),
    }


def clean_markers(text: str) -> str:
    text = _MARKER_PAREN.sub(" ", text)
    return _MARKER_COMMA.sub("", text)


def _connectors() -> frozenset[str]:
    return _lists()["connectors"]


@cache
def _connectors_or_the() -> frozenset[str]:
    return _connectors() | {"the"}


@cache
def _cap_word() -> str:
    """One word that may stand in a name: capitalised, an abbreviation or initial ("Gen.", "J."),
    a particle hyphenated to a name ("al-Assad"), or a quoted nickname."""
    abbreviations = "|".join(re.escape(a.capitalize()) for a in sorted(vocab.words("name_abbreviations.txt")))
    particles = "|".join(re.escape(p) for p in sorted(vocab.words("name_hyphen_particles.txt")))
    return (
        rf"(?:(?:[A-Z]|{abbreviations}|[IVX]+)\.|[{_upper_letters()}][\w'’\-]*|(?:{particles})-[A-Z][\w'’\-]*"
        r"|\"[A-Z][\w\-]*\")"
    )


@cache
def _upper_letters() -> str:
    """Capital letters of the Latin (with Vietnamese), Greek and Cyrillic alphabets, for a character
    class: a range such as Ā-ſ holds small letters too ("đến" is not a capitalised word)."""
    ranges = ((0x41, 0x5B), (0xC0, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))
    return "".join(re.escape(chr(c)) for lo, hi in ranges for c in range(lo, hi) if chr(c).isupper())


@cache
def _run_re() -> re.Pattern:
    """A run of capitalised words, with connectors inside and a lower-case place word after
    ("Ryanggang province", "Tal Abyad street market" stops at "street")."""
    not_trailing = vocab.words("place_words_not_trailing.txt")
    trailing = sorted(
        (w for w in _lists()["place_words"] if not w.endswith("*") and " " not in w and w not in not_trailing),
        key=len,
        reverse=True,
    )
    connectors = "|".join(["of the"] + sorted((re.escape(c) for c in _connectors()), key=len, reverse=True))
    cap = _cap_word()
    return re.compile(
        cap + r"(?:[ \t](?:(?:" + connectors + r")[ \t])?" + cap + r")*"
        r"(?:[ \t](?:" + "|".join(re.escape(w) for w in trailing) + r")\b)?"
    )


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Where the caption's sentences are; a title abbreviation does not end one ("schools Supt.
    Ramon Cortines"): the title belongs to the name after it."""
    titles = _lists()["titles"]
    bounds: list[tuple[int, int]] = []
    pos = 0
    for sentence in split_sentences(text):
        start = max(text.find(sentence, pos), pos)
        end = start + len(sentence)
        pos = end
        if bounds and _ends_with_title_abbreviation(
            text[max(bounds[-1][0], bounds[-1][1] - 40) : bounds[-1][1]], titles
        ):
            bounds[-1] = (bounds[-1][0], end)
        else:
            bounds.append((start, end))
    return bounds


def _ends_with_title_abbreviation(tail: str, titles: frozenset[str]) -> bool:
    """`tail`: the last characters of a sentence (enough for its last word)."""
    words = tail.split()
    return tail.endswith(".") and bool(words) and words[-1].rstrip(".").casefold() in titles


def spans(text: str, bounds: list[tuple[int, int]] | None = None) -> list[Span]:
    """Runs of capitalised words, allowing "of", "bin", "al-" and initials inside.  `bounds`: the
    text's sentences, when the caller has them already."""
    sentence_starts = [start for start, _ in (_sentence_bounds(text) if bounds is None else bounds)]
    out: list[Span] = []
    for m in _runs(text):
        start, end = m.start(), m.end()
        if start and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
            continue  # inside a word ("McDonald", "iPhone")
        raw, possessive = _span_text(m.group(0))
        before, title, lead_in = _context_before(text[max(0, start - 40) : start])
        next_word = _NEXT_WORD.match(text, end, end + 30)
        after = next_word.group(1) if next_word else ""
        sentence = bisect_right(sentence_starts, start) - 1
        out.append(Span(raw, start, end, max(sentence, 0), before, after, title, possessive, lead_in))
    return out


def _runs(text: str) -> Iterator[re.Match]:
    """The matches of `_run_re` that `finditer` gives, tried only where a run can start: at a
    capital, an abbreviation, a quote or a hyphenated particle.  The run pattern opens with an
    alternation that the regular expression engine cannot skip ahead for, so `finditer` tried it at
    every character; the starts are found by one character-class scan, which it can."""
    run = _run_re()
    starts = [m.start() for m in _run_first_char().finditer(text)]
    if "-" in text:
        starts = sorted(set(starts).union(m.start() for m in _hyphen_particle_re().finditer(text)))
    pos = 0
    for start in starts:
        if start >= pos:
            m = run.match(text, start)
            if m:
                pos = m.end()
                yield m


@cache
def _run_first_char() -> re.Pattern:
    """The characters a run can start with, but for the particles (lower case: see `_runs`)."""
    abbreviations = {a.capitalize()[0] for a in vocab.words("name_abbreviations.txt")}
    return re.compile("[" + _upper_letters() + "".join(re.escape(c) for c in sorted(abbreviations)) + '"]')


@cache
def _hyphen_particle_re() -> re.Pattern:
    particles = "|".join(re.escape(p) for p in sorted(vocab.words("name_hyphen_particles.txt")))
    return re.compile(f"(?:{particles})-")


@lru_cache(maxsize=16384)
def _span_text(run: str) -> tuple[str, bool]:
    """The words of a run, single-spaced and without a possessive ending.  Cached: names recur."""
    return _without_possessive(run.split())


def _without_possessive(words: list[str]) -> tuple[str, bool]:
    """A possessive ends the name unless a capitalised word follows ("Korean People's Army")."""
    last = words[-1]
    if len(last) > 2 and (last.endswith("'s") or last.endswith("’s") or last.endswith("s'")):
        words[-1] = _POSSESSIVE_END.sub("", last)
        return " ".join(words), True
    return " ".join(words), False


def _context_before(before_text: str) -> tuple[str, bool, str]:
    """The word before a span (or the punctuation right before it), whether a title stands there,
    and the word a place reading looks at: "at" in "at the Great Hall", "near Cutro, southern
    Italy", "in central Raqqa"."""
    before_words = before_text.split()
    punctuation = ""
    if before_words and before_text[-1:].isspace() and before_words[-1][-1] in ",.;:":
        punctuation = before_words[-1][-1]
    return _context_of(tuple(before_words[-3:]), punctuation)


@lru_cache(maxsize=16384)
def _context_of(words: tuple[str, ...], punctuation: str) -> tuple[str, bool, str]:
    """_context_before from the last three words before a span, and the punctuation ending them
    when a space follows it.  Cached: the words before names repeat ("President", "in the")."""
    lists = _lists()
    before = punctuation or (words[-1].casefold() if words else "")
    title = _ends_with_title(" ".join(w.casefold() for w in words)) or before in lists["titles"]
    lead_in = before
    if (before == "the" or before in lists["place_lead"]) and len(words) > 1:
        lead_in = words[-2].casefold()
        if lead_in.endswith(",") and before in lists["place_lead"]:
            lead_in = ","
    return before, title, lead_in


@cache
def _reversed_titles_re() -> re.Pattern:
    titles = sorted((t for t in _lists()["titles"] if " " in t or len(t) > 2), key=len, reverse=True)
    return re.compile("|".join(re.escape(t[::-1]) for t in titles))


def _ends_with_title(text: str) -> bool:
    """Does `text` end with a title ("... north korean leader")?  Matched on the reversed text from
    its start: one anchored try instead of a search through every position."""
    return _reversed_titles_re().match(text[::-1]) is not None


@cache
def _title_shapes() -> tuple[frozenset[str], tuple[int, ...]]:
    """First words of the titles, and their lengths in words, longest first."""
    titles = _lists()["titles"]
    return frozenset(t.split()[0] for t in titles if t.split()), tuple(
        sorted({len(t.split()) for t in titles}, reverse=True)
    )


def _strip_title(words: list[str]) -> tuple[list[str], bool]:
    """Drop everything up to the last title word: "Russian President Vladimir Putin" -> "Vladimir Putin"."""
    titles = _lists()["titles"]
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
    words = set(_lists()["common"])
    for row in vocab.rows("stopwords.csv"):
        words.update(row["words"].split())
    return frozenset(words)


@lru_cache(maxsize=8192)
def _is_descriptor(word: str, registry: AgencyRegistry) -> bool:
    lists = _lists()
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


def _classify(
    span: Span, first_in_sentence: bool, registry: AgencyRegistry, lead: bool = True, require_title: bool = False
) -> Reading:
    """("person" | "person?" | "place" | "", name): the span is trimmed, then the first rule that
    decides wins."""
    return _read_span(
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
def _read_span(
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
    connectors = _connectors_or_the()
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
    places = _lists()["places"]
    for k in (3, 2, 1):
        if len(words) - k >= 2 and " ".join(words[:k]).casefold() in places:
            return words[k:]
    return words


def _trim_tail(words: list[str], connectors: frozenset[str]) -> list[str]:
    lists = _lists()
    # a common noun after "of" belongs to the name: "Great Hall of the People"
    while len(words) > 1 and (
        words[-1].casefold() in lists["months"]
        or len(words[-1]) == 1
        or words[-1].casefold() in lists["common"]
        and words[-2].casefold() not in connectors
    ):
        words = words[:-1]
    while words and words[-1].casefold() in _connectors():
        words = words[:-1]
    return words


def _known_place(c: _Candidate) -> Reading | None:
    """In the gazetteer, whole or word by word ("Moscow Russia")."""
    places = _lists()["places"]
    if c.name.casefold() in places or all(w in places for w in c.low_words) or _all_places(c.words):
        return "place", c.name
    return None


def _nationality(c: _Candidate) -> Reading | None:
    demonyms = _lists()["demonyms"]
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
    place_words = _lists()["place_words"]
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
    not_person = _lists()["not_person"]
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
    lists = _lists()
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
    lists = _lists()
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


def _all_places(words: list[str]) -> bool:
    """ "Moscow Russia": every part is a known place."""
    places = _lists()["places"]
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
    stems = [w[:-1] for w in _lists()["place_words"] if w.endswith("*")]
    return re.compile("|".join(re.escape(s) for s in stems) or r"(?!)")


def _has_stem(folded: str, words: frozenset[str]) -> bool:
    return bool(_place_stem_re().search(folded))


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

    return _QUOTE.sub(repl, text)


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


def _person_words(name: str) -> list[str]:
    return name.casefold().replace("-", " ").split()


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
    bounds = _sentence_bounds(text)
    sentences = [text[start:end] for start, end in bounds]
    lead = next((i for i, sent in enumerate(sentences) if _has_words(sent, 4)), 0)
    scene = {i for i, sent in enumerate(sentences) if i == lead or _opens_scene(sent)}
    people, places = _collect(text, bounds, lead, known_people, language, registry)
    selected = _select_people(people, known_people, lead, scene)
    # names in Hangul and Chinese characters have no capitals: their own conventions find them
    selected += [n for n in hangul_people(description) + han_people(description) if n not in selected]
    places.update((p, None) for p in script_places(description))
    return Names(tuple(selected), tuple(places))


def _has_words(sentence: str, count: int) -> bool:
    """Does the sentence hold `count` words?  Counted only as far as `count`: a lead sentence is long."""
    return sum(1 for _ in islice(_LETTERS.finditer(sentence), count)) >= count


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
    named = _PeopleIndex(p for p, _ in people)
    people += [(n, s) for n, s in maybe if named.fuller(n) is not None or known.fuller(n) is not None]
    return people, places


def _owner_only(span: Span) -> bool:
    """ "North Korea's official news agency", "Iran's foreign minister": a place in the possessive
    owns something and is not where the picture is, unless a preposition of place leads to it."""
    return span.possessive and span.lead_in not in _prepositions("where")


def _conjoined(name: str) -> list[str]:
    """ "Cristina Kirchner y Alberto Fernández" -> both, when each side is a full name."""
    words = name.split()
    conjunctions = vocab.words("name_conjunctions.txt")
    cut = next((i for i, w in enumerate(words) if w in conjunctions), -1)
    if cut >= 2 and len(words) - cut - 1 >= 2:
        return [" ".join(words[:cut]), " ".join(words[cut + 1 :])]
    return [name]


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
    seen: set[int] = set()
    kinds = []
    for span in found:
        first = span.sentence not in seen and _char_before(text, span.start) in _SENTENCE_OPENERS
        seen.add(span.sentence)
        kinds.append(_classify(span, first, registry, lead=span.sentence == lead, require_title=require_title))
    return kinds


def _reading_in_context(text: str, found: list[Span], kinds: list[Reading], i: int, known: _PeopleIndex) -> Reading:
    """A name where a place goes is a place: "outside Veliky Novgorod", "in Khabarovsk", "near Cutro,
    southern Italy", "from Chilmark, Mass." (the dateline order: town, then region or country)."""
    span, (kind, name) = found[i], kinds[i]
    if span.title or not name:
        return kind, name
    if kind in ("person", "person?") and span.before in _prepositions("where", "lead") and len(name.split()) > 1:
        return "place", name
    if kind in ("person?", "") and _lone_name_where_place_goes(text, found, kinds, i, known):
        return "place", name
    return kind, name


def _lone_name_where_place_goes(
    text: str, found: list[Span], kinds: list[Reading], i: int, known: _PeopleIndex
) -> bool:
    span, name = found[i], kinds[i][1]
    folded = name.casefold()
    if span.possessive or folded in _lists()["months"] or folded in vocab.weekdays() or known.knows(name):
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
    if m.group(2).casefold().rstrip(",") in _lists()["ap_states"]:
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
            and (len(m.group(3).split()) > 1 or m.group(3).casefold() in _lists()["places"])
        ):
            # "St George's Hall" stays whole: a bare place word is no place of its own
            todo.append(m.group(3))
        else:
            out.append(part)
    return tuple(out)


def _is_place_name(name: str) -> bool:
    """A known place, a place word in it, or a compass word before one ("South China")."""
    lists = _lists()
    low = [w.casefold().strip(".") for w in name.split()]
    if len(low) > 1 and low[0] in lists["place_lead"]:
        low = low[1:]
        name = " ".join(name.split()[1:])
    return (
        name.casefold() in lists["places"]
        or any(w in lists["place_words"] for w in low)
        or all(w in lists["places"] for w in low)
        or _all_places(name.split())
    )


def _same_person(short: str, full: str) -> bool:
    s = short.casefold().replace("-", " ").split()
    f = full.casefold().replace("-", " ").split()
    return len(s) < len(f) and (f[: len(s)] == s or f[-len(s) :] == s or all(w in f for w in s))


def _select_people(people: list[tuple[str, int]], known: tuple[str, ...], lead: int, scene: set[int]) -> list[str]:
    """Fullest form of each person, from the sentences that are about the scene."""
    if not people:
        return []
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
        kind, name = _classify(span, False, registry)
        if kind == "person" and len(name.split()) >= 2 and name not in out:
            out.append(name)
    return tuple(out)
