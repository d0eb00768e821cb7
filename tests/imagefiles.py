"""Build small image files with embedded IPTC IIM and XMP for the tests (no external tools)."""
import io
import struct

from PIL import Image

IIM_NUMBERS = {"caption": (2, 120), "byline": (2, 80), "credit": (2, 110), "source": (2, 115),
               "date_created": (2, 55), "instructions": (2, 40), "charset": (1, 90)}


def iim(fields: dict, encoding: str = "utf-8") -> bytes:
    out = b""
    for name, value in fields.items():
        record, dataset = IIM_NUMBERS[name]
        values = value if isinstance(value, list) else [value]
        for v in values:
            data = v if isinstance(v, bytes) else v.encode(encoding)
            out += bytes([0x1C, record, dataset]) + struct.pack(">H", len(data)) + data
    return out


def app13(iim_block: bytes) -> bytes:
    body = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim_block)) + iim_block
    if len(iim_block) % 2:
        body += b"\x00"
    payload = b"Photoshop 3.0\x00" + body
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def app1_xmp(xmp: str) -> bytes:
    payload = b"http://ns.adobe.com/xap/1.0/\x00" + xmp.encode("utf-8")
    return b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload


def jpeg(*segments: bytes) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 30, 30)).save(buf, "JPEG")
    data = buf.getvalue()
    return data[:2] + b"".join(segments) + data[2:]


def xmp_packet(description: str = "", creator: list | None = None, credit: str = "", source: str = "",
               people: list | None = None) -> str:
    creators = "".join(f"<rdf:li>{c}</rdf:li>" for c in creator or [])
    persons = "".join(f"<rdf:li>{p}</rdf:li>" for p in people or [])
    return f"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 photoshop:Credit="{credit}" photoshop:Source="{source}">
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>
<Iptc4xmpExt:PersonInImage><rdf:Bag>{persons}</rdf:Bag></Iptc4xmpExt:PersonInImage>
</rdf:Description></rdf:RDF></x:xmpmeta>"""


def png_with_xmp(xmp: str) -> bytes:
    from PIL import PngImagePlugin
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp)
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()
