"""Build small image files with embedded IPTC IIM and XMP for the tests (Pillow and struct only)."""

import hashlib
import io
import struct
import zlib
from xml.sax.saxutils import escape

from PIL import Image

IIM_NUMBERS = {
    "caption": (2, 120),
    "byline": (2, 80),
    "credit": (2, 110),
    "source": (2, 115),
    "date_created": (2, 55),
    "instructions": (2, 40),
    "charset": (1, 90),
    "copyright": (2, 116),
    "job_id": (2, 103),
}


def iim(fields: dict, encoding: str = "utf-8") -> bytes:
    out = b""
    for name, value in fields.items():
        record, dataset = IIM_NUMBERS[name]
        values = value if isinstance(value, list) else [value]
        for v in values:
            data = v if isinstance(v, bytes) else v.encode(encoding)
            out += bytes([0x1C, record, dataset]) + struct.pack(">H", len(data)) + data
    return out


def photoshop_resource(resource_id: int, data: bytes) -> bytes:
    body = b"8BIM" + struct.pack(">H", resource_id) + b"\x00\x00" + struct.pack(">I", len(data)) + data
    return body + (b"\x00" if len(data) % 2 else b"")


def app13(iim_block: bytes) -> bytes:
    payload = b"Photoshop 3.0\x00" + photoshop_resource(0x0404, iim_block)
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def app1_xmp(xmp: str | bytes) -> bytes:
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + (xmp.encode("utf-8") if isinstance(xmp, str) else xmp)
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def app1_extended_xmp(standard: str, extended: str, piece: int = 200) -> list[bytes]:
    """A standard XMP segment pointing at an extended packet, and the extended packet in pieces
    (written last piece first: a reader must place each by its offset)."""
    data = extended.encode("utf-8")
    guid = hashlib.md5(data).hexdigest().upper().encode("ascii")
    standard = standard.replace(
        "<rdf:Description ",
        f'<rdf:Description xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="{guid.decode()}" ',
        1,
    )
    segments = [app1_xmp(standard)]
    pieces = []
    for offset in range(0, len(data), piece):
        payload = (
            b"http://ns.adobe.com/xmp/extension/\x00"
            + guid
            + struct.pack(">II", len(data), offset)
            + data[offset : offset + piece]
        )
        pieces.append(b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload)
    return segments + pieces[::-1]


def jpeg(*segments: bytes) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 30, 30)).save(buf, "JPEG")
    data = buf.getvalue()
    return data[:2] + b"".join(segments) + data[2:]


def xmp_packet(
    description: str = "",
    creator: list | None = None,
    credit: str = "",
    source: str = "",
    people: list | None = None,
    instructions: str = "",
    rights: str = "",
    date_created: str = "",
) -> str:
    creators = "".join(f"<rdf:li>{escape(c)}</rdf:li>" for c in creator or [])
    persons = "".join(f"<rdf:li>{escape(p)}</rdf:li>" for p in people or [])
    attrs = "".join(
        f' photoshop:{k}="{escape(v)}"'
        for k, v in (
            ("Credit", credit),
            ("Source", source),
            ("Instructions", instructions),
            ("DateCreated", date_created),
        )
        if v
    )
    rights_el = (
        f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{escape(rights)}</rdf:li></rdf:Alt></dc:rights>'
        if rights
        else ""
    )
    return f"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 {attrs}>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(description)}</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>{rights_el}
<Iptc4xmpExt:PersonInImage><rdf:Bag>{persons}</rdf:Bag></Iptc4xmpExt:PersonInImage>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


def png_with_xmp(xmp: str) -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp)
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def png_with_iptc(iim_block: bytes, compressed: bool = True) -> bytes:
    """IIM in a "Raw profile type iptc" text chunk, the way ImageMagick and exiftool write it."""
    from PIL import PngImagePlugin

    hexdata = iim_block.hex()
    lines = "\n".join(hexdata[i : i + 72] for i in range(0, len(hexdata), 72))
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type iptc", f"\niptc\n{len(iim_block):8d}\n{lines}\n", zip=compressed)
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def png_declaring(width: int, height: int, xmp: str = "") -> bytes:
    """A small PNG whose header declares another size (the pixels are never decoded)."""
    data = png_with_xmp(xmp) if xmp else _plain_png()
    ihdr = b"IHDR" + struct.pack(">II", width, height) + data[24:29]
    return data[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + data[33:]


def _plain_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG")
    return buf.getvalue()


def tiff(iim_block: bytes = b"", xmp: bytes = b"", iptc_as_long: bool = True) -> bytes:
    """A TIFF with IIM in tag 33723 (declared LONG, as Photoshop writes it, or UNDEFINED) and XMP in tag 700."""
    from PIL import TiffImagePlugin

    ifd = TiffImagePlugin.ImageFileDirectory_v2()
    if iim_block:
        iim_block += b"\x00" * (-len(iim_block) % 4)
        ifd.tagtype[33723] = 7
        ifd[33723] = iim_block
    if xmp:
        ifd.tagtype[700] = 1
        ifd[700] = xmp
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 80, 10)).save(buf, "TIFF", tiffinfo=ifd)
    data = buf.getvalue()
    return _declare_long(data, 33723) if iim_block and iptc_as_long else data


def _declare_long(data: bytes, tag: int) -> bytes:
    """Re-declare a tag of a little-endian TIFF as LONG (4-byte units), as Photoshop writes IPTC;
    Pillow's writer only writes it UNDEFINED."""
    out = bytearray(data)
    ifd = struct.unpack_from("<I", data, 4)[0]
    for n in range(struct.unpack_from("<H", data, ifd)[0]):
        at = ifd + 2 + 12 * n
        entry_tag, _type, count = struct.unpack_from("<HHI", data, at)
        if entry_tag == tag:
            struct.pack_into("<HI", out, at + 2, 4, count // 4)
    return bytes(out)


def psd(iim_block: bytes = b"", xmp: bytes = b"") -> bytes:
    """A minimal 8x8 RGB Photoshop file with IIM (resource 0x0404) and XMP (0x0424)."""
    resources = (photoshop_resource(0x0404, iim_block) if iim_block else b"") + (
        photoshop_resource(0x0424, xmp) if xmp else b""
    )
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, 8, 8, 8, 3)
    return (
        header
        + struct.pack(">I", 0)
        + struct.pack(">I", len(resources))
        + resources
        + struct.pack(">I", 0)
        + struct.pack(">H", 0)
        + b"\x80" * (3 * 8 * 8)
    )


def webp(xmp: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 30, 120)).save(buf, "WEBP", xmp=xmp.encode("utf-8"))
    return buf.getvalue()


def records_of(path) -> list:
    """The records parsed from one file."""
    from captions.ingest import parse_document
    from captions.readers.read import read_document

    return list(parse_document(read_document(str(path))))
