"""Captions embedded in image files: IPTC IIM and XMP, read without an external binary.

IIM datasets are read from the Photoshop resource block (JPEG APP13, TIFF tag 33723, the
"Raw profile type iptc" text chunk of PNG) by our own parser, because the text encoding is the
part every reader gets wrong: dataset 1:90 declares UTF-8 with ESC % G; without it the text is
decoded as UTF-8 only when it is valid UTF-8, else as Latin-1 (the encoding of older desks).
XMP is parsed as RDF/XML with the standard library.
"""
from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from ..errors import InputError

IIM_FIELDS = {
    (2, 120): "caption",        # Caption-Abstract
    (2, 80): "byline",          # By-line
    (2, 85): "byline_title",    # By-line Title
    (2, 110): "credit",         # Credit
    (2, 115): "source",         # Source
    (2, 116): "copyright",      # Copyright Notice
    (2, 55): "date_created",    # Date Created (CCYYMMDD)
    (2, 60): "time_created",
    (2, 40): "instructions",    # Special Instructions
    (2, 103): "job_id",         # Original Transmission Reference
}
REPEATABLE = {"byline"}
UTF8_ESCAPES = (b"\x1b%G", b"\x1b%/G", b"\x1b%/I")

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
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
    "Iptc4xmpExt:PersonInImage": "people",
    "Iptc4xmpExt:DigitalSourceType": "digital_source_type",
}
IMAGE_SIGNATURES = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)


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
    c2pa: dict = field(default_factory=lambda: {"status": "unknown"})

    def get(self, key: str):
        """IIM first (what wire desks write), XMP where IIM is silent."""
        value = self.iim.get(key)
        if value in (None, "", []):
            value = self.xmp.get(key)
        return value

    def as_dict(self) -> dict:
        out = {"iim": self.iim, "xmp": self.xmp, "c2pa": self.c2pa}
        if self.iim_charset:
            out["iim_charset"] = self.iim_charset
        return out


def read_image_metadata(data: bytes, path: str, with_c2pa: bool = True) -> EmbeddedMetadata:
    """IPTC and XMP of an image file.  A file Pillow cannot open is an InputError."""
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:   # pragma: no cover - Pillow is a dependency
        raise InputError(f"{path}: reading images needs Pillow")
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as e:
        raise InputError(f"{path}: corrupt or unreadable image ({_short(e)})")
    meta = EmbeddedMetadata()
    try:
        with Image.open(io.BytesIO(data)) as im:
            iim_bytes = _iim_block(data, im)
            xmp_bytes = _xmp_block(data, im)
    except (OSError, SyntaxError, ValueError, struct.error) as e:
        raise InputError(f"{path}: corrupt or unreadable image ({_short(e)})")
    if iim_bytes:
        meta.iim, meta.iim_charset = parse_iim(iim_bytes)
    if xmp_bytes:
        meta.xmp = parse_xmp(xmp_bytes)
    if with_c2pa:
        meta.c2pa = c2pa_status(path)
    return meta


def _short(e: Exception) -> str:
    text = str(e) or type(e).__name__
    return text.splitlines()[0][:120]


# -- IIM -------------------------------------------------------------------------------------

def _iim_block(data: bytes, im) -> bytes:
    kind = image_kind(data)
    if kind == "jpeg":
        return b"".join(_photoshop_iptc(seg) for seg in _jpeg_segments(data, 0xED))
    if kind == "tiff":
        raw = getattr(im, "tag_v2", {}).get(33723)
        if isinstance(raw, (bytes, bytearray)):
            return bytes(raw)
        if isinstance(raw, (tuple, list)):
            return b"".join(struct.pack(">I", v) if isinstance(v, int) and v > 255 else bytes([v]) for v in raw)
    if kind == "png":
        for key, value in getattr(im, "info", {}).items():
            if isinstance(key, str) and key.lower().startswith("raw profile type iptc"):
                return _raw_profile(value)
    return b""


def _jpeg_segments(data: bytes, marker: int):
    """Payloads of the JPEG segments with this marker (APP13 = 0xED, APP1 = 0xE1)."""
    i = 2
    n = len(data)
    while i + 4 <= n and data[i] == 0xFF:
        code = data[i + 1]
        if code == 0xD9 or code == 0xDA:      # end of image, start of scan: no more metadata
            return
        if code == 0x01 or 0xD0 <= code <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if length < 2 or i + 2 + length > n:
            return
        if code == marker:
            yield data[i + 4:i + 2 + length]
        i += 2 + length


def _photoshop_iptc(segment: bytes) -> bytes:
    """The IPTC-NAA resource (0x0404) of a "Photoshop 3.0" APP13 segment."""
    if not segment.startswith(b"Photoshop 3.0\x00"):
        return b""
    i = len(b"Photoshop 3.0\x00")
    out = b""
    while i + 12 <= len(segment) and segment[i:i + 4] == b"8BIM":
        resource = struct.unpack(">H", segment[i + 4:i + 6])[0]
        name_len = segment[i + 6]
        j = i + 7 + name_len
        if (name_len + 1) % 2:
            j += 1
        if j + 4 > len(segment):
            break
        size = struct.unpack(">I", segment[j:j + 4])[0]
        body = segment[j + 4:j + 4 + size]
        if resource == 0x0404:
            out += body
        i = j + 4 + size + (size % 2)
    return out


def _raw_profile(value) -> bytes:
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    lines = text.strip().splitlines()
    hexdata = "".join(lines[2:]) if len(lines) > 2 else ""
    try:
        raw = bytes.fromhex(re.sub(r"\s+", "", hexdata))
    except ValueError:
        return b""
    if raw.startswith(b"Photoshop 3.0\x00") or raw.startswith(b"8BIM"):
        return _photoshop_iptc(raw if raw.startswith(b"Photoshop") else b"Photoshop 3.0\x00" + raw)
    return raw


def parse_iim(block: bytes) -> tuple[dict, str]:
    """Datasets of an IIM block, decoded by the 1:90 character set (UTF-8), else UTF-8 when valid, else Latin-1."""
    raw: dict[tuple[int, int], list[bytes]] = {}
    i = 0
    n = len(block)
    while i + 5 <= n:
        if block[i] != 0x1C:
            i += 1
            continue
        record, dataset = block[i + 1], block[i + 2]
        length = struct.unpack(">H", block[i + 3:i + 5])[0]
        i += 5
        if length & 0x8000:                   # extended dataset: the length of the length follows
            size = length & 0x7FFF
            if size > 4 or i + size > n:
                break
            length = int.from_bytes(block[i:i + size], "big")
            i += size
        raw.setdefault((record, dataset), []).append(block[i:i + length])
        i += length
    declared = raw.get((1, 90), [b""])[0]
    utf8 = any(declared.startswith(e) for e in UTF8_ESCAPES)
    charset = "utf-8 (declared in 1:90)" if utf8 else ""
    out: dict = {}
    for key, name in IIM_FIELDS.items():
        values = []
        for value in raw.get(key, []):
            text, used = _decode_iim(value, utf8)
            charset = charset or used
            text = text.strip("\x00").strip()
            if text:
                values.append(text)
        if not values:
            continue
        out[name] = values if name in REPEATABLE else values[0]
    if "date_created" in out:
        out["date_created"] = _iim_date(out["date_created"])
    return out, charset


def _decode_iim(value: bytes, declared_utf8: bool) -> tuple[str, str]:
    if declared_utf8:
        return value.decode("utf-8", errors="replace"), "utf-8 (declared in 1:90)"
    try:
        text = value.decode("utf-8")
        return text, ("utf-8 (valid, undeclared)" if any(b > 127 for b in value) else "")
    except UnicodeDecodeError:
        return value.decode("latin-1"), "latin-1 (no 1:90 declaration)"


def _iim_date(value: str) -> str:
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value.strip())
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else value


# -- XMP -------------------------------------------------------------------------------------

def _xmp_block(data: bytes, im) -> bytes:
    xmp = getattr(im, "info", {}).get("xmp") or getattr(im, "info", {}).get("XML:com.adobe.xmp")
    if isinstance(xmp, str):
        return xmp.encode("utf-8")
    if isinstance(xmp, (bytes, bytearray)):
        return bytes(xmp)
    if image_kind(data) == "jpeg":
        for seg in _jpeg_segments(data, 0xE1):
            if seg.startswith(b"http://ns.adobe.com/xap/1.0/\x00"):
                return seg[len(b"http://ns.adobe.com/xap/1.0/\x00"):]
    m = re.search(rb"<x:xmpmeta.*?</x:xmpmeta>", data[:2_000_000], re.DOTALL)
    return m.group(0) if m else b""


def parse_xmp(block: bytes) -> dict:
    text = block.decode("utf-8", errors="replace")
    start = text.find("<x:xmpmeta")
    if start < 0:
        start = text.find("<rdf:RDF")
    end_tag = "</x:xmpmeta>" if "<x:xmpmeta" in text else "</rdf:RDF>"
    end = text.find(end_tag)
    if start < 0 or end < 0:
        return {}
    try:
        root = ET.fromstring(text[start:end + len(end_tag)])
    except ET.ParseError:
        return {}
    out: dict = {}
    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        for qname, name in XMP_FIELDS.items():
            prefix, local = qname.split(":")
            tag = f"{{{NS[prefix]}}}{local}"
            value = description.get(tag)
            if value is None:
                element = description.find(tag)
                if element is None:
                    continue
                items = [li.text.strip() for li in element.iter(f"{{{NS['rdf']}}}li") if li.text and li.text.strip()]
                value = items if items else (element.text or "").strip()
            if name in ("caption", "credit", "source", "copyright", "date_created", "instructions", "byline_title",
                        "digital_source_type") and isinstance(value, list):
                value = value[0] if value else ""
            if value not in ("", []):
                out.setdefault(name, value)
    if isinstance(out.get("byline"), str):
        out["byline"] = [out["byline"]]
    if isinstance(out.get("people"), str):
        out["people"] = [out["people"]]
    return out


# -- C2PA ------------------------------------------------------------------------------------

def c2pa_status(path: str) -> dict:
    """C2PA status when c2pa-python is installed: absent, invalid, valid or trusted, with signer.

    Without the package the status is "unknown": a missing manifest never makes an image unverifiable.
    """
    try:
        import json

        from c2pa import Reader  # type: ignore
    except Exception:   # noqa: BLE001 - not installed, or a broken native library
        return {"status": "unknown", "note": "c2pa-python is not installed"}
    try:
        reader = Reader(path)
        store = json.loads(reader.json())
    except Exception as e:   # noqa: BLE001 - the library raises its own error types
        text = str(e).lower()
        if "notfound" in text.replace(" ", "") or "no manifest" in text or "jumbf" in text:
            return {"status": "absent"}
        return {"status": "invalid", "note": str(e)[:200]}
    active = store.get("manifests", {}).get(store.get("active_manifest", ""), {})
    state = (store.get("validation_state") or "").lower()
    errors = store.get("validation_status") or []
    status = "trusted" if state == "trusted" else "invalid" if errors or state == "invalid" else "valid"
    signature = active.get("signature_info") or {}
    return {"status": status, "signer": signature.get("issuer") or signature.get("common_name"),
            "claim_generator": active.get("claim_generator")}
