"""People named in Hangul, Chinese and Japanese captions, where names are not capitalised.

Korean captions put the title after the name ("김정은 국무위원장", "박도춘 당비서") with the
organisation in between ("김영남 최고인민회의 상임위원장"), a relation before it ("부인 이설주"),
list several names joined by "·" before one title, and glue case particles to names ("이설주가").
Chinese and Japanese write the title right after the name with no space ("習近平総書記",
"尹大統領"), or a reading in kana in brackets after it ("習近平(しゅう・きんぺい)").
A name is only taken when one of these conventions vouches for it; the words are data.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import vocab

_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_KATAKANA = re.compile(r"[\u30a0-\u30ff]")
# any of the three: a text without them has no names or places of this module, in one search
_ANY_SCRIPT = re.compile(r"[\u30a0-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def has_script_names(text: str) -> bool:
    """Can the text hold names or places in Hangul, Chinese characters or kana?"""
    return _ANY_SCRIPT.search(text) is not None


@cache
def _words(name: str, kind: str) -> tuple[str, ...]:
    """Words of one kind, longest first."""
    return tuple(sorted({r["word"] for r in vocab.rows(name) if r["kind"] == kind}, key=len, reverse=True))


# --- Korean ----------------------------------------------------------------------------------

# Brackets hold position notes, readings and asides ("(왼쪽)", "(しゅう・きんぺい)"); one ending
# in a day is the caption's dateline ("（ソウルで、３日）") and stays
_BRACKETS = re.compile(r"\((?![^()\n]{0,30}\d日\))[^()\n]{0,30}\)|（(?![^（）\n]{0,30}\d日）)[^（）\n]{0,30}）")
_TOKEN = re.compile(r"[\uac00-\ud7af0-9]+(?:·[\uac00-\ud7af]+)*|[^\s\uac00-\ud7af]+")
_TITLE_REACH = 4  # a title this many words after the name still belongs to it


@lru_cache(maxsize=16384)
def _strip_particle(word: str) -> str:
    """The word without its longest particle.  Cached: asked of every token several times (as a
    name, a title, a relation), and words recur."""
    particles = _word_set("hangul_names.csv", "particle")
    for n in _lengths_longest_first("hangul_names.csv", "particle"):
        if len(word) > n and word[-n:] in particles:
            return word[:-n]
    return word


def _name_shaped(word: str) -> bool:
    """Two to four syllables opening with a family name: "박진", "김정은", "남궁민수"; not a common
    word that happens to open with one ("이날", "노동당")."""
    if not 2 <= len(word) <= 4 or not all(_HANGUL.match(c) for c in word):
        return False
    not_name = _word_set("hangul_names.csv", "not_name")
    if word in not_name or _strip_particle(word) in not_name:
        return False
    surnames = _word_set("hangul_names.csv", "surname")
    return any(word[:n] in surnames and len(word) - n in (1, 2) for n in (1, 2))


@lru_cache(maxsize=16384)
def _candidate(word: str) -> str | None:
    """The name in a word, without a particle: "이설주가" -> "이설주".  A bare three-syllable word
    stays whole ("김정은" is a name, not "김정" + "은")."""
    if _name_shaped(word) and len(word) <= 3:
        return word
    bare = _strip_particle(word)
    return bare if bare != word and _name_shaped(bare) else None


@lru_cache(maxsize=16384)
def _is_title(word: str) -> bool:
    titles = _word_set("hangul_names.csv", "title")
    bare = _strip_particle(word)
    return any(bare[-n:] in titles or word[-n:] in titles for n in _lengths("hangul_names.csv", "title"))


@cache
def _word_set(name: str, kind: str) -> frozenset[str]:
    return frozenset(_words(name, kind))


@cache
def _lengths(name: str, kind: str) -> tuple[int, ...]:
    return tuple(sorted({len(w) for w in _words(name, kind)}))


@cache
def _lengths_longest_first(name: str, kind: str) -> tuple[int, ...]:
    return _lengths(name, kind)[::-1]


def hangul_people(text: str) -> list[str]:
    """Korean names vouched for by a title after them, a relation before them, or a "from left"
    list; then other mentions of the same names."""
    if not _HANGUL.search(text):
        return []
    clean = _BRACKETS.sub(" ", text)
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?。])\s+", clean):
        tokens = _TOKEN.findall(sentence)
        scene = any(marker in sentence for marker in _words("hangul_names.csv", "scene"))
        i = 0
        while i < len(tokens):
            names, i = _names_at(tokens, i, scene)
            found += [n for n in names if n not in found]
    return found


def _names_at(tokens: list[str], i: int, scene: bool) -> tuple[list[str], int]:
    """The names in token i, and the token to read next: a name's title phrase is not read again
    for names ("김정은 북한 국방위 제1위원장": "국방위" is the commission, not a second person)."""
    parts = tokens[i].split("·")
    found = [_candidate(p) for p in parts]
    names = [name for name in found if name]
    if len(names) < len(found):
        return [], i + 1
    bare = len(parts) > 1 or names[0] == parts[0]
    title_at = _title_after(tokens, i) if bare else None
    if title_at is not None:
        return names, title_at + 1
    if i and _is_relation(tokens[i - 1]):
        return names, i + 1
    if scene and (i + 1 == len(tokens) or tokens[i + 1] in (",", "，")):
        return names, i + 1
    return [], i + 1


def _is_relation(word: str) -> bool:
    """ "부인", "딸", or with the copula: "할아버지인"."""
    relations = _word_set("hangul_names.csv", "relation")
    bare = _strip_particle(word)
    return word in relations or bare in relations or (word.endswith("인") and word[:-1] in relations)


def _title_after(tokens: list[str], i: int) -> int | None:
    """Where the title of the name at i is, if one follows within reach.  Punctuation, another
    name, a lone family name ("김 위원장": that title is his) or a word with a case ending closes
    the phrase; "전" (former) and an organisation in the genitive ("최고인민회의 상임위원장") do not."""
    surnames = _word_set("hangul_names.csv", "surname")
    prefixes = _word_set("hangul_names.csv", "title_prefix")
    for j in range(i + 1, min(len(tokens), i + 1 + _TITLE_REACH)):
        token = tokens[j]
        if _is_title(token):
            return j
        if token in prefixes:
            continue
        bare = _strip_particle(token)
        if (
            not _HANGUL.match(token[:1])
            or token in surnames
            or (bare != token and not token.endswith("의"))
            or _candidate(token)
        ):
            return None
    return None


# --- Chinese and Japanese --------------------------------------------------------------------


@cache
def _han_name_re() -> re.Pattern:
    surnames = "|".join(_words("cjk_names.csv", "surname"))
    titles = "|".join(_words("cjk_names.csv", "title"))
    return re.compile(
        rf"(?<![\u4e00-\u9fff])(?P<name>(?:{surnames})[\u4e00-\u9fff]{{0,2}}?)"
        rf"(?:(?:{titles})|[(（][\u3040-\u30ff・、]+[)）])"
    )


@cache
def _han_title_first_re() -> re.Pattern:
    """Chinese order: the title, then the name, then a verb or a stop ("国家主席习近平在北京会见",
    "总理李强出席")."""
    surnames = "|".join(_words("cjk_names.csv", "surname"))
    titles = "|".join(t for t in _words("cjk_names.csv", "title") if t != "氏")
    after = "".join(_words("cjk_names.csv", "after_name"))
    return re.compile(rf"(?:{titles})(?P<name>(?:{surnames})[\u4e00-\u9fff]{{1,2}}?)(?=[{after}]|$)")


def han_people(text: str) -> list[str]:
    """Chinese-character names with a title right after them or their reading in kana
    (Japanese order), or with a title right before them and a verb after (Chinese order)."""
    if not _HAN.search(text):
        return []
    found: list[str] = []
    for pattern in (_han_name_re(), _han_title_first_re()):
        for m in pattern.finditer(text):
            if m["name"] not in found:
                found.append(m["name"])
    return found


# --- places in Hangul and Chinese characters ---------------------------------------------------


def _photo_sentences(sentences: list[str]) -> list[str]:
    """The first sentence and any sentence that says it describes the photo ("写真は", "사진은"):
    later sentences of Chinese and Korean items give background ("河南省8500万亩小麦...")."""
    markers = _photo_markers()
    return sentences[:1] + [s for s in sentences[1:] if s.lstrip().startswith(markers)]


@cache
def _photo_markers() -> tuple[str, ...]:
    return tuple(r["word"] for r in vocab.rows("date_words.csv") if r["kind"] == "photo_marker")


def script_places(text: str) -> list[str]:
    """Places named in Chinese characters, kana or Hangul in the sentences about the photo."""
    found: list[str] = []
    if _HAN.search(text) or _KATAKANA.search(text):
        clean = _BRACKETS.sub(" ", text)
        for sentence in _photo_sentences(re.split(r"(?<=。)", clean)):
            found += [p for p in _han_places(sentence) if p not in found]
    if _HANGUL.search(text):
        clean = _BRACKETS.sub(" ", text)
        for sentence in _photo_sentences(re.split(r"(?<=[.!?])\s+", clean)):
            found += [p for p in _hangul_places(sentence) if p not in found]
    return found


@cache
def _han_place_re() -> re.Pattern:
    """A run of Chinese characters ending in an administrative suffix ("周口市", "羅甸縣"), or a city
    known by name ("北京", "ソウル")."""
    suffixes = "".join(_words("cjk_names.csv", "place_suffix"))
    boundaries = "".join(_words("cjk_names.csv", "boundary"))
    known = "|".join(re.escape(p) for p in _words("cjk_names.csv", "place"))
    return re.compile(
        rf"(?P<admin>(?:(?![{boundaries}{suffixes}])[\u4e00-\u9fff]){{1,11}}[{suffixes}])|(?P<known>{known})"
    )


def _han_places(sentence: str) -> list[str]:
    not_place = _word_set("cjk_names.csv", "not_place")
    out = []
    for m in _han_place_re().finditer(sentence):
        name = m.group(0)
        # "村民" (villagers), "市长" (mayor): the suffix starts another word
        if m["admin"] and (
            name in not_place or name[-2:] in not_place or sentence[m.end() - 1 : m.end() + 1] in not_place
        ):
            continue
        out.append(name)
    return out


def _hangul_places(sentence: str) -> list[str]:
    """Known cities ("평양에서"), and addresses of two or more divisions ("황해북도 금천군 강북리")."""
    known = _word_set("hangul_names.csv", "place")
    suffixes = _word_set("hangul_names.csv", "place_suffix")
    not_name = _word_set("hangul_names.csv", "not_name")

    def division(word: str) -> bool:
        return len(word) >= 2 and word[-1] in suffixes and word not in not_name and bool(_HANGUL.match(word))

    out: list[str] = []
    run: list[str] = []
    for token in _TOKEN.findall(sentence) + [""]:
        bare = _strip_particle(token)
        # "양강도" ends in a division, not in the particle 도; "강북리에" ends the address
        name = token if division(token) else bare if division(bare) else None
        if name:
            run.append(name)
        if name and name == token:
            continue
        if len(run) >= 2:
            out += run
        run = []
        if bare in known or _is_facility(bare):
            out.append(bare)
    return out


def _is_facility(word: str) -> bool:
    """ "금수산태양궁전", "능라인민유원지": a named palace, park or hall, written as one word."""
    return (
        len(word) >= 4
        and bool(_HANGUL.match(word))
        and word not in _word_set("hangul_names.csv", "not_name")
        and any(word.endswith(f) and len(word) > len(f) + 1 for f in _words("hangul_names.csv", "facility"))
    )
