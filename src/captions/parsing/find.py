"""Find the photo captions in an article's text.

Pages print captions in a few layouts: a credit line on its own line before the caption
("KCNA via Reuters" / "A more jovial version."), a credit glued to the end of the caption
("...yesterday (Feb. 25).Image: Reuters/Stringer"), AP captions followed by a platform credit and
printed twice ("... (KCNA/KNS via AP) © Getty ... (KCNA/KNS via AP)"), and photos with only a credit
("© name/Shutterstock").  Body text has no credit and is never a caption.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .. import vocab
from ..organisations.registry import AgencyRegistry
from .credit import ORG, parse_credit
from .split import credit_is_valid, is_credit_line, split_caption


@dataclass(frozen=True)
class FoundCaption:
    text: str
    line: int  # 1-based line of the article where the caption starts
    layout: str  # credit-before | credit-after | inline | platform-credit | credit-only


def _is_chrome(line: str) -> bool:
    folded = line.casefold().strip()
    if folded.strip(" .:") in vocab.words("page_chrome.txt"):
        return True
    return any(folded.startswith(p) for p in vocab.words("chrome_prefixes.txt"))


def _multi_credit(line: str, registry: AgencyRegistry) -> list[str] | None:
    """ "US Government via Reuters, KCNA via Reuters": one credit per photo of a pair."""
    parts = [p.strip() for p in re.split(r",\s+|\s+;\s+", line) if p.strip()]
    if len(parts) < 2:
        return None
    if all(re.search(r"/|\bvia\b", p, re.IGNORECASE) and is_credit_line(p, registry) for p in parts):
        return parts
    return None


def find_captions(text: str, registry: AgencyRegistry | None = None) -> list[FoundCaption]:
    registry = registry or AgencyRegistry.default()
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kinds = [_line_kind(line, registry) for line in lines]
    found: list[FoundCaption] = []
    used: set[int] = set()
    for i, kind in enumerate(kinds):
        if kind == "multi":
            found += [FoundCaption(part, i + 1, "credit-only") for part in _multi_credit(lines[i], registry) or []]
            used.add(i)
        elif kind == "credit":
            found.append(_pair_credit_line(lines, kinds, i, used, registry))
    for i, kind in enumerate(kinds):
        if kind == "text" and i not in used:
            found += [FoundCaption(caption, i + 1, layout) for caption, layout in _inline_captions(lines[i], registry)]
    found.sort(key=lambda f: f.line)
    return _dedupe(found)


def _line_kind(line: str, registry: AgencyRegistry) -> str:
    if not line:
        return "blank"
    if _is_chrome(line):
        return "chrome"
    if _multi_credit(line, registry):
        return "multi"
    return "credit" if is_credit_line(line, registry) else "text"


def _pair_credit_line(
    lines: list[str], kinds: list[str], i: int, used: set[int], registry: AgencyRegistry
) -> FoundCaption:
    """A credit on its own line goes with the caption after it, else the one before it, else alone."""
    nxt = i + 1 if i + 1 < len(kinds) and kinds[i + 1] == "text" and i + 1 not in used else None
    prev = i - 1 if i > 0 and kinds[i - 1] == "text" and i - 1 not in used else None
    if nxt is not None and not _has_own_credit(lines[nxt], registry):
        used.update((i, nxt))
        return FoundCaption(lines[i] + "\n" + lines[nxt], i + 1, "credit-before")
    if prev is not None and not _has_own_credit(lines[prev], registry):
        used.update((i, prev))
        return FoundCaption(lines[prev] + "\n" + lines[i], prev + 1, "credit-after")
    used.add(i)
    return FoundCaption(lines[i], i + 1, "credit-only")


def _has_own_credit(line: str, registry: AgencyRegistry) -> bool:
    return bool(split_caption(" ".join(line.split()), registry).credits)


_COPYRIGHT_RE = re.compile(r"©|\(c\)")
_WORD_RE = re.compile(r"\S+")


def _inline_captions(line: str, registry: AgencyRegistry):
    """Captions inside one line of text: a caption with a trailing credit, or a run of captions
    separated by platform credits ("© Getty"), each possibly printed twice.

    Walks the line once by position (no re-slicing of the rest), so a line of thousands of "©"
    costs time in proportion to its length."""
    pos = 0
    while pos < len(line):
        m = _COPYRIGHT_RE.search(line, pos)
        if m is None:
            rest = line[pos:].strip()
            parts = split_caption(rest, registry)
            if rest and parts.credits and parts.description and len(parts.description) <= 1200:
                yield rest, "inline"
            return
        before = line[pos : m.start()].strip()
        credit = _platform_credit(line, registry, m.start())
        if credit is None:
            if before and split_caption(before, registry).credits:
                yield before, "inline"
            pos = m.end()
            continue
        pos = _skip_spaces(line, m.start() + len(credit))
        if before:
            yield before + " " + credit, "platform-credit"
            # the same caption printed again right after the credit
            if _starts_with_copy(line[pos : pos + 2 * len(before) + 40], before):
                pos = _skip_spaces(line, pos + len(before))
        else:
            yield credit, "credit-only"
        # what follows a caption and its credit is body text, unless it holds another credit
        if not _COPYRIGHT_RE.search(line, pos):
            return


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _platform_credit(text: str, registry: AgencyRegistry, start: int = 0) -> str | None:
    """The credit that starts at "©" (at `start`): the shortest run of words that ends with a known
    organisation, extended over "via" and "/" links ("© Kyodo via AP Images")."""
    tokens = list(itertools.islice(_WORD_RE.finditer(text, start), 11))
    best = None
    for n in range(1, min(len(tokens), 10) + 1):
        candidate = text[start : tokens[n - 1].end()]
        parsed = parse_credit(candidate, registry)
        if not credit_is_valid(parsed, standalone=True):
            if best is not None:
                break
            continue
        last = [p for p in parsed.pieces if p.label == ORG]
        ends_with_org = (
            parsed.pieces
            and parsed.pieces[-1].label == ORG
            and last[-1].agency is not None
            and last[-1].agency.registered
        )
        if ends_with_org:
            best = candidate
            nxt = tokens[n].group(0) if n < len(tokens) else ""
            if not (nxt.casefold() == "via" or nxt.startswith("/") or candidate.endswith("/")):
                break
    return best


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _starts_with_copy(after: str, before: str) -> bool:
    return bool(before) and _norm(after).startswith(_norm(before))


def _dedupe(found: list[FoundCaption]) -> list[FoundCaption]:
    seen: set[str] = set()
    out = []
    for f in found:
        key = _norm(f.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
