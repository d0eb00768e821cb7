"""From one caption's text to a complete record: the whole parsing step, pure and without I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..organisations.registry import Agency, AgencyRegistry, alias_key
from ..record import CaptionRecord
from .attribution import find_attributions
from .credit import CreditParse, merge_chains, parse_credits
from .dates import DateMention, find_photo_dates
from .embedded import embedded_provenance, embedded_reading, merged_people, visible_credit
from .language import detect_language
from .names import find_names
from .provenance import assess_provenance
from .split import Split, split_caption


@dataclass(frozen=True)
class ParseDetail:
    """The lossless view of one parse, for `explain`: how the text was split, the label of every
    credit piece, and every date mention."""

    split: Split
    credit: CreditParse
    date_mentions: tuple[DateMention, ...]


def parse_caption(
    text: str,
    page_date: dt.date | None = None,
    registry: AgencyRegistry | None = None,
    known_people: tuple[str, ...] = (),
    caption_id: str | None = None,
    credit: str | None = None,
    embedded: dict | None = None,
    file: str | None = None,
    locator: str = "",
    cut: tuple[str, ...] = (),
) -> CaptionRecord:
    """Parse one caption into a complete record.  Total: any text gives a record, never an exception.

    `credit` is a credit given apart from the text (a page's credit span, a list's credit column,
    an image's embedded fields); it is used when the text carries no credit of its own.
    `embedded` are the fields read from an image file (`readers.images`): they are kept on the
    record and read field by field (`parsing.embedded`): they stand in for a credit the caption
    lacks, add Persons shown, a Date Created the caption lacks and the flags of Special
    Instructions, and where they disagree with the caption's own credit the record is flagged
    `metadata_mismatch`.  `cut` says why a reader shortened the text (a length cap): each is a
    reason for the `truncated` flag.
    """
    registry = registry or AgencyRegistry.default()
    text = text if isinstance(text, str) else str(text)
    text = text.replace("\x00", " ")
    reading = embedded_reading(embedded, registry)  # an image's IPTC/XMP fields (issue 15)
    visible, credit = visible_credit(text, credit, reading)  # Shutterstock's "Mandatory Credit: ..." line
    parts = split_caption(visible, registry)
    if credit and credit.strip() and not parts.credits:
        parts.credits.append(" ".join(credit.split()))
    credit_parse = parse_credits(parts.credits, registry)
    if reading is not None and not parts.credits:
        credit_parse = reading.credit_parse() or credit_parse
    attributions = find_attributions(parts.description, registry)
    chain = _combine_chain(credit_parse.chain, attributions)
    dates = find_photo_dates(parts.description, page_date)
    language = detect_language(parts.description or text)
    names = find_names(parts.description, known_people, language, registry)
    provenance = assess_provenance(
        chain, credit_parse, attributions, text, parts.file_marker, parts.pool_marker, parts.description
    )
    if parts.truncated:
        provenance.add("truncated", "the text ends in \u2018...more\u2019: something was cut off")
    for reason in cut:
        provenance.add("truncated", reason)
    date, people = dates.date, names.people
    if reading is not None:
        embedded_provenance(provenance, reading, chain, credit_parse.photographers, bool(parts.credits))
        date, people = date or reading.date, merged_people(people, reading)
    credit_text = " ".join(parts.credits) or (credit_parse.raw if reading is not None else "")
    return CaptionRecord(
        raw=text,
        caption=" ".join(x for x in (parts.description, credit_text) if x),
        description=parts.description,
        credit=credit_text,
        photographers=tuple(credit_parse.photographers),
        chain=tuple(chain),
        date=date,
        date_released=dates.date_released,
        people=tuple(people),
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
