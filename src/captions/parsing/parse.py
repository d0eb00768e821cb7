"""From one caption's text to a complete record: the whole parsing step, pure and without I/O."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..organisations.registry import Agency, AgencyRegistry, alias_key
from ..record import CaptionRecord
from .attribution import find_attributions
from .credit import CreditParse, merge_chains, parse_credits
from .dates import DateMention, find_photo_dates, parse_page_date
from .language import detect_language
from .names import find_names
from .provenance import assess_provenance, embedded_mismatches
from .split import Split, split_caption


@dataclass(frozen=True)
class ParseDetail:
    """The lossless view of one parse, for `explain`: how the text was split, the label of every
    credit piece, and every date mention."""
    split: Split
    credit: CreditParse
    date_mentions: tuple[DateMention, ...]


def parse_caption(text: str, page_date: dt.date | None = None, registry: AgencyRegistry | None = None,
                  known_people: tuple[str, ...] = (), caption_id: str | None = None,
                  credit: str | None = None, embedded: dict | None = None,
                  file: str | None = None, locator: str = "") -> CaptionRecord:
    """Parse one caption into a complete record.  Total: any text gives a record, never an exception.

    `credit` is a credit given apart from the text (a page's credit span, a list's credit column,
    an image's embedded fields); it is used when the text carries no credit of its own.
    `embedded` are the fields read from an image file (`readers.images`): they are kept on the
    record, their Date Created stands in for a date the caption lacks, and where they disagree
    with the caption's own credit the record is flagged `metadata_mismatch`.
    """
    registry = registry or AgencyRegistry.default()
    text = text if isinstance(text, str) else str(text)
    text = text.replace("\x00", " ")
    parts = split_caption(text, registry)
    own_credit = bool(parts.credits)
    if credit and credit.strip() and not own_credit:
        parts.credits.append(" ".join(credit.split()))
    credit_parse = parse_credits(parts.credits, registry)
    attributions = find_attributions(parts.description, registry)
    chain = _combine_chain(credit_parse.chain, attributions)
    dates = find_photo_dates(parts.description, page_date)
    language = detect_language(parts.description or text)
    names = find_names(parts.description, known_people, language)
    provenance = assess_provenance(chain, credit_parse, attributions, text, parts.file_marker, parts.pool_marker,
                                   parts.description)
    if parts.truncated:
        provenance.add("truncated", "the text ends in \u2018...more\u2019: something was cut off")
    date = dates.date
    if embedded:
        if own_credit:
            for reason in embedded_mismatches(embedded, chain, credit_parse.photographers, registry):
                provenance.add("metadata_mismatch", reason)
        date = date or _embedded_date(embedded)
    credit_text = " ".join(parts.credits)
    return CaptionRecord(
        raw=text,
        caption=" ".join(x for x in (parts.description, credit_text) if x),
        description=parts.description,
        credit=credit_text,
        photographers=tuple(credit_parse.photographers),
        chain=tuple(chain),
        date=date,
        date_released=dates.date_released,
        people=tuple(names.people),
        places=tuple(names.places),
        language=language,
        provenance=provenance,
        page_date=page_date.isoformat() if page_date else None,
        id=caption_id,
        file=file,
        locator=locator,
        embedded=embedded or None,
        detail=ParseDetail(parts, credit_parse, tuple(dates.mentions)),
    )


def _embedded_date(embedded: dict) -> str | None:
    """The embedded Date Created, when it is a date."""
    for block in ("iim", "xmp"):
        value = (embedded.get(block) or {}).get("date_created")
        if isinstance(value, str) and parse_page_date(value[:10]):
            return value[:10]
    return None


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
