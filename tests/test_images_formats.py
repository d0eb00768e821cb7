"""Where newsrooms' image files keep their captions: IIM and XMP in every container, every encoding."""

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from captions.errors import InputError
from captions.readers import images
from captions.readers.images import decode_xmp, judge_code_page, parse_iim, read_image_metadata, tiff_iim_bytes
from imagefiles import (
    app1_extended_xmp,
    app1_xmp,
    app13,
    iim,
    jpeg,
    png_declaring,
    png_with_iptc,
    png_with_xmp,
    psd,
    records_of,
    tiff,
    webp,
    xmp_packet,
)

DATA = Path(__file__).parent / "data" / "exiftool"
UTF8 = {"charset": b"\x1b%G"}
FIELDS = {
    "caption": "Pilgrims walk to Santiago de Compostela, Spain, on Tuesday.",
    "byline": "Iker Etxeberria",
    "credit": "EPA-EFE",
    "source": "EPA",
    "instructions": "EDITORIAL USE ONLY",
    "copyright": "EPA-EFE 2024",
}
PACKET = xmp_packet(
    "Herders move yaks across a pass in Mustang, Nepal.",
    creator=["Pema Sherpa"],
    credit="AFP",
    source="AFP",
    people=["Karma Gurung"],
    instructions="FILE PHOTO",
    rights="AFP 2024",
)


def meta(data: bytes, name: str = "image"):
    return read_image_metadata(data, name, with_c2pa=False)


# -- IIM in every container ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "why, data",
    [
        ("JPEG APP13", jpeg(app13(iim({**UTF8, **FIELDS})))),
        ("TIFF tag 33723 declared LONG, as Photoshop writes it", tiff(iim({**UTF8, **FIELDS}))),
        ("TIFF tag 33723 declared UNDEFINED", tiff(iim({**UTF8, **FIELDS}), iptc_as_long=False)),
        ("PSD image resource 0x0404", psd(iim({**UTF8, **FIELDS}))),
        ("PNG zTXt Raw profile type iptc (ImageMagick, exiftool)", png_with_iptc(iim({**UTF8, **FIELDS}))),
        ("PNG tEXt Raw profile type iptc", png_with_iptc(iim({**UTF8, **FIELDS}), compressed=False)),
    ],
)
def test_iim_in_every_container(why, data):
    m = meta(data)
    assert m.iim["caption"] == FIELDS["caption"], why
    assert m.iim["byline"] == [FIELDS["byline"]] and m.iim["credit"] == "EPA-EFE" and m.iim["source"] == "EPA", why
    assert m.iim["instructions"] == "EDITORIAL USE ONLY" and m.iim["copyright"] == "EPA-EFE 2024", why


@pytest.mark.parametrize(
    "why, value, tagtype, endian",
    [
        ("bytes (UNDEFINED)", b"\x1c\x02x\x00\x04Oslo", 7, "<"),
        ("a tuple of bytes (the legacy tag API)", (b"\x1c\x02x\x00\x04Oslo",), 7, "<"),
        (
            "a tuple of ints, LONG in a little-endian file",
            struct.unpack("<3I", b"\x1c\x02x\x00\x04Oslo\x00\x00\x00"),
            4,
            "<",
        ),
        (
            "a tuple of ints, LONG in a big-endian file",
            struct.unpack(">3I", b"\x1c\x02x\x00\x04Oslo\x00\x00\x00"),
            4,
            ">",
        ),
        ("a tuple of ints, one per byte (BYTE)", tuple(b"\x1c\x02x\x00\x04Oslo"), 1, "<"),
    ],
)
def test_tiff_iptc_tag_in_every_form_pillow_returns(why, value, tagtype, endian):
    assert parse_iim(tiff_iim_bytes(value, tagtype, endian))[0]["caption"] == "Oslo", why


# -- XMP in every container and encoding -----------------------------------------------------------


@pytest.mark.parametrize(
    "why, data",
    [
        ("JPEG APP1", jpeg(app1_xmp(PACKET))),
        ("JPEG APP1 in UTF-16 LE with a BOM", jpeg(app1_xmp(PACKET.encode("utf-16")))),
        ("JPEG APP1 in UTF-16 BE without a BOM", jpeg(app1_xmp(PACKET.encode("utf-16-be")))),
        ("JPEG APP1 in UTF-16 LE without a BOM", jpeg(app1_xmp(PACKET.encode("utf-16-le")))),
        ("TIFF tag 700", tiff(xmp=PACKET.encode("utf-8"))),
        ("TIFF tag 700 in UTF-16 BE with a BOM", tiff(xmp=b"\xfe\xff" + PACKET.encode("utf-16-be"))),
        ("PNG iTXt XML:com.adobe.xmp", png_with_xmp(PACKET)),
        ("WebP XMP chunk", webp(PACKET)),
        ("PSD image resource 0x0424", psd(xmp=PACKET.encode("utf-8"))),
    ],
)
def test_xmp_in_every_container(why, data):
    m = meta(data)
    assert m.xmp["caption"] == "Herders move yaks across a pass in Mustang, Nepal.", why
    assert m.xmp["byline"] == ["Pema Sherpa"] and m.xmp["people"] == ["Karma Gurung"], why
    assert m.xmp["credit"] == "AFP" and m.xmp["instructions"] == "FILE PHOTO" and m.xmp["copyright"] == "AFP 2024", why


def test_jpeg_extended_xmp_is_reassembled_by_offset():
    long_caption = "Volunteers rebuild a school in Sindh after the floods. " * 40  # more than one segment
    segments = app1_extended_xmp(
        xmp_packet("", creator=["Sana Iqbal"]), xmp_packet(long_caption.strip(), people=["Bilal Shah"])
    )
    m = meta(jpeg(*segments))
    assert m.xmp["caption"] == long_caption.strip()
    assert m.xmp["byline"] == ["Sana Iqbal"] and m.xmp["people"] == ["Bilal Shah"]


def test_xmp_declaring_entities_is_not_read():
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + PACKET.replace("Herders", "&a;")
    assert meta(jpeg(app1_xmp(bomb))).xmp == {}


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_decode_xmp(codec):
    assert decode_xmp(PACKET.encode(codec)).lstrip("\ufeff") == PACKET


# -- IIM text encodings ------------------------------------------------------------------------------

CODE_PAGE_ROWS = [
    ("Photo Mechanic on a Mac: Mac Roman, no 1:90", "José Pérez waves to fans in São Paulo", "mac_roman", "mac-roman"),
    (
        "Mac Roman capitals and typographic quotes",
        "Zoë Müller’s “Ørsted” exhibition in MÜNCHEN",
        "mac_roman",
        "mac-roman",
    ),
    (
        "Windows desk: curly quotes and dashes are Windows-1252",
        "Café owner’s “best” crêpes – Zoë",
        "cp1252",
        "windows-1252",
    ),
    ("older Unix desk: Latin-1", "Médecins à Genève près du Léman", "latin-1", "latin-1"),
    ("Latin-1 capitals", "GRÜSSE AUS MÜNCHEN UND ÅRHUS", "latin-1", "latin-1"),
]


@pytest.mark.parametrize("why, text, codec, label", CODE_PAGE_ROWS, ids=[r[0][:40] for r in CODE_PAGE_ROWS])
def test_undeclared_iim_code_page_is_judged(why, text, codec, label):
    fields, charset = parse_iim(iim({"caption": text, "byline": "Ana Söderström"}, encoding=codec))
    assert fields["caption"] == text, why
    assert fields["byline"] == ["Ana Söderström"], why
    assert charset.startswith(label), why
    assert judge_code_page(text.encode(codec))[1] == label


def test_declared_and_valid_utf8():
    assert parse_iim(iim({**UTF8, "caption": "Ärzte in Genf"}))[1] == "utf-8 (declared in 1:90)"
    assert parse_iim(iim({"caption": "Łódź, Kraków"}))[0]["caption"] == "Łódź, Kraków"


def test_mac_roman_jpeg_end_to_end(tmp_path):
    path = tmp_path / "mac.jpg"
    path.write_bytes(
        jpeg(
            app13(
                iim(
                    {
                        "caption": "Fans greet José Pérez at the airport in Bogotá.",
                        "byline": "Inés Gómez",
                        "credit": "AFP via Getty Images",
                    },
                    encoding="mac_roman",
                )
            )
        )
    )
    record = records_of(path)[0]
    assert "José Pérez" in record.caption and "Bogotá" in record.caption
    assert list(record.photographers) == ["Inés Gómez"] and [a.name for a in record.chain] == ["AFP", "Getty Images"]
    assert record.embedded["iim_charset"].startswith("mac-roman")


# -- safety: bombs, warnings, huge files -----------------------------------------------------------


def test_decompression_bomb_is_refused_with_a_clear_line():
    with pytest.raises(InputError) as e:
        meta(png_declaring(50000, 50000), "bomb.png")
    assert str(e.value).startswith("bomb.png: refused, a possible decompression bomb")
    assert "\n" not in str(e.value)


def test_pillow_warning_becomes_one_warning_line():
    m = meta(png_declaring(10000, 10000, PACKET), "large.png")
    assert m.xmp["byline"] == ["Pema Sherpa"]
    assert len(m.warnings) == 1 and m.warnings[0].startswith("large.png: Image size (100000000 pixels)")


def test_a_huge_file_is_read_in_place(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "WHOLE_FILE_BYTES", 1000)
    monkeypatch.setattr(images, "HEAD_BYTES", 4096)
    path = tmp_path / "huge.jpg"
    path.write_bytes(jpeg(app13(iim({**UTF8, **FIELDS}))) + b"\x00" * 20000)
    m = read_image_metadata(path, "huge.jpg", with_c2pa=False)
    assert m.iim["caption"] == FIELDS["caption"]
    assert any("read in place, not into memory" in w for w in m.warnings)


# -- against exiftool ------------------------------------------------------------------------------

EXIFTOOL_TAGS = {
    "caption": ("IPTC:Caption-Abstract", "XMP-dc:Description"),
    "byline": ("IPTC:By-line", "XMP-dc:Creator"),
    "credit": ("IPTC:Credit", "XMP-photoshop:Credit"),
    "source": ("IPTC:Source", "XMP-photoshop:Source"),
    "copyright": ("IPTC:CopyrightNotice", "XMP-dc:Rights"),
    "instructions": ("IPTC:SpecialInstructions", "XMP-photoshop:Instructions"),
    "people": (None, "XMP-iptcExt:PersonInImage"),
}


def _as_list(value):
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="exiftool is not installed")
def test_fields_agree_with_exiftool(tmp_path):
    made = {
        "iim.jpg": jpeg(app13(iim({**UTF8, **FIELDS}))),
        "iim.tif": tiff(iim({**UTF8, **FIELDS})),
        "iim.psd": psd(iim({**UTF8, **FIELDS}), PACKET.encode()),
        "iim.png": png_with_iptc(iim({**UTF8, **FIELDS})),
        "xmp16.jpg": jpeg(app1_xmp(PACKET.encode("utf-16"))),
        "xmp.webp": webp(PACKET),
        "xmp.png": png_with_xmp(PACKET),
        "xmp.tif": tiff(xmp=PACKET.encode()),
    }
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
    files = sorted(tmp_path.iterdir()) + sorted(DATA.glob("*.*"))
    out = subprocess.run(
        ["exiftool", "-j", "-G1", "-a", "-charset", "iptc=utf8", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    by_file = {Path(entry["SourceFile"]).name: entry for entry in json.loads(out.stdout)}
    compared = 0
    for path in files:
        ours = read_image_metadata(path, path.name, with_c2pa=False)
        theirs = by_file[path.name]
        for key, (iim_tag, xmp_tag) in EXIFTOOL_TAGS.items():
            for block, tag in ((ours.iim, iim_tag), (ours.xmp, xmp_tag)):
                if tag is None or tag not in theirs:
                    continue
                assert _as_list(block.get(key, [])) == _as_list(theirs[tag]), (path.name, tag)
                compared += 1
    assert compared >= 40


# -- a folder mixing all of them, through the command line -----------------------------------------


def test_ingest_of_a_mixed_folder_gives_a_record_per_image_and_no_raw_warning(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    made = {
        "a.jpg": jpeg(app13(iim({**UTF8, **FIELDS}))),
        "b.tif": tiff(iim({**UTF8, **FIELDS})),
        "c.psd": psd(iim({**UTF8, **FIELDS})),
        "d.png": png_with_iptc(iim({**UTF8, **FIELDS})),
        "e.jpg": jpeg(app1_xmp(PACKET.encode("utf-16"))),
        "f.webp": webp(PACKET),
        "g.jpg": jpeg(app13(iim({"caption": "Gäste in Zürich", "byline": "José Núñez"}, encoding="mac_roman"))),
        "h.png": png_declaring(10000, 10000, PACKET),
        "i.jpg": jpeg(app13(iim({"copyright": "\u00a9 Lotte Brandt"}))),
    }
    for name, data in made.items():
        (folder / name).write_bytes(data)
    for sample in DATA.glob("*.*"):
        shutil.copy(sample, folder / f"exiftool-{sample.name}")
    (folder / "bomb.png").write_bytes(png_declaring(50000, 50000))
    env = {**os.environ, "CAPTIONS_DB": str(tmp_path / "t.db"), "PYTHONWARNINGS": "default"}
    result = subprocess.run(
        [sys.executable, "-m", "captions", "ingest", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    images_with_fields = len(made) + len([p for p in DATA.glob("*.*") if p.name != "ExtendedXMP.jpg"])
    assert f"{images_with_fields} captions" in result.stdout, result.stdout + result.stderr
    assert "bomb.png: refused, a possible decompression bomb" in result.stderr
    for line in result.stderr.splitlines():
        assert line.startswith(("Warning: ", "Error: ")), line  # no raw Python warning, no traceback
    assert "h.png: Image size (100000000 pixels)" in result.stderr


# -- damaged files: an InputError or what could be read, never a traceback -------------------------


@pytest.mark.parametrize(
    "name, data",
    [
        ("jpeg", jpeg(app13(iim({**UTF8, **FIELDS})), *app1_extended_xmp(PACKET, PACKET))),
        ("tiff", tiff(iim({**UTF8, **FIELDS}), PACKET.encode())),
        ("psd", psd(iim({**UTF8, **FIELDS}), PACKET.encode())),
        ("png", png_with_iptc(iim({**UTF8, **FIELDS}))),
        ("webp", webp(PACKET)),
    ],
)
def test_damaged_images_fail_cleanly(name, data):
    damaged = [data[:n] for n in range(8, len(data), max(1, len(data) // 40))]
    damaged += [
        data[:n] + bytes([data[n] ^ 0xFF]) + data[n + 1 :] for n in range(8, len(data), max(1, len(data) // 40))
    ]
    for sample in damaged:
        try:
            meta(sample, name)
        except InputError as e:
            assert str(e).startswith(f"{name}: ") and "\n" not in str(e)


def _patch_tiff_tag(data: bytes, tag: int, value: int) -> bytes:
    out = bytearray(data)
    ifd = struct.unpack_from("<I", data, 4)[0]
    for n in range(struct.unpack_from("<H", data, ifd)[0]):
        at = ifd + 2 + 12 * n
        if struct.unpack_from("<H", data, at)[0] == tag:
            struct.pack_into("<H", out, at + 8, value)
    return bytes(out)


def test_pillow_log_records_become_warning_lines(capsys):
    # Pillow logs (not warns) about a TIFF declaring more samples per pixel than it can decode
    data = _patch_tiff_tag(tiff(iim({**UTF8, **FIELDS})), 277, 71)
    try:
        m = meta(data, "odd.tif")
        assert m.iim["caption"] == FIELDS["caption"]
        assert any(w.startswith("odd.tif: More samples per pixel") for w in m.warnings), m.warnings
    except InputError as e:
        assert str(e).startswith("odd.tif: ")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "why, digest_of, winner",
    [
        ("no IPTC digest: IIM first, what wire desks write", None, "iim"),
        ("the digest matches the IIM: it is XMP's synchronised copy, XMP first (MWG)", "iim", "xmp"),
        ("the digest does not match: the IIM was edited since, IIM first (MWG)", "other", "iim"),
    ],
)
def test_iptc_digest_decides_between_iim_and_xmp(tmp_path, why, digest_of, winner):
    import hashlib

    from imagefiles import photoshop_resource

    block = iim({**UTF8, "caption": "Divers film a reef off Cozumel.", "byline": "Lucia Ortega"})
    resources = photoshop_resource(0x0404, block)
    if digest_of:
        resources += photoshop_resource(0x0425, hashlib.md5(block if digest_of == "iim" else b"x").digest())
    payload = b"Photoshop 3.0\x00" + resources
    app13_segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    xmp = xmp_packet("Divers film a coral reef off Cozumel, Mexico.", creator=["Lucía Ortega Ruiz"])
    path = tmp_path / "reef.jpg"
    path.write_bytes(jpeg(app13_segment, app1_xmp(xmp)))
    record = records_of(path)[0]
    expected = {
        "iim": ("Divers film a reef off Cozumel.", ["Lucia Ortega"]),
        "xmp": ("Divers film a coral reef off Cozumel, Mexico.", ["Lucía Ortega Ruiz"]),
    }[winner]
    assert (record.description, list(record.photographers)) == expected, why
