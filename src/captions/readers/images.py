"""Captions embedded in image files: IPTC IIM and XMP, read without an external binary.

Where the fields live, by format:
  IIM  JPEG APP13 and TIFF tag 33723 (through Pillow's own IPTC reader), PSD image resource
       0x0404, PNG "Raw profile type iptc" text chunks (what ImageMagick and exiftool write);
  XMP  JPEG APP1 (standard and extended XMP), TIFF tag 700, PNG iTXt XML:com.adobe.xmp, WebP,
       PSD image resource 0x0424 -- as UTF-8 or UTF-16 (little or big endian, BOM or not).

The text encoding of IIM is the part every reader gets wrong: dataset 1:90 declares UTF-8 with
ESC % G.  Without a declaration the text is UTF-8 when it is valid UTF-8; otherwise the desk's
8-bit code page is judged among Latin-1, Windows-1252 and Mac Roman (Photo Mechanic on a Mac
writes Mac Roman and no 1:90) by which decoding gives letters that belong in words.

Pillow's warnings become our one-line warnings; an image declaring more pixels than Pillow's
decompression-bomb limit is refused; a huge file is not read into memory.
"""

from __future__ import annotations

import io
import logging
import struct
import unicodedata
import warnings
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

IIM_FIELDS = {
    (2, 120): "caption",  # Caption-Abstract
    (2, 80): "byline",  # By-line
    (2, 85): "byline_title",  # By-line Title
    (2, 110): "credit",  # Credit
    (2, 115): "source",  # Source
    (2, 116): "copyright",  # Copyright Notice
    (2, 55): "date_created",  # Date Created (CCYYMMDD)
    (2, 60): "time_created",
    (2, 40): "instructions",  # Special Instructions
    (2, 103): "job_id",  # Original Transmission Reference
}
REPEATABLE = {"byline"}
UTF8_ESCAPES = (b"\x1b%G", b"\x1b%/G", b"\x1b%/I")
LATIN1_ESCAPES = (b"\x1b.A", b"\x1b-A")
# The 8-bit code pages an undeclared, non-UTF-8 IIM record is judged among (Python codec, label).
CODE_PAGES = (("latin-1", "latin-1"), ("cp1252", "windows-1252"), ("mac_roman", "mac-roman"))

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "xmpNote": "http://ns.adobe.com/xmp/note/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "GettyImagesGIFT": "http://xmp.gettyimages.com/gift/1.0/",
}
XMP_FIELDS = {
    "dc:description": "caption",
    "dc:creator": "byline",
    "photoshop:Credit": "credit",
    "photoshop:Source": "source",
    "dc:rights": "copyright",
    "photoshop:DateCreated": "date_created",
    "photoshop:Instructions": "instructions",
    "photoshop:AuthorsPosition": "byline_title",
    "photoshop:TransmissionReference": "job_id",
    "xmpRights:UsageTerms": "usage_terms",
    "Iptc4xmpExt:PersonInImage": "people",
    "Iptc4xmpExt:DigitalSourceType": "digital_source_type",
    "GettyImagesGIFT:AssetID": "getty_asset_id",
    "xmpNote:HasExtendedXMP": "extended_xmp_guid",
}
XMP_LISTS = {"byline", "people"}
XMP_STANDARD = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXTENDED = b"http://ns.adobe.com/xmp/extension/\x00"
IMAGE_SIGNATURES = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"8BPS", "psd"),
)
# A file up to this size is read into memory; a larger one is read in place, and only its first
# HEAD_BYTES are searched for JPEG segments and loose XMP (metadata sits at the head of a file).
WHOLE_FILE_BYTES = 64 << 20
HEAD_BYTES = 16 << 20
MAX_TEXT_CHUNK = 8 << 20  # a compressed PNG text chunk is not inflated beyond this


def image_kind(data: bytes) -> str | None:
    for signature, kind in IMAGE_SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


@dataclass
class EmbeddedMetadata:
    iim: dict = field(default_factory=dict)
    xmp: dict = field(default_factory=dict)
    iim_charset: str = ""
    iim_digest: str = ""  # "in sync" | "stale" when Photoshop's IPTC digest (resource 0x0425) is present
    c2pa: dict = field(default_factory=lambda: {"status": "unknown"})
    warnings: list[str] = field(default_factory=list)

    def get(self, key: str):
        """IIM first (what wire desks write), XMP where IIM is silent -- or XMP first when the IPTC
        digest says the IIM is a synchronised copy of it (the Metadata Working Group's rule)."""
        first, second = (self.xmp, self.iim) if self.iim_digest == "in sync" else (self.iim, self.xmp)
        value = first.get(key)
        if value in (None, "", []):
            value = second.get(key)
        return value

    def locator(self) -> str:
        """Where the record's caption (or, without one, its fields) came from: IPTC or XMP."""
        if self.get("caption"):
            return "IPTC" if self.get("caption") == self.iim.get("caption") else "XMP"
        return "IPTC" if self.iim else "XMP"

    def as_dict(self) -> dict:
        out: dict = {"iim": self.iim, "xmp": self.xmp, "c2pa": self.c2pa}
        if self.iim_charset:
            out["iim_charset"] = self.iim_charset
        if self.iim_digest:
            out["iim_digest"] = self.iim_digest
        return out


def read_image_metadata(source: bytes | Path, path: str, with_c2pa: bool = True) -> EmbeddedMetadata:
    """IPTC and XMP of an image file (its bytes, or its path when it may be large).

    A file Pillow cannot open, or one declaring a decompression bomb, is an InputError."""
    from PIL import Image, UnidentifiedImageError

    meta = EmbeddedMetadata()
    with _ImageSource(source, path, meta) as (fh, head), _PillowMessages(meta, path):
        try:
            _read_into(meta, fh, head, path)
        except Image.DecompressionBombError as e:
            raise InputError(f"{path}: refused, a possible decompression bomb ({_short(e)})")
        except UnidentifiedImageError:
            raise InputError(f"{path}: corrupt or unreadable image (Pillow cannot identify it)")
        except (
            OSError,
            SyntaxError,
            ValueError,
            struct.error,
            EOFError,
            IndexError,
            KeyError,
            TypeError,
            ZeroDivisionError,
        ) as e:
            raise InputError(f"{path}: corrupt or unreadable image ({_short(e)})")
    if with_c2pa and isinstance(source, Path):
        meta.c2pa = c2pa_status(str(source))
    return meta


class _PillowMessages(logging.Handler):
    """Pillow's warnings (the warnings module) and its log records at WARNING and above become our
    one-line warnings, instead of reaching stderr raw."""

    def __init__(self, meta: EmbeddedMetadata, path: str):
        super().__init__(logging.WARNING)
        self.meta, self.path = meta, path
        self.logger = logging.getLogger("PIL")
        self.caught = warnings.catch_warnings(record=True)

    def emit(self, record: logging.LogRecord) -> None:
        self.add(record.getMessage())

    def add(self, message) -> None:
        line = f"{self.path}: {_short(message)}"
        if line not in self.meta.warnings:
            self.meta.warnings.append(line)

    def __enter__(self):
        self.records = self.caught.__enter__()
        warnings.simplefilter("always")
        self.propagate, self.logger.propagate = self.logger.propagate, False
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self)
        self.logger.propagate = self.propagate
        self.caught.__exit__(*exc)
        for w in self.records:
            self.add(w.message)


class _ImageSource:
    """(file object, head bytes) of an image: the whole file in memory when small, else the file
    itself and its first HEAD_BYTES."""

    def __init__(self, source: bytes | Path, path: str, meta: EmbeddedMetadata):
        self.source, self.path, self.meta, self.fh = source, path, meta, None

    def __enter__(self):
        if isinstance(self.source, (bytes, bytearray)):
            return io.BytesIO(self.source), bytes(self.source)
        try:
            size = self.source.stat().st_size
            if size <= WHOLE_FILE_BYTES:
                data = self.source.read_bytes()
                return io.BytesIO(data), data
            self.fh = open(self.source, "rb")
            head = self.fh.read(HEAD_BYTES)
            self.fh.seek(0)
        except OSError as e:
            raise InputError(f"{self.path}: cannot read ({e.strerror or e})")
        self.meta.warnings.append(
            f"{self.path}: a large image ({size >> 20} MB): read in place, not into memory; "
            f"JPEG metadata is looked for in its first {HEAD_BYTES >> 20} MB"
        )
        return self.fh, head

    def __exit__(self, *exc):
        if self.fh is not None:
            self.fh.close()


def _read_into(meta: EmbeddedMetadata, fh, head: bytes, path: str) -> None:
    from PIL import Image

    with Image.open(fh) as im:
        im.verify()
    fh.seek(0)
    with Image.open(fh) as im:
        kind = image_kind(head)
        datasets = iim_datasets(im, kind, head, fh)
        packets = xmp_packets(im, kind, head, fh)
        digest = _photoshop_blocks(im, kind, head).get(0x0425, b"") if datasets else b""
        if len(digest) == 16:
            meta.iim_digest = iim_digest_state(_iim_block(im, kind, head, fh), digest)
    if datasets:
        meta.iim, meta.iim_charset = decode_iim(datasets)
    for packet in packets:
        for key, value in parse_xmp(packet).items():
            meta.xmp.setdefault(key, value)
    meta.xmp.pop("extended_xmp_guid", None)


def _short(e) -> str:
    text = str(e) or type(e).__name__
    return " ".join(text.split())[:160]


# -- IIM -------------------------------------------------------------------------------------


def iim_datasets(im, kind: str | None, head: bytes, fh) -> dict[tuple[int, int], list[bytes]]:
    """The raw IIM datasets of an open image, {(record, dataset): [value, ...]}."""
    if kind in ("jpeg", "tiff"):
        found = _pillow_iptc(im)
        if found:
            return found
    return scan_iim(_iim_block(im, kind, head, fh))


def _pillow_iptc(im) -> dict[tuple[int, int], list[bytes]]:
    """Pillow's own IPTC reader; it stops at the first malformed dataset, so a record it cannot
    read whole is left to our scanner."""
    from PIL import IptcImagePlugin

    try:
        info = IptcImagePlugin.getiptcinfo(im)
    except (SyntaxError, OSError, ValueError, IndexError, struct.error):
        return {}
    if not info:
        return {}
    return {
        key: [v for v in (value if isinstance(value, list) else [value]) if v is not None]
        for key, value in info.items()
    }


def _iim_block(im, kind: str | None, head: bytes, fh) -> bytes:
    if kind == "jpeg":
        return b"".join(_photoshop_iptc(seg) for seg in _jpeg_segments(head, 0xED))
    if kind == "tiff":
        tags = getattr(im, "tag_v2", None)
        if tags is None or 33723 not in tags:
            return b""
        return tiff_iim_bytes(tags.get(33723), tags.tagtype.get(33723), getattr(tags, "_endian", ">"))
    if kind == "psd":
        return b"".join(data for rid, _name, data in getattr(im, "resources", []) if rid == 0x0404)
    if kind == "png":
        for key, value in png_text_chunks(fh):
            if key.lower().startswith("raw profile type iptc"):
                return _raw_profile(value)
            if key.lower().startswith("raw profile type 8bim"):
                return _photoshop_iptc(b"Photoshop 3.0\x00" + _raw_profile(value, unwrap=False))
    return b""


def _photoshop_blocks(im, kind: str | None, head: bytes) -> dict[int, bytes]:
    """Photoshop image resources {id: data} of a JPEG (APP13), PSD or TIFF (tag 34377)."""
    if kind == "jpeg":
        return {rid: data for seg in _jpeg_segments(head, 0xED) for rid, data in _photoshop_resources(seg)}
    if kind == "psd":
        return {rid: data for rid, _name, data in getattr(im, "resources", [])}
    if kind == "tiff" and hasattr(im, "get_photoshop_blocks"):
        return {rid: block.get("data", b"") for rid, block in im.get_photoshop_blocks().items()}
    return {}


def iim_digest_state(block: bytes, digest: bytes) -> str:
    """Photoshop stores the MD5 of the IIM it wrote beside the XMP it wrote: a match means the two
    are in sync (XMP is then preferred, as the MWG guidelines say), a difference that a tool
    unaware of XMP changed the IIM since (IIM is then preferred)."""
    import hashlib

    candidates = {hashlib.md5(block).digest(), hashlib.md5(block.rstrip(b"\x00")).digest()}
    return "in sync" if digest in candidates else "stale"


def tiff_iim_bytes(value, tagtype: int | None = None, endian: str = ">") -> bytes:
    """The IIM block of TIFF tag 33723 in every form Pillow returns it: bytes, a tuple of bytes,
    or a tuple of integers (Photoshop declares the tag LONG, so each integer holds 4 bytes in the
    file's byte order; declared BYTE or UNDEFINED, one byte each)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if not isinstance(value, (tuple, list)) or not value:
        return b""
    if all(isinstance(v, (bytes, bytearray)) for v in value):
        return b"".join(value)
    if not all(isinstance(v, int) for v in value):
        return b""
    width = {3: "H", 4: "I", 8: "h", 9: "i"}.get(tagtype or 0)
    if width is None and any(v > 255 for v in value):
        width = "I"
    if width is None:
        return bytes(v & 0xFF for v in value)
    try:
        return struct.pack(f"{endian}{len(value)}{width}", *value)
    except struct.error:
        return b""


def _jpeg_segments(data: bytes, marker: int):
    """Payloads of the JPEG segments with this marker (APP13 = 0xED, APP1 = 0xE1)."""
    i = 2
    n = len(data)
    while i + 4 <= n and data[i] == 0xFF:
        code = data[i + 1]
        if code == 0xD9 or code == 0xDA:  # end of image, start of scan: no more metadata
            return
        if code == 0xFF:  # fill byte
            i += 1
            continue
        if code == 0x01 or 0xD0 <= code <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if length < 2 or i + 2 + length > n:
            return
        if code == marker:
            yield data[i + 4 : i + 2 + length]
        i += 2 + length


def _photoshop_iptc(segment: bytes) -> bytes:
    """The IPTC-NAA resources (0x0404) of a "Photoshop 3.0" block."""
    return b"".join(data for rid, data in _photoshop_resources(segment) if rid == 0x0404)


def _photoshop_resources(segment: bytes):
    if not segment.startswith(b"Photoshop 3.0\x00"):
        return
    i = len(b"Photoshop 3.0\x00")
    while i + 12 <= len(segment) and segment[i : i + 4] == b"8BIM":
        resource = struct.unpack(">H", segment[i + 4 : i + 6])[0]
        name_len = segment[i + 6]
        j = i + 7 + name_len
        if (name_len + 1) % 2:
            j += 1
        if j + 4 > len(segment):
            return
        size = struct.unpack(">I", segment[j : j + 4])[0]
        yield resource, segment[j + 4 : j + 4 + size]
        i = j + 4 + size + (size % 2)


def png_text_chunks(fh):
    """(keyword, text bytes) of a PNG's tEXt, zTXt and iTXt chunks, before or after the pixels.

    The chunks are walked by seeking, so the pixel data is never read; a compressed chunk is not
    inflated beyond MAX_TEXT_CHUNK."""
    fh.seek(8)
    while True:
        header = fh.read(8)
        if len(header) < 8:
            return
        length, ctype = struct.unpack(">I4s", header)
        if ctype == b"IEND":
            return
        if ctype in (b"tEXt", b"zTXt", b"iTXt") and length <= MAX_TEXT_CHUNK:
            text = _png_text(ctype, fh.read(length))
            if text is not None:
                yield text
            fh.seek(4, 1)
        else:
            fh.seek(length + 4, 1)


def _png_text(ctype: bytes, body: bytes) -> tuple[str, bytes] | None:
    keyword, _, rest = body.partition(b"\x00")
    key = keyword.decode("latin-1")
    if ctype == b"tEXt":
        return key, rest
    if ctype == b"zTXt":
        return key, _inflate(rest[1:])
    compressed, method = rest[:1] == b"\x01", rest[1:2]
    _lang, _, rest = rest[2:].partition(b"\x00")
    _translated, _, text = rest.partition(b"\x00")
    return key, (_inflate(text) if compressed and method == b"\x00" else text)


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, MAX_TEXT_CHUNK)
    except zlib.error:
        return b""


def _raw_profile(value, unwrap: bool = True) -> bytes:
    """The bytes of an ImageMagick "Raw profile": a name line, a length line, then hex."""
    text = value.decode("latin-1") if isinstance(value, (bytes, bytearray)) else str(value)
    lines = text.strip().splitlines()
    hexdata = "".join("".join(line.split()) for line in lines[2:])
    try:
        raw = bytes.fromhex(hexdata)
    except ValueError:
        return b""
    if unwrap and raw.startswith(b"Photoshop 3.0\x00"):
        return _photoshop_iptc(raw)
    if unwrap and raw.startswith(b"8BIM"):
        return _photoshop_iptc(b"Photoshop 3.0\x00" + raw)
    return raw


def scan_iim(block: bytes) -> dict[tuple[int, int], list[bytes]]:
    """The datasets of an IIM block; bytes between datasets are skipped, a truncated one ends it."""
    raw: dict[tuple[int, int], list[bytes]] = {}
    i = 0
    n = len(block)
    while i + 5 <= n:
        if block[i] != 0x1C:
            i += 1
            continue
        record, dataset = block[i + 1], block[i + 2]
        length = struct.unpack(">H", block[i + 3 : i + 5])[0]
        i += 5
        if length & 0x8000:  # extended dataset: the length of the length follows
            size = length & 0x7FFF
            if size > 4 or i + size > n:
                break
            length = int.from_bytes(block[i : i + size], "big")
            i += size
        raw.setdefault((record, dataset), []).append(block[i : i + length])
        i += length
    return raw


def parse_iim(block: bytes) -> tuple[dict, str]:
    """Fields of an IIM block and the character set they were decoded with."""
    return decode_iim(scan_iim(block))


def decode_iim(raw: dict[tuple[int, int], list[bytes]]) -> tuple[dict, str]:
    """Named, decoded fields of raw IIM datasets: by the 1:90 declaration, else UTF-8 when every
    value is valid UTF-8, else the code page judged most plausible for the record as a whole."""
    values = [v for key in IIM_FIELDS for v in raw.get(key, [])]
    codec, charset = iim_codec((raw.get((1, 90)) or [b""])[0], values)
    out: dict = {}
    for key, name in IIM_FIELDS.items():
        texts = [t for t in (v.decode(codec, errors="replace").strip("\x00").strip() for v in raw.get(key, [])) if t]
        if texts:
            out[name] = texts if name in REPEATABLE else texts[0]
    if "date_created" in out:
        out["date_created"] = _iim_date(out["date_created"])
    return out, charset


def iim_codec(declared: bytes, values: list[bytes]) -> tuple[str, str]:
    """(Python codec, label for the record) of an IIM record's text."""
    if declared.startswith(UTF8_ESCAPES):
        return "utf-8", "utf-8 (declared in 1:90)"
    if declared.startswith(LATIN1_ESCAPES):
        return "latin-1", "latin-1 (declared in 1:90)"
    sample = b"\n".join(values)
    if sample.isascii():
        return "utf-8", ""
    try:
        sample.decode("utf-8")
        return "utf-8", "utf-8 (valid, undeclared)"
    except UnicodeDecodeError:
        pass
    codec, label = judge_code_page(sample)
    return codec, f"{label} (judged; no 1:90 declaration)"


def judge_code_page(sample: bytes) -> tuple[str, str]:
    """The code page under which these bytes read most like words: (codec, label).

    Ties keep the earlier code page: Latin-1 and Windows-1252 agree outside 0x80-0x9F."""
    best: tuple[int, str, str] | None = None
    for codec, label in CODE_PAGES:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if best is None or score > best[0]:
            best = (score, codec, label)
    return (best[1], best[2]) if best else ("latin-1", "latin-1")


# Points for a non-ASCII character by its Unicode category; letters are judged in context below.
_CATEGORY_SCORE = {
    "Cc": -6,
    "Cn": -6,
    "Co": -6,
    "Cs": -6,
    "Cf": -2,
    "Sm": -2,
    "So": -1,
    "Sk": -2,
    "No": -1,
    "Pi": 0,
    "Pf": 0,
    "Pd": 0,
    "Po": 0,
    "Ps": 0,
    "Pe": 0,
    "Sc": 0,
    "Zs": 0,
}
_NEUTRAL_SYMBOLS = frozenset("©®°")


def plausibility(text: str) -> int:
    """How much a decoding reads like text in the Latin script: lower-case accented letters
    inside words, capitals at the start of words or among capitals, few controls and symbols.
    Only non-ASCII characters count (ASCII reads the same under every candidate)."""
    score = 0
    n = len(text)
    for i, ch in enumerate(text):
        if ch.isascii():
            continue
        if ch in _NEUTRAL_SYMBOLS:
            continue
        category = unicodedata.category(ch)
        if category[0] != "L":
            score += _CATEGORY_SCORE.get(category, -1)
            continue
        if not unicodedata.name(ch, "").startswith("LATIN"):
            score -= 2  # a Greek or math letter among Latin ones (Mac Roman's Ω, π)
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < n else " "
        if category == "Lu":
            score += -3 if before.islower() else 1
        elif before.isupper() and after.isupper():
            score -= 3  # "MƒRZ": a small letter inside a word in capitals
        else:
            score += 2
    return score


def _iim_date(value: str) -> str:
    v = value.strip()
    if len(v) == 8 and v.isdigit():
        return f"{v[:4]}-{v[4:6]}-{v[6:]}"
    return value


# -- XMP -------------------------------------------------------------------------------------


def xmp_packets(im, kind: str | None, head: bytes, fh) -> list[bytes]:
    """The XMP packets of an open image, the main one first (JPEG's extended XMP after it)."""
    if kind == "jpeg":
        return _jpeg_xmp(head)
    if kind == "psd":
        return [data for rid, _name, data in getattr(im, "resources", []) if rid == 0x0424]
    if kind == "png":
        return [value for key, value in png_text_chunks(fh) if key == "XML:com.adobe.xmp"]
    info = getattr(im, "info", {}) or {}
    xmp = info.get("xmp")
    if isinstance(xmp, str):
        return [xmp.encode("utf-8")]
    if isinstance(xmp, (bytes, bytearray)):
        return [bytes(xmp)]
    if isinstance(xmp, (tuple, list)) and xmp:
        return [tiff_iim_bytes(xmp, None)]
    loose = _loose_xmp(head)
    return [loose] if loose else []


def _jpeg_xmp(data: bytes) -> list[bytes]:
    """The standard XMP packet of a JPEG and, reassembled from its pieces, the extended one."""
    standard: list[bytes] = []
    extended: dict[bytes, tuple[int, dict[int, bytes]]] = {}
    for seg in _jpeg_segments(data, 0xE1):
        if seg.startswith(XMP_STANDARD):
            standard.append(seg[len(XMP_STANDARD) :])
        elif seg.startswith(XMP_EXTENDED) and len(seg) >= len(XMP_EXTENDED) + 40:
            at = len(XMP_EXTENDED)
            guid = seg[at : at + 32]
            total, offset = struct.unpack(">II", seg[at + 32 : at + 40])
            extended.setdefault(guid, (total, {}))[1][offset] = seg[at + 40 :]
    packets = standard[:1]
    wanted = parse_xmp(standard[0]).get("extended_xmp_guid", "").encode("ascii", "ignore") if standard else b""
    for guid, (total, pieces) in extended.items():
        if wanted and guid != wanted:
            continue
        whole = b"".join(pieces[k] for k in sorted(pieces))
        if len(whole) == total:
            packets.append(whole)
    return packets


def _loose_xmp(data: bytes) -> bytes:
    """An XMP packet anywhere in the head of a file, in UTF-8 or UTF-16."""
    for codec in ("utf-8", "utf-16-le", "utf-16-be"):
        start = data.find("<x:xmpmeta".encode(codec))
        if start < 0:
            continue
        end_tag = "</x:xmpmeta>".encode(codec)
        end = data.find(end_tag, start)
        if end > 0:
            return data[start : end + len(end_tag)]
    return b""


def decode_xmp(block: bytes | str) -> str:
    """An XMP packet's text: UTF-8, or UTF-16/32 told by the byte-order mark or by where the
    zero bytes of the ASCII markup fall."""
    if isinstance(block, str):
        return block
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if block.startswith(bom):
            return block[len(bom) :].decode(codec, errors="replace")
    sample = block[:256]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 4
    if even_zeros > half and odd_zeros < half // 4:
        return block.decode("utf-16-be", errors="replace")
    if odd_zeros > half and even_zeros < half // 4:
        return block.decode("utf-16-le", errors="replace")
    return block.decode("utf-8", errors="replace")


def parse_xmp(block: bytes | str) -> dict:
    text = decode_xmp(block).lstrip("\ufeff")
    start = text.find("<x:xmpmeta")
    end_tag = "</x:xmpmeta>"
    if start < 0:
        start, end_tag = text.find("<rdf:RDF"), "</rdf:RDF>"
    end = text.find(end_tag, max(start, 0))
    if start < 0 or end < 0 or "<!ENTITY" in text or "<!DOCTYPE" in text:
        return {}  # XMP has no entities: a packet declaring them is not read
    try:
        root = ET.fromstring(text[start : end + len(end_tag)])
    except ET.ParseError:
        return {}
    out: dict = {}
    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        for qname, name in XMP_FIELDS.items():
            value = _xmp_value(description, qname)
            if value is None:
                continue
            if name in XMP_LISTS:
                value = [v for v in (value if isinstance(value, list) else [value]) if v]
            elif isinstance(value, list):
                value = value[0] if value else ""
            if value not in ("", []):
                out.setdefault(name, value)
    return out


def _xmp_value(description, qname: str):
    """An XMP property as an attribute, a simple element, or an rdf:Alt/Seq/Bag (x-default first)."""
    prefix, local = qname.split(":")
    tag = f"{{{NS[prefix]}}}{local}"
    value = description.get(tag)
    if value is not None:
        return value.strip()
    element = description.find(tag)
    if element is None:
        return None
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    items = [li for li in element.iter(f"{{{NS['rdf']}}}li") if li.text and li.text.strip()]
    items.sort(key=lambda li: li.get(lang, "x-default") != "x-default")
    if items:
        return [li.text.strip() for li in items]
    return (element.text or "").strip()


# -- C2PA ------------------------------------------------------------------------------------


def c2pa_status(path: str) -> dict:
    """C2PA status when c2pa-python is installed: absent, invalid, valid or trusted, with signer.

    Without the package the status is "unknown": a missing manifest never makes an image unverifiable.
    """
    try:
        import json

        from c2pa import Reader
    except Exception:  # noqa: BLE001 - not installed, or a broken native library
        return {"status": "unknown", "note": "c2pa-python is not installed"}
    try:
        reader = Reader(path)
        store = json.loads(reader.json())
    except Exception as e:  # noqa: BLE001 - the library raises its own error types
        text = str(e).lower()
        if "notfound" in text.replace(" ", "") or "no manifest" in text or "jumbf" in text:
            return {"status": "absent"}
        return {"status": "invalid", "note": str(e)[:200]}
    active = store.get("manifests", {}).get(store.get("active_manifest", ""), {})
    state = (store.get("validation_state") or "").lower()
    errors = store.get("validation_status") or []
    status = "trusted" if state == "trusted" else "invalid" if errors or state == "invalid" else "valid"
    signature = active.get("signature_info") or {}
    return {
        "status": status,
        "signer": signature.get("issuer") or signature.get("common_name"),
        "claim_generator": active.get("claim_generator"),
    }
