"""From one caption's text to a record: the whole parsing step, pure and without I/O."""
from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field

from .attribution import find_attributions
from .credit import CreditParse, merge_chains, parse_credits
from .dates import find_photo_dates
from .language import detect_language
from .names import find_names
from .provenance import Provenance, assess_provenance
from ..organisations.registry import Agency, AgencyRegistry, alias_key
from .split import Split, split_caption


@dataclass
class CaptionRecord:
    raw: str
    caption: str
    description: str
    credit: str
    photographers: list[str]
    chain: list[Agency]
    date: str | None
    date_released: str | None
    people: list[str]
    places: list[str]
    language: str
    provenance: Provenance
    page_date: str | None = None
    id: str | None = None
    notes: list[str] = field(default_factory=list)
    truncated: bool = False
    embedded: dict | None = None
    split: Split | None = None
    credit_parse: CreditParse | None = None

    @property
    def source(self) -> str | None:
        return self.chain[0].name if self.chain else None

    @property
    def agency(self) -> str | None:
        return self.chain[-1].name if self.chain else None

    @property
    def fingerprint(self) -> str:
        """Identity of a caption for de-duplication: its text, whitespace and case folded."""
        folded = " ".join(unicodedata.normalize("NFKC", self.raw).casefold().split())
        return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:32]

    def as_dict(self) -> dict:
        p = self.provenance
        return {
            "id": self.id,
            "caption": self.caption,
            "description": self.description,
            "credit": self.credit,
            "date": self.date,
            "date_released": self.date_released,
            "photographers": list(self.photographers),
            "anonymous": p.anonymous,
            "chain": [a.name for a in self.chain],
            "source": self.source,
            "agency": self.agency,
            "file_photo": p.file_photo,
            "pool": p.pool,
            "handout": p.handout,
            "state_media": p.state_media,
            "disclaimer": p.disclaimer,
            "unverifiable": p.unverifiable,
            "provenance": p.level,
            "needs_review": p.needs_review,
            "reasons": p.all_reasons(),
            "people": list(self.people),
            "places": list(self.places),
            "language": self.language,
            "page_date": self.page_date,
            "disclaimers": [{"kind": d.kind, "text": d.text} for d in p.disclaimers],
            "truncated": self.truncated,
            "metadata_mismatch": p.metadata_mismatch,
            "embedded": self.embedded,
            "raw": self.raw,
        }


def parse_caption(text: str, page_date: dt.date | None = None, registry: AgencyRegistry | None = None,
                  known_people: tuple[str, ...] = (), caption_id: str | None = None,
                  credit: str | None = None) -> CaptionRecord:
    """Parse one caption.  Total: any text gives a record, never an exception.

    `credit` is a credit given apart from the text (a page's credit span, a list's credit column,
    an image's embedded fields); it is used when the text carries no credit of its own.
    """
    registry = registry or AgencyRegistry.default()
    text = text if isinstance(text, str) else str(text)
    text = text.replace("\x00", " ")
    parts = split_caption(text, registry)
    if credit and credit.strip() and not parts.credits:
        parts.credits.append(" ".join(credit.split()))
    credit_parse = parse_credits(parts.credits, registry)
    attributions = find_attributions(parts.description, registry)
    chain = _combine_chain(credit_parse.chain, attributions)
    dates = find_photo_dates(parts.description, page_date)
    language = detect_language(parts.description or text)
    names = find_names(parts.description, known_people, language)
    provenance = assess_provenance(chain, credit_parse, attributions, text, parts.file_marker, parts.pool_marker,
                                   parts.description)
    credit_text = " ".join(parts.credits)
    caption = " ".join(x for x in (parts.description, credit_text) if x)
    return CaptionRecord(
        raw=text,
        caption=caption,
        description=parts.description,
        credit=credit_text,
        photographers=list(credit_parse.photographers),
        chain=chain,
        date=dates.date,
        date_released=dates.date_released,
        people=list(names.people),
        places=list(names.places),
        language=language,
        provenance=provenance,
        page_date=page_date.isoformat() if page_date else None,
        id=caption_id,
        notes=list(parts.notes),
        truncated=parts.truncated,
        split=parts,
        credit_parse=credit_parse,
    )


def _combine_chain(credited: list[Agency], attributions) -> list[Agency]:
    """Put the organisations the description names in front of the credited chain.

    A government named as the provider is not a link when a state outlet of its own is already
    credited ("provided by the North Korean government ... (KCNA via AP)"); it still makes the
    image a handout.
    """
    front: list[Agency] = []
    names = {alias_key(a.name) for a in credited}
    for attribution in attributions:
        agency = attribution.agency
        if alias_key(agency.name) in names:
            continue
        if agency.government and credited and credited[0].state_controlled:
            continue
        front.append(agency)
        names.add(alias_key(agency.name))
    return merge_chains(front, credited)
