"""Documents in, caption records out: the parsing step applied to everything a reader gives."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .dates import parse_page_date
from .find import find_captions
from .names import article_people
from .parse import CaptionRecord, parse_caption
from .provenance import check_embedded
from .read import Document
from .registry import AgencyRegistry


@dataclass
class Parsed:
    record: CaptionRecord
    locator: str        # where in the document: "line 12", "line 3 (credit-before)"


def parse_document(doc: Document, registry: AgencyRegistry | None = None) -> Iterator[Parsed]:
    registry = registry or AgencyRegistry.default()
    if doc.is_list:
        default_date = parse_page_date(doc.page_date)
        known = article_people(doc.text) if doc.text else ()
        seen: set[str] = set()
        for item in doc.items:
            page_date = parse_page_date(item.page_date) or default_date
            record = parse_caption(item.caption, page_date, registry, known_people=known, caption_id=item.id,
                                   credit=item.credit)
            if item.embedded:
                record.embedded = item.embedded
                check_embedded(record, item.embedded, registry)
                _embedded_date(record, item.embedded)
            if doc.kind == "html":
                # the same picture in a figure and in JSON-LD is one caption
                key = " ".join(record.caption.casefold().split())
                if key in seen:
                    continue
                seen.add(key)
            yield Parsed(record, item.locator)
        return
    page_date = parse_page_date(doc.page_date)
    n = 0
    for first_line, text in doc.chunks:
        known = article_people(text)
        for found in find_captions(text, registry):
            n += 1
            record = parse_caption(found.text, page_date, registry, known_people=known, caption_id=f"{n}")
            yield Parsed(record, f"line {found.line + first_line - 1} ({found.layout})")


def _embedded_date(record: CaptionRecord, embedded: dict) -> None:
    """The embedded Date Created stands in when the caption gives no date."""
    if record.date:
        return
    for block in ("iim", "xmp"):
        value = (embedded.get(block) or {}).get("date_created")
        if isinstance(value, str) and parse_page_date(value[:10]):
            record.date = value[:10]
            return
