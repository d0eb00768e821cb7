"""POST /api/check: the verdict a content system can act on, for one caption, storing nothing.

    ok                nothing to do
    needs_disclaimer  the origin is state media or a handout and the caption carries no
                      verifiability disclaimer: add the supplier's standard wording
    needs_review      the credit could not be read with confidence (or its provenance is unknown):
                      a person should look

A caption that needs a disclaimer gets that verdict even when it also needs review: the
disclaimer is safe to add whatever the review finds.  The verdict is a function of the parse
record alone, so `captions parse --format jsonl` output gives the same verdict (`verdict(row)`).
"""

from __future__ import annotations

from functools import lru_cache

from .. import vocab
from ..catalogue.query import AUDITED_LEVELS

VERDICTS = ("ok", "needs_disclaimer", "needs_review")


@lru_cache(maxsize=1)
def _wordings() -> dict[str, str]:
    """Agency name (as the registry spells it) -> its standard disclaimer; '*' for any other."""
    return {row["agency"]: row["wording"] for row in vocab.rows("disclaimer_wording.csv")}


def disclaimer_for(chain: list[str]) -> str:
    """The standard wording of the nearest supplier that has one (the chain read from its end),
    else the wording most wires use."""
    wordings = _wordings()
    for name in reversed(chain):
        if name in wordings:
            return wordings[name]
    return wordings["*"]


def verdict(row: dict) -> dict:
    """The verdict on a parsed caption (`record.as_dict()` or a `captions parse` JSON line)."""
    needs_disclaimer = row.get("provenance") in AUDITED_LEVELS and not row.get("disclaimer")
    needs_review = bool(row.get("needs_review")) or row.get("provenance") == "unknown"
    out = {
        "verdict": "needs_disclaimer" if needs_disclaimer else "needs_review" if needs_review else "ok",
        "needs_disclaimer": needs_disclaimer,
        "needs_review": needs_review,
    }
    if needs_disclaimer:
        out["disclaimer_wording"] = disclaimer_for(row.get("chain") or [])
    return out


def check_caption(caption: str, registry, credit: str | None = None, page_date: str | None = None) -> dict:
    """Parse one caption and judge it: the record's fields (`record.as_dict()`) plus the verdict."""
    from ..parsing.dates import parse_page_date
    from ..parsing.parse import parse_caption

    record = parse_caption(caption, parse_page_date(page_date), registry, credit=credit or None)
    row = record.as_dict()
    row.update(verdict(row))
    return row
