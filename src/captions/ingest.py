"""The library's workflow: inputs in, records out (`parse_paths`) or stored (`ingest_paths`).

The CLI is options and printing on top of this module; a Python program gets the same work:

    from captions.ingest import ingest_paths
    from captions.catalogue import Catalogue
    report = ingest_paths(["examples/"], Catalogue.open("desk.db"))
    report.summary()      # "4 files read (...): 14 captions, 14 new, ..."
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice

from .errors import CaptionsError, StoreError
from .organisations.registry import AgencyRegistry
from .parsing.dates import parse_page_date
from .parsing.find import find_captions
from .parsing.names import article_people
from .parsing.parse import parse_caption
from .readers.limits import KEPT_END, MAX_CAPTION, cap
from .readers.read import CaptionItem, Document, iter_paths, read_document
from .record import CaptionRecord

Warn = Callable[[str], None]
Failed = Callable[[CaptionsError], None]  # a file that could not be read: its error, with its hint


def parse_item(
    item: CaptionItem,
    default_date: dt.date | None,
    registry: AgencyRegistry,
    known: tuple[str, ...] = (),
    file: str | None = None,
) -> CaptionRecord:
    """One caption of a list, a page or an image, with what the file says beside it."""
    page_date = parse_page_date(item.page_date) or default_date
    return parse_caption(
        item.caption,
        page_date,
        registry,
        known_people=known,
        caption_id=item.id,
        credit=item.credit,
        embedded=item.embedded,
        file=file,
        locator=item.locator,
        cut=tuple(item.notes) if item.truncated else (),
    )


def parse_document(doc: Document, registry: AgencyRegistry | None = None) -> Iterator[CaptionRecord]:
    """Every caption of one document, as records, in document order."""
    registry = registry or AgencyRegistry.default()
    if doc.is_list:
        default_date = parse_page_date(doc.page_date)
        known = article_people(doc.text, registry) if doc.text else ()
        seen: set[str] = set()
        for item in doc.items:
            record = parse_item(item, default_date, registry, known, doc.path)
            if doc.kind == "html":
                # the same picture in a figure and in JSON-LD is one caption
                key = " ".join(record.caption.casefold().split())
                if key in seen:
                    continue
                seen.add(key)
            yield record
        return
    page_date = parse_page_date(doc.page_date)
    n = 0
    for first_line, text in doc.chunks:
        known = article_people(text, registry)
        for found in find_captions(text, registry):
            n += 1
            line = found.line + first_line - 1
            caption, cut = cap(found.text, MAX_CAPTION, keep_end=KEPT_END)
            yield parse_caption(
                caption,
                page_date,
                registry,
                known_people=known,
                caption_id=f"{n}",
                file=doc.path,
                locator=f"line {line} ({found.layout})",
                cut=(f"line {line}: {cut}",) if cut else (),
            )


def parse_paths(
    paths: list[str],
    registry: AgencyRegistry,
    page_date: str | None = None,
    split: str = "auto",
    warn: Warn = lambda message: None,
    follow_links: bool = False,
    error: Failed | None = None,
) -> Iterator[CaptionRecord]:
    """Records of every caption in `paths` (files, folders, "-" for stdin), read one file at a time.
    A file that cannot be read raises InputError after its warnings were passed to `warn`; with
    `error`, it is reported there instead and the other files are read (what was read of it is kept)."""
    for path in iter_paths(paths, follow_links, on_warning=warn):
        doc = None
        try:
            doc = read_document(path, page_date, split)
            yield from parse_document(doc, registry)
        except CaptionsError as e:
            if error is None or isinstance(e, StoreError):
                raise
            error(e)
        finally:
            for message in doc.warnings if doc is not None else ():
                warn(message)


# -- ingest ------------------------------------------------------------------------------------

# What a file was, in the words of the summary line.
_KIND_WORDS = {
    "article": "article",
    "caption-list": "caption list",
    "jsonl": "caption list",
    "csv": "caption list",
    "html": "web page",
    "jpeg": "image",
    "png": "image",
    "tiff": "image",
    "webp": "image",
}


@dataclass
class IngestReport:
    files: int = 0  # files named or found under the folders named
    kinds: Counter = field(default_factory=Counter)  # files read, by kind
    captions: int = 0
    new: int = 0
    old: int = 0
    flagged: int = 0  # unverifiable
    failures: list[str] = field(default_factory=list)  # one line per file that failed

    def summary(self) -> str:
        read = ", ".join(f"{n} {k}{'' if n == 1 else 's'}" for k, n in sorted(self.kinds.items())) or "none"
        return (
            f"{sum(self.kinds.values())} files read ({read}): {self.captions} captions, {self.new} new, "
            f"{self.old} already stored, {self.flagged} flagged unverifiable"
            + (f"; {len(self.failures)} files failed" if self.failures else "")
        )


def ingest_paths(
    paths: list[str],
    catalogue,
    registry: AgencyRegistry | None = None,
    page_date: str | None = None,
    split: str = "auto",
    jobs: int = 0,
    warn: Warn = lambda message: None,
    error: Failed = lambda e: None,
    progress: Callable[[int], Callable[[], None]] | None = None,
    follow_links: bool = False,
) -> IngestReport:
    """Read every input in `paths`, find and parse its captions, and store them in `catalogue`.

    A file that cannot be read is reported through `error` and skipped; what was read of it before
    the bad part is kept.  `progress(total)` returns a callable advanced once per file.  A catalogue
    that cannot be written stops the run (StoreError): nothing else could be stored either.
    """
    registry = registry or AgencyRegistry.default()
    files = iter_paths(paths, follow_links, on_warning=warn)
    if not files:
        raise CaptionsError(f"no files in {', '.join(paths)}")
    report = IngestReport(files=len(files))
    advance = progress(len(files)) if progress else (lambda: None)
    for path in files:
        try:
            _ingest_file(path, catalogue, registry, page_date, split, jobs or cpu_count(), report, warn)
        except StoreError:
            raise
        except CaptionsError as e:
            report.failures.append(e.message)
            error(e)
        advance()
    return report


def _ingest_file(
    path: str,
    catalogue,
    registry: AgencyRegistry,
    page_date: str | None,
    split: str,
    jobs: int,
    report: IngestReport,
    warn: Warn,
) -> None:
    doc = None
    writer = None
    found = flagged = 0
    try:
        doc = read_document(path, page_date, split)
        for row in stored_rows(doc, registry, jobs):
            if writer is None:
                writer = catalogue.writer(
                    doc.path,
                    doc.file_kind or doc.kind,
                    doc.sha,
                    title=doc.title,
                    page_date=doc.page_date,
                    publisher=doc.publisher,
                    url=doc.url,
                )
            writer.add(row)
            found += 1
            flagged += row.unverifiable
        if not found:
            raise CaptionsError(f"{path}: no captions found")
        kind = doc.kind if doc.kind in ("article", "caption-list") and doc.file_kind == "text" else doc.file_kind
        report.kinds[_KIND_WORDS.get(kind, doc.kind)] += 1
        report.captions += found
        report.flagged += flagged
    finally:
        if writer is not None:
            writer.flush()  # what was read before a bad part is kept
            report.new += writer.new
            report.old += writer.old
        for message in doc.warnings if doc is not None else ():
            warn(message)


# -- parsing in worker processes -------------------------------------------------------------------

PARALLEL_AFTER = 2000  # items (lines of a JSON Lines list): below this a list is parsed in this process
BATCH = 250  # items a worker parses at a time
BLOCK_BYTES = 1 << 16  # of a JSON Lines list a worker reads and parses at a time: ~200 captions
IN_FLIGHT_PER_JOB = 2  # batches of items sent ahead per worker: they may be long, so few
BLOCKS_AHEAD_PER_JOB = 32  # blocks sent ahead per worker: see _in_workers
AHEAD_BYTES = 16 << 20  # of blocks sent ahead, at most: a block is one line when its line is long

_worker_registry: AgencyRegistry | None = None


def cpu_count() -> int:
    """The CPUs this process may run on (a container's or taskset's limit, not the machine's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _init_worker(registry: AgencyRegistry) -> None:
    global _worker_registry
    _worker_registry = registry


def _row(item: CaptionItem, default_date: dt.date | None, registry: AgencyRegistry, path: str) -> tuple:
    from .catalogue.writer import stored_row

    # plain tuples: unpickling a named tuple costs ~20 us a row in the one writing process
    return tuple(stored_row(parse_item(item, default_date, registry, file=path)))


def _parse_batch(args) -> list[tuple]:
    items, default_date, path = args
    assert _worker_registry is not None
    return [_row(item, default_date, _worker_registry, path) for item in items]


# What a block of a JSON Lines list gives: its rows, its warnings, and the error (message, hint)
# of a line that stopped the input, after the rows of the lines before it.
BlockRows = tuple[list[tuple], list[str], "tuple[str, str | None] | None"]


def _block_rows(block, path: str, default_date: dt.date | None, registry: AgencyRegistry) -> BlockRows:
    from .readers.blocks import block_items

    doc, items = block_items(block, path)
    rows: list[tuple] = []
    try:
        for item in items:
            rows.append(_row(item, default_date, registry, path))
    except CaptionsError as e:
        return rows, doc.warnings, (e.message, e.hint)
    return rows, doc.warnings, None


def _parse_block(args) -> BlockRows:
    block, path, default_date = args
    assert _worker_registry is not None
    return _block_rows(block, path, default_date, _worker_registry)


def stored_rows(doc: Document, registry: AgencyRegistry, jobs: int = 1) -> Iterator:
    """StoredRows of a document; long caption lists are parsed by `jobs` worker processes while
    this process writes (the catalogue has one writer)."""
    from .catalogue.writer import StoredRow, stored_row

    if doc.raw is not None:
        yield from _jsonl_rows(doc, registry, jobs)
        return
    if jobs <= 1 or doc.kind != "caption-list":
        for record in parse_document(doc, registry):
            yield stored_row(record)
        return
    items = iter(doc.items)
    head = list(islice(items, PARALLEL_AFTER))
    default_date = parse_page_date(doc.page_date)
    if len(head) < PARALLEL_AFTER:
        for item in head:
            yield stored_row(parse_item(item, default_date, registry, file=doc.path))
        return
    all_items = chain(head, items)
    batches = iter(lambda: list(islice(all_items, BATCH)), [])
    tasks = (((batch, default_date, doc.path), 0) for batch in batches)
    for rows in _in_workers(_parse_batch, tasks, registry, jobs, IN_FLIGHT_PER_JOB):
        yield from map(StoredRow._make, rows)


def _jsonl_rows(doc: Document, registry: AgencyRegistry, jobs: int) -> Iterator:
    """A JSON Lines list's rows: the workers decode, read and parse its blocks, this process only
    cuts them and stores the rows; the warnings come in input order, as one process gives them."""
    from .catalogue.writer import StoredRow
    from .errors import InputError
    from .readers.blocks import jsonl_blocks

    default_date = parse_page_date(doc.page_date)
    blocks = jsonl_blocks(doc, BLOCK_BYTES)
    head = []
    long_list = False
    for block in blocks:
        head.append(block)
        if block.first + block.data.count(b"\n") >= PARALLEL_AFTER:
            long_list = True
            break
    if jobs > 1 and long_list:
        tasks = (((block, doc.path, default_date), len(block.data)) for block in chain(head, blocks))
        results: Iterator[BlockRows] = _in_workers(_parse_block, tasks, registry, jobs, BLOCKS_AHEAD_PER_JOB)
    else:
        results = (_block_rows(block, doc.path, default_date, registry) for block in chain(head, blocks))
    for rows, warnings, error in results:
        for message in warnings:
            doc.warn(message)
        yield from map(StoredRow._make, rows)
        if error:
            raise InputError(*error)


def _in_workers(work: Callable, tasks: Iterator, registry: AgencyRegistry, jobs: int, ahead: int) -> Iterator:
    """work(task) for every (task, bytes of its input), by `jobs` worker processes, the results in
    task order; at most `ahead` tasks per worker and AHEAD_BYTES of input in flight."""
    import multiprocessing
    from collections import deque

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(registry,)) as pool:
        # In order, and a bounded number of tasks ahead: Pool.imap would keep every result that
        # the writer has not taken yet, however many that grows to.  Blocks go far enough ahead
        # (~6,000 captions for 2 workers, ~4 MB of input) that the workers go on parsing while
        # this process stores a batch; with a few, they sat idle through every commit.
        pending: deque = deque()
        sent = 0
        for task, size in tasks:
            pending.append((pool.apply_async(work, (task,)), size))
            sent += size
            while len(pending) >= jobs * ahead or sent > AHEAD_BYTES:
                result, size = pending.popleft()
                sent -= size
                yield result.get()
        while pending:
            yield pending.popleft()[0].get()


# -- explain -----------------------------------------------------------------------------------


def explain(record: CaptionRecord) -> str:
    """The lossless view of one record: how the caption was split, the label of every credit
    piece, every date mention, and the verdict with its reasons."""
    where = " ".join(x for x in (record.file, record.locator) if x)
    lines = [f"== {where}", f"caption:      {record.caption}", f"description:  {record.description}"]
    if record.detail is not None:
        lines += _detail_lines(record.detail)
    lines += [
        f"chain:        {' -> '.join(a.name for a in record.chain) or '(none)'}",
        f"photographers: {', '.join(record.photographers) or '(none)'}",
        f"date:         {record.date or '-'}   released: {record.date_released or '-'}",
        f"people:       {', '.join(record.people) or '-'}",
        f"places:       {', '.join(record.places) or '-'}",
        f"provenance:   {record.provenance.level}   flags: {', '.join(record.provenance.flags()) or '-'}",
    ]
    lines += [f"  because     {reason}" for reason in record.reasons]
    return "\n".join(lines) + "\n"


def _detail_lines(detail) -> list[str]:
    lines = [f"credit:       {credit}" for credit in detail.split.credits]
    lines += [f"note:         {note}" for note in detail.split.notes]
    lines += [f"dropped:      {dropped}" for dropped in detail.split.dropped]
    lines.append("credit pieces:")
    for piece in detail.credit.pieces:
        extra = f" -> {piece.value}" if piece.value and piece.value != piece.text else ""
        lines.append(f"  {piece.label:<11} {piece.text}{extra}")
    for m in detail.date_mentions:
        role = "released" if m.released else "date"
        lines.append(f"  {'DATE':<11} {m.text!r} -> {m.value or 'unresolved'} ({role}, sentence {m.sentence + 1})")
    return lines
