"""Documents in, caption records out: the parsing step applied to everything a reader gives."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .parsing.dates import parse_page_date
from .parsing.find import find_captions
from .parsing.names import article_people
from .parsing.parse import CaptionRecord, parse_caption
from .parsing.embedded import apply_embedded, caption_credit_line, has_record_fields, read_embedded
from .readers.read import CaptionItem, Document
from .organisations.registry import AgencyRegistry


@dataclass
class Parsed:
    record: CaptionRecord
    locator: str        # where in the document: "line 12", "line 3 (credit-before)"


def parse_item(item: CaptionItem, default_date, registry: AgencyRegistry, known: tuple[str, ...] = ()) -> Parsed:
    """One caption of a list, a page or an image, with what the file says beside it."""
    page_date = parse_page_date(item.page_date) or default_date
    caption, credit, reading = item.caption, item.credit, None
    if item.embedded and has_record_fields(item.embedded):
        # an image's IPTC/XMP fields, read field by field (issue 15: parsing/embedded.py)
        reading = read_embedded(item.embedded, registry)
        caption, line = caption_credit_line(caption)
        credit = credit or line
    record = parse_caption(caption, page_date, registry, known_people=known, caption_id=item.id,
                           credit=credit, embedded_credit=reading.credit_parse() if reading else None)
    if item.embedded:
        record.embedded = item.embedded
        record.raw = item.caption          # as the file holds it, with a supplier's credit line
    if reading is not None:
        apply_embedded(record, reading, caption_credited=bool(record.split and record.split.credits))
    return Parsed(record, item.locator)


def parse_document(doc: Document, registry: AgencyRegistry | None = None) -> Iterator[Parsed]:
    registry = registry or AgencyRegistry.default()
    if doc.is_list:
        default_date = parse_page_date(doc.page_date)
        known = article_people(doc.text) if doc.text else ()
        seen: set[str] = set()
        for item in doc.items:
            parsed = parse_item(item, default_date, registry, known)
            record = parsed.record
            if doc.kind == "html":
                # the same picture in a figure and in JSON-LD is one caption
                key = " ".join(record.caption.casefold().split())
                if key in seen:
                    continue
                seen.add(key)
            yield parsed
        return
    page_date = parse_page_date(doc.page_date)
    n = 0
    for first_line, text in doc.chunks:
        known = article_people(text)
        for found in find_captions(text, registry):
            n += 1
            record = parse_caption(found.text, page_date, registry, known_people=known, caption_id=f"{n}")
            yield Parsed(record, f"line {found.line + first_line - 1} ({found.layout})")


# -- parsing in worker processes -------------------------------------------------------------------

PARALLEL_AFTER = 2000      # items: below this a list is parsed in this process
BATCH = 250

_worker_registry: AgencyRegistry | None = None


def _init_worker(registry: AgencyRegistry) -> None:
    global _worker_registry
    _worker_registry = registry


def _parse_batch(args) -> list:
    from .catalogue.store import stored_row
    items, default_date = args
    return [stored_row(p.record, p.locator) for p in (parse_item(i, default_date, _worker_registry) for i in items)]


def stored_rows(doc: Document, registry: AgencyRegistry, jobs: int = 1) -> Iterator:
    """StoredRows of a document; long caption lists are parsed by `jobs` worker processes while
    this process writes (the catalogue has one writer)."""
    from itertools import chain, islice
    from .catalogue.store import stored_row
    if jobs <= 1 or doc.kind != "caption-list":
        for parsed in parse_document(doc, registry):
            yield stored_row(parsed.record, parsed.locator)
        return
    items = iter(doc.items)
    head = list(islice(items, PARALLEL_AFTER))
    default_date = parse_page_date(doc.page_date)
    if len(head) < PARALLEL_AFTER:
        for item in head:
            parsed = parse_item(item, default_date, registry)
            yield stored_row(parsed.record, parsed.locator)
        return
    import multiprocessing
    all_items = chain(head, items)

    def batches():
        while True:
            batch = list(islice(all_items, BATCH))
            if not batch:
                return
            yield batch, default_date
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(registry,)) as pool:
        # imap keeps the order and holds only a few batches in flight
        for rows in pool.imap(_parse_batch, batches(), chunksize=1):
            yield from rows
