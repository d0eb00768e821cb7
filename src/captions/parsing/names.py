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
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .. import vocab
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
_CONNECTORS = frozenset("of de du des la le del della di da bin ibn bint van von der den y for".split())
_LEAD_LINES = re.compile(r"^(?:from (?:left|right)|(?:left|right) to (?:right|left)|(?:(?:second|third|fourth|fifth|far)\s+)?(?:left|right|cent(?:er|re))\s*[:,]|pictured|also pictured|in the (?:background|foreground)|foreground|background)", re.IGNORECASE)


class Span(NamedTuple):          # a tuple: made ten times per caption, a frozen dataclass costs 4× more
    text: str
    start: int
    end: int
    sentence: int
    before: str       # the word before the span (lower case), for context
    after: str
    title: bool       # a title or rank stood in front of the name
    possessive: bool
    lead_in: str = ""  # the word before, looking past "the": "at" in "at the Great Hall"


@lru_cache(maxsize=None)
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
        "weekdays": frozenset(vocab.weekdays()),
    }


def clean_markers(text: str) -> str:
    text = _MARKER_PAREN.sub(" ", text)
    return _MARKER_COMMA.sub("", text)


def _is_cap(tok: str) -> bool:
    """A word that may stand in a name: capitalised, or "al-Assad" style."""
    t = tok.strip("\"'“”")
    if not t:
        return False
    return t[0].isupper() or bool(re.match(r"^(?:al|el|ad|as|ash|at|az|bin|ibn|abu|de|di|da|van|von)-[^\W\d_]", t)
                                   and re.match(r"^[a-z]+-([A-Z])", t))


_ABBREV_WORD = r"(?:[A-Z]\.|Gen\.|St\.|Jr\.|Sr\.|Dr\.|Mr\.|Mrs\.|Ms\.|Lt\.|Col\.|Sgt\.|Capt\.|Maj\.|Adm\.|Sen\.|Rep\.|Gov\.|Prof\.|Rev\.|[IVX]+\.)"
_CAP_WORD = (r"(?:" + _ABBREV_WORD + r"|[A-ZÀ-ÖØ-ÞĀ-ſ\u0400-\u042f][\w'’\-]*|(?:al|el|ad|as|ash|at|az|bin|ibn|abu)-[A-Z][\w'’\-]*"
             r"|\"[A-Z][\w\-]*\")")
_TRAILING_PLACE_EXCLUDED = frozenset({"home", "house", "site", "area", "state", "base", "plant", "room", "border", "zone"})


@lru_cache(maxsize=None)
def _run_re() -> re.Pattern:
    """A run of capitalised words, with connectors inside and a lower-case place word after
    ("Ryanggang province", "Tal Abyad street market" stops at "street")."""
    trailing = sorted((w for w in _lists()["place_words"] if not w.endswith("*") and " " not in w
                       and w not in _TRAILING_PLACE_EXCLUDED), key=len, reverse=True)
    return re.compile(
        _CAP_WORD + r"(?:[ \t](?:(?:of the|of|de|du|des|la|le|del|della|di|da|bin|ibn|bint|van|von|der|den|y|for)[ \t])?"
        + _CAP_WORD + r")*"
        r"(?:[ \t](?:" + "|".join(re.escape(w) for w in trailing) + r")\b)?")


def spans(text: str) -> list[Span]:
    """Runs of capitalised words, allowing "of", "bin", "al-" and initials inside."""
    lists = _lists()
    sentence_starts = []
    pos = 0
    for s in split_sentences(text):
        i = text.find(s, pos)
        sentence_starts.append(max(i, 0))
        pos = max(i, 0) + len(s)
    out: list[Span] = []
    for m in _run_re().finditer(text):
        start, end = m.start(), m.end()
        if start and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
            continue                                  # inside a word ("McDonald", "iPhone")
        words = m.group(0).split()
        # a possessive ends the name unless a capitalised word follows ("Korean People's Army")
        possessive = False
        last = words[-1]
        if len(last) > 2 and (last.endswith("'s") or last.endswith("’s") or last.endswith("s'")):
            possessive = True
            words[-1] = re.sub(r"['’]s$|(?<=s)'$", "", last)
        raw = " ".join(words)
        before_text = text[max(0, start - 40):start]
        before_words = before_text.split()
        before = before_words[-1].casefold() if before_words else ""
        if before_text[-1:].strip() == "" and before_words and before_text.rstrip()[-1:] in ",.;:":
            before = before_text.rstrip()[-1]
        before2 = " ".join(w.casefold() for w in before_words[-3:])
        rest = text[end:end + 30].split()
        after = rest[0] if rest else ""
        sentence = bisect_right(sentence_starts, start) - 1
        title = _ends_with_title(before2) or before in lists["titles"]
        lead_in = before
        if (before == "the" or before in lists["place_lead"]) and len(before_words) > 1:
            # "at the Great Hall", "near Cutro, southern Italy", "in central Raqqa"
            lead_in = before_words[-2].casefold()
            if lead_in.endswith(",") and before in lists["place_lead"]:
                lead_in = ","
        out.append(Span(raw, start, end, max(sentence, 0), before, after, title, possessive, lead_in))
    return out


@lru_cache(maxsize=None)
def _reversed_titles_re() -> re.Pattern:
    titles = sorted((t for t in _lists()["titles"] if " " in t or len(t) > 2), key=len, reverse=True)
    return re.compile("|".join(re.escape(t[::-1]) for t in titles))


def _ends_with_title(text: str) -> bool:
    """Does `text` end with a title ("... north korean leader")?  Matched on the reversed text from
    its start: one anchored try instead of a search through every position."""
    return _reversed_titles_re().match(text[::-1]) is not None


@lru_cache(maxsize=None)
def _title_shapes() -> tuple[frozenset[str], tuple[int, ...]]:
    """First words of the titles, and their lengths in words, longest first."""
    titles = _lists()["titles"]
    return frozenset(t.split()[0] for t in titles if t.split()), \
        tuple(sorted({len(t.split()) for t in titles}, reverse=True))


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


@lru_cache(maxsize=None)
def _stop_all() -> frozenset[str]:
    words = set(_lists()["common"])
    for row in vocab.rows("stopwords.csv"):
        words.update(row["words"].split())
    return frozenset(words)


@lru_cache(maxsize=8192)
def _is_descriptor(word: str) -> bool:
    lists = _lists()
    low = word.casefold().strip(".")
    from ..organisations.registry import AgencyRegistry
    return low in lists["not_person"] or low in lists["place_words"] or has_org_word(word) \
        or low in lists["titles"] or (len(word) > 2 and AgencyRegistry.default().lookup(word) is not None)


def _classify(span: Span, first_in_sentence: bool, lead: bool = True, require_title: bool = False) -> tuple[str, str]:
    """("person" | "person?" | "place" | "", name)."""
    lists = _lists()
    stop = _stop_all()
    words = span.text.split()
    before = span.before
    # sentence-initial function words and gerunds: "When Xi Jinping", "Wearing Chicago Cubs"
    while words and (words[0].casefold() in stop or
                     (first_in_sentence and words[0].endswith("ing") and len(words) > 1)):
        before = words[0].casefold()
        words = words[1:]
        first_in_sentence = False
    while words and words[0].casefold() in _CONNECTORS | {"the"} and len(words) > 1 and words[0].islower():
        words = words[1:]
    words, had_title = _strip_title(words)
    had_title = had_title or span.title
    # trailing month names, single letters and common nouns ("Puerto Rico February", "Italy People")
    # (a common noun after "of" belongs to the name: "Great Hall of the People")
    while len(words) > 1 and (words[-1].casefold() in lists["months"] or len(words[-1]) == 1
                              or words[-1].casefold() in lists["common"] and words[-2].casefold() not in _CONNECTORS | {"the"}):
        words = words[:-1]
    while words and words[-1].casefold() in _CONNECTORS:
        words = words[:-1]
    if not words:
        return "", ""
    name = " ".join(words)
    folded = name.casefold()
    low_words = [w.casefold().strip(".") for w in words]
    if folded in lists["places"]:
        return "place", name
    if all(w in lists["places"] for w in low_words) or _all_places(words):
        return "place", name
    if folded in lists["demonyms"] or all(w in lists["demonyms"] for w in low_words):
        return "", ""
    if any(ch.isdigit() for ch in name):
        return "", ""
    if any(w in lists["place_words"] for w in low_words) or _has_stem(folded, lists["place_words"]):
        if not had_title:
            return "place", name
    # a descriptor, then a name: "Tiantan Awards Zhang Yimou", "Ansa Luigi Contu", "Frankfurt's Stefan IIsanker"
    cut = max((i for i, w in enumerate(words) if _is_descriptor(w) or w.endswith(("'", "’", "'s", "’s"))), default=-1)
    if 0 <= cut < len(words) - 2 or (0 <= cut and re.search(r"['’]s?$", words[cut]) and cut < len(words) - 1):
        tail = words[cut + 1:]
        if tail[0][:1].isupper() and all(not _is_descriptor(w) for w in tail):
            words = tail
            name = " ".join(words)
            low_words = [w.casefold().strip(".") for w in words]
            first_in_sentence = False
    if has_org_word(name) or any(w in lists["not_person"] for w in low_words):
        return "", ""
    if words[0].casefold() in ("the", "a", "an") or (name.isupper() and len(name) > 3):
        return "", ""
    if len(words) > 1 and re.fullmatch(r"[A-Z]{2,}", words[0]):
        return "", ""                               # "SV Werder Bremen", "KPA Large Combined Units"
    if require_title and not had_title:
        return "", ""
    if not had_title and (low_words[0] in lists["demonyms"] or any(w in lists["places"] for w in low_words)):
        return "", ""                               # "German Bundesliga", "Eintracht Frankfurt"
    if had_title:
        return "person", name
    if len(words) >= 2:
        return "person", name
    # one word: a person only in a person's slot
    word = words[0]
    low = low_words[0]
    if low in stop or low in lists["demonyms"] or len(word) < 3 or low.endswith(("ing", "men")):
        return "", ""
    if before in ("a", "an") and span.after[:1].islower():
        return "person", word                       # "A Mousavi supporter"
    if lead and first_in_sentence and span.after[:1].islower() and not word.endswith("s") and not span.possessive:
        return "person", word                       # "Putin looking concerned", "Kim tours"
    # any other lone name ("meeting with Kim", "Kim's motorcade") counts only when a fuller
    # form of it is known from the caption or the article around it
    return "person?", word


def _all_places(words: list[str]) -> bool:
    """"Moscow Russia": every part is a known place."""
    places = _lists()["places"]
    i, n = 0, len(words)
    while i < n:
        for k in (3, 2, 1):
            if i + k <= n and " ".join(words[i:i + k]).casefold() in places:
                i += k
                break
        else:
            return False
    return n > 1


@lru_cache(maxsize=None)
def _place_stem_re() -> re.Pattern:
    stems = [w[:-1] for w in _lists()["place_words"] if w.endswith("*")]
    return re.compile("|".join(re.escape(s) for s in stems) or r"(?!)")


def _has_stem(folded: str, words: frozenset[str]) -> bool:
    return bool(_place_stem_re().search(folded))


@dataclass(frozen=True)
class Names:
    people: tuple[str, ...]
    places: tuple[str, ...]


_PLACE_BEFORE = frozenset(
    "in at near outside inside around across from into towards toward over through on visits visit visiting "
    "leaves leaving tours inspects i à en im auf nel nella a dans på ved bei".split())
_QUOTE = re.compile(r"''(.*?)''|\"([^\"]*)\"|“([^”]*)”|«([^»]*)»")


def _mask_titles(text: str) -> str:
    """Blank out quoted titles ("Work Together to Build ..."), which are all capitals and no names."""
    def repl(m: re.Match) -> str:
        inner = next(g for g in m.groups() if g is not None)
        words = re.findall(r"[^\W\d_][\w'-]*", inner)
        caps = sum(1 for w in words if w[0].isupper())
        if len(words) >= 2 and caps / len(words) >= 0.6:
            return " " * len(m.group(0))
        return m.group(0)
    return _QUOTE.sub(repl, text)


# Languages that capitalise every noun: there a name needs a title in front to count as a person.
_NOUN_CAPITALISING = frozenset({"de"})


def find_names(description: str, known_people: tuple[str, ...] = (), language: str = "en") -> Names:
    """People and places in a description.  `known_people` are fuller names from the article
    around the caption, used to resolve a bare "Kim" or "Pompeo"."""
    text = _mask_titles(clean_markers(description))
    sentences = split_sentences(text)
    lead = next((i for i, sent in enumerate(sentences) if len(re.findall(r"[^\W\d_]+", sent)) >= 4), 0)
    scene = {i for i, sent in enumerate(sentences) if i == lead or _LEAD_LINES.match(sent.strip())}
    found = spans(text)
    people: list[tuple[str, int]] = []
    maybe: list[tuple[str, int]] = []
    places: list[str] = []
    sentence_seen: set[int] = set()
    kinds = []
    for span in found:
        first = span.sentence not in sentence_seen and text[:span.start].rstrip()[-1:] in ("", ".", "!", "?", "|", ":", "-")
        sentence_seen.add(span.sentence)
        kinds.append(_classify(span, first, lead=span.sentence == lead, require_title=language in _NOUN_CAPITALISING))
    for i, (span, (kind, name)) in enumerate(zip(found, kinds)):
        if kind in ("person", "person?") and span.before in _PLACE_BEFORE and not span.title \
                and span.before not in ("on", "from", "a", "visits", "visit", "visiting") and len(name.split()) > 1:
            kind = "place"                          # "outside Veliky Novgorod"
        elif kind in ("person?", "") and name and not span.title and not span.possessive \
                and name.casefold() not in _lists()["months"] and name.casefold() not in vocab.weekdays() \
                and not any(_same_person(name, k) or name == k for k in known_people) \
                and (span.lead_in in _WHERE or span.lead_in in ("from", "of") and _followed_by_place(text, found, kinds, i)):
            # a lone name where a place goes: "in Khabarovsk", "near Cutro, southern Italy",
            # "from Chilmark, Mass." (the dateline order: town, then region or country)
            kind = "place"
        if kind == "person":
            people.append((name, span.sentence))
        elif kind == "person?":
            maybe.append((name, span.sentence))
        elif kind == "place" and (span.lead_in in _PLACE_BEFORE or span.lead_in in ("", ",", "of", "to", "for")):
            for part in _split_place(name):
                if part not in places:
                    places.append(part)
    people += [(n, s) for n, s in maybe if any(_same_person(n, p) for p, _ in people) or
               any(_same_person(n, k) for k in known_people)]
    return Names(tuple(_select_people(people, known_people, lead, scene)), tuple(places))


_WHERE = frozenset("in near outside inside at à en im nel nella dans på ved bei".split())
def _followed_by_place(text: str, found: list[Span], kinds: list, i: int) -> bool:
    """The span is followed by ", <a place>" ("Cutro, southern Italy", "Chilmark, Mass.")."""
    end = found[i].end
    tail = text[end:end + 40]
    m = re.match(r",\s*((?:[a-z]+ )?)(\S+)", tail)
    if not m:
        return False
    if m.group(2).casefold().rstrip(",") in _lists()["ap_states"]:
        return True
    if i + 1 < len(found) and kinds[i + 1][0] == "place":
        return found[i + 1].start == end + m.start(2)
    return False


def _split_place(name: str) -> list[str]:
    """"Xiqing District, Tianjin" -> both; "South Lawn of the White House" and "northwest China's
    Shaanxi Province" -> both parts, when the part after "of" or the possessive is a place itself."""
    out = []
    for part in (p.strip() for p in re.split(r",\s*", name) if p.strip()):
        m = re.match(r"(.+?)(?:\s+of(?:\s+the)?\s+|['’]s\s+)(.+)$", part)
        if m and _is_place_name(m.group(2)) and _is_place_name(m.group(1)):
            out += _split_place(m.group(1)) + _split_place(m.group(2))
        else:
            out.append(part)
    return out


def _is_place_name(name: str) -> bool:
    lists = _lists()
    low = [w.casefold().strip(".") for w in name.split()]
    return name.casefold() in lists["places"] or any(w in lists["place_words"] for w in low) \
        or all(w in lists["places"] for w in low) or _all_places(name.split())


def _same_person(short: str, full: str) -> bool:
    s = short.casefold().replace("-", " ").split()
    f = full.casefold().replace("-", " ").split()
    return len(s) < len(f) and (f[:len(s)] == s or f[-len(s):] == s or all(w in f for w in s))


def _select_people(people: list[tuple[str, int]], known: tuple[str, ...], lead: int, scene: set[int]) -> list[str]:
    """Fullest form of each person.  People from later sentences count when the sentence is about
    the scene ("From left: ...") or about someone already in the lead sentence; other background
    sentences name other people."""
    if not people:
        return []
    anchors = {w.casefold() for n, s in people if s in scene for w in re.split(r"[\s\-]+", n)}
    by_sentence: dict[int, list[str]] = {}
    for name, sentence in people:
        by_sentence.setdefault(sentence, []).append(name)
    kept: list[str] = []
    for sentence in sorted(by_sentence):
        names = by_sentence[sentence]
        if sentence < lead:
            pass
        elif sentence not in scene and not any(
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
