"""Judge where an image comes from, and say why in words an editor can check."""

from __future__ import annotations

import re
from functools import cache

from .. import vocab
from ..organisations.folding import fold_with_positions
from ..organisations.registry import CONTROL_CLASSES, Agency
from ..record import Disclaimer, Provenance
from .attribution import Attribution
from .caseless import Caseless
from .credit import CreditParse
from .literal_filter import LiteralFilter


@cache
def _disclaimer_patterns() -> tuple[Caseless, LiteralFilter, tuple[tuple[str, re.Pattern], ...]]:
    rows = vocab.rows("disclaimers.csv")
    anything = Caseless("|".join(f"(?:{r['pattern']})" for r in rows))
    words = LiteralFilter([r["pattern"] for r in rows], re.IGNORECASE)
    return anything, words, tuple((r["kind"], re.compile(r["pattern"], re.IGNORECASE)) for r in rows)


def find_disclaimers(text: str) -> list[Disclaimer]:
    """Verifiability, usage and territory statements in a caption, with the sentence they stand in.
    Only the patterns whose words are all in the caption are run (most captions have none)."""
    out: list[Disclaimer] = []
    anything, words, patterns = _disclaimer_patterns()
    confirmed = False
    for i in words.candidates(text):
        kind, pattern = patterns[i]
        for m in pattern.finditer(text):
            # outside ASCII a pattern's IGNORECASE and the caseless search's lower-casing may part
            # ("ſ" matches "s"): there the caseless search of them all has the last word, as before
            if not confirmed and not text.isascii():
                if not anything.search(text):
                    return out
                confirmed = True
            if kind != "verifiability" and not (m.group(0).isupper() or _in_brackets(text, m.start())):
                continue  # usage notes are written in capitals or brackets, not in a sentence
            if kind == "verifiability":
                sentence = _sentence_around(text, m.start(), m.end())
            elif _in_brackets(text, m.start()):
                sentence = text[text.rfind("(", 0, m.start()) + 1 :].split(")", 1)[0].strip()
            else:
                sentence = m.group(0)
            if not any(d.text == sentence for d in out):
                out.append(Disclaimer(kind, sentence))
    return out


def _in_brackets(text: str, pos: int) -> bool:
    return text.rfind("(", 0, pos) > text.rfind(")", 0, pos)


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind("(", 0, start) - 1)
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end), text.find(")", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return " ".join(text[left + 1 if left >= 0 else 0 : right + 1].split()).strip(" ()")


def assess_provenance(
    chain: list[Agency],
    credit: CreditParse,
    attributions: list[Attribution],
    raw_text: str,
    file_marker: bool = False,
    pool_marker: bool = False,
    description: str = "",
) -> Provenance:
    """Flags and reasons for one caption.  Pure: everything it needs is passed in."""
    p = Provenance()
    _state_media(p, chain, credit)
    _disclaimers(p, raw_text)
    _handout(p, chain, credit, attributions)
    _markers(p, credit, file_marker, pool_marker, description)
    for reason in review_reasons(chain, credit, attributions):
        p.add("needs_review", reason)
    p.level = _level(p, chain)
    if p.level == "third_party":
        p.note(
            "third_party",
            f"the image comes from {chain[0].name} and was passed on by {', '.join(a.name for a in chain[1:])}",
        )
    return p


def _state_media(p: Provenance, chain: list[Agency], credit: CreditParse) -> None:
    origin = chain[0] if chain else None
    if origin is not None and origin.state_controlled:
        p.add("state_media", f"origin {origin.name} is {_state_controlled(origin)}")
    for agency in credit.joint_sources:
        # "Royal Court and SPA photos": the image comes from one of them, maybe the state outlet
        if agency.state_controlled and not p.state_media:
            p.add(
                "state_media",
                f"the credit names {agency.name} as one of the sources of its photos; "
                f"{agency.name} is {_state_controlled(agency)}",
            )
    for agency in chain[1:]:
        if agency in credit.joint_sources:
            continue
        if agency.state_controlled and origin is not None and not origin.state_controlled:
            p.note("notes", f"{agency.name} (state-controlled) only passed the image on; the origin is {origin.name}")


def _state_controlled(agency: Agency) -> str:
    return (
        f"state-controlled media ({agency.country_name}; State Media Monitor: {agency.control}, "
        f"{CONTROL_CLASSES.get(agency.control, '')}): its content cannot be independently verified"
    )


def _disclaimers(p: Provenance, raw_text: str) -> None:
    p.disclaimers = find_disclaimers(raw_text)
    for d in p.disclaimers:
        if d.kind == "verifiability":
            p.add("disclaimer", f"the caption says: \u201c{d.text}\u201d")


def _handout(p: Provenance, chain: list[Agency], credit: CreditParse, attributions: list[Attribution]) -> None:
    """A party to the story supplied the image: a government or army, a company, a campaign."""
    origin = chain[0] if chain else None
    if origin is not None and origin.government:
        p.add("handout", f"origin {origin.name} is a {origin.kind} source, a party to the story")
    elif origin is not None and origin.kind == "party":
        p.add(
            "handout",
            f"origin {origin.name} is a party to the story (a company, campaign or institution), "
            "not a news organisation",
        )
    if credit.handout:
        p.add("handout", f"the credit marks the image as a handout or supplied (\u201c{credit.raw}\u201d)")
    for agency in credit.courtesy_of:
        if not agency.news_organisation:
            p.add("handout", f"the credit says the image is courtesy of {agency.name}, not a news organisation")
    for a in attributions:
        if a.agency.government:
            p.add("handout", f"the caption says the image came from {a.agency.name} (\u201c{_short(a.phrase)}\u201d)")


_FILE_IN_TEXT = re.compile(
    r"(?:^|\b[Tt]his\b[^.]{0,40}?\b)(?:composite )?file (?:photo|picture|image)\b|^File (?:photo|picture)"
)


def _calls_itself_file(description: str) -> bool:
    # every match holds "file " or starts with "File ": most descriptions hold neither, and skip the search
    return ("file " in description or description.startswith("File ")) and _FILE_IN_TEXT.search(description) is not None


def _markers(p: Provenance, credit: CreditParse, file_marker: bool, pool_marker: bool, description: str) -> None:
    if credit.pool or pool_marker:
        p.add("pool", "the credit marks it as a pool photo" + (f" (\u201c{credit.raw}\u201d)" if credit.raw else ""))
    if credit.file_photo or file_marker:
        p.add("file_photo", "the caption marks it as a file (archive) photo")
    elif _calls_itself_file(description):
        p.add("file_photo", "the caption calls it a file photo")
    if credit.anonymous:
        p.add("anonymous", "the credit names no photographer, only a placeholder such as Stringer or STR")


def _level(p: Provenance, chain: list[Agency]) -> str:
    """State media and handouts are findings that stand on their own evidence; "independent" and
    "third party" are claims about a credit we read in full, so an unread credit makes it "unknown"."""
    if p.state_media:
        return "state_media"
    if p.handout:
        return "handout"
    if p.needs_review or not chain:
        return "unknown"
    return "third_party" if len(chain) > 1 else "independent"


def review_reasons(chain: list[Agency], credit: CreditParse, attributions: list[Attribution]) -> list[str]:
    """Why the credit of a caption cannot be taken as read, in words an editor can act on."""
    if not credit.raw and not chain:
        return ["no credit"]
    out = []
    shown = _short(credit.raw, 70)
    for text in credit.unread:
        out.append(f"credit '{shown}': '{text}' could not be read as a person or an organisation")
    for agency in chain:
        if not agency.registered:
            out.append(f"credit '{shown}': '{agency.name}' is not a known organisation")
    if not chain:
        out.append(f"credit '{shown}' names no organisation")
    elif chain[0].kind == "social":
        # who posted it, and whether it shows what it claims, is for a person to check
        out.append(
            f"the image was taken from a post on {chain[0].name}, a social network, not from a news organisation"
        )
    hidden = () if credit.raw.isascii() else fold_with_positions(credit.raw).hidden  # ASCII hides nothing
    if hidden:
        # a credit doctored so that a name escapes the eye (KC\u200bNA, a Cyrillic С in KCNA) is read as
        # the name, and an editor is told: the raw text is stored as it came
        marks = ", ".join(sorted({f"U+{ord(credit.raw[i]):04X}" for i in hidden}))
        out.append(
            f"hidden characters in the credit: invisible or look-alike letters ({marks}) were folded before it was read"
        )
    return out


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
