"""What newsrooms hold: web pages, image files and caption lists, ingested end to end."""

import json

import pytest

from captions.readers.images import parse_iim
from imagefiles import app1_xmp, app13, iim, jpeg, png_with_xmp, xmp_packet

PAGE = """<!DOCTYPE html><html><head><title>Harbour week | Example Daily</title>
<meta property="og:site_name" content="Example Daily">
<meta property="article:published_time" content="2025-10-14T08:00:00Z">
<link rel="canonical" href="https://example.invalid/harbour">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbour week", "image": {"@type": "ImageObject",
 "caption": "Kim Jong Un cuts a ribbon at a harbour in Sinpo, North Korea, in this photo released on Oct. 12, 2025.",
 "creditText": "KCNA via Reuters", "dateCreated": "2025-10-12"}}</script>
<script>var caption = "(AP Photo/Not A Caption)";</script>
<style>.credit { color: grey }</style></head>
<body><nav><a href="/">Home</a> <img src="logo.png" alt="Example Daily logo for the home page"></nav>
<article><h1>Harbour week</h1>
<p>The harbour opened on Sunday.</p>
<figure><img src="a.jpg"><figcaption>Fishermen unload a catch at the new quay in Sinpo on Monday.
 <span class="credit">REUTERS/Stringer</span></figcaption></figure>
<figure><img src="b.jpg"><figcaption>Kim Jong Un cuts a ribbon at a harbour in Sinpo, North Korea, in this photo released on Oct. 12, 2025.</figcaption>
 <div itemprop="copyrightHolder">KCNA via Reuters</div></figure>
<img src="c.jpg" alt="A woman sells dried fish at a market in Wonsan (AP Photo/Lee Jin-su)">
<p>Unclosed paragraph <b>bold
</article></body></html>"""


def test_html_page(cli, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = cli("parse", page, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["locator"] for r in records] == ["figcaption 1", "figcaption 2", "img alt 3"]
    assert records[0]["chain"] == ["Reuters"] and records[0]["anonymous"] is True
    assert records[0]["date"] == "2025-10-13"  # "Monday" against the page's published date
    assert records[1]["chain"] == ["KCNA", "Reuters"] and records[1]["state_media"] is True
    assert records[2]["photographers"] == ["Lee Jin-su"]
    assert not any("Not A Caption" in r["caption"] for r in records)
    ingest = cli("ingest", page)
    assert "1 files read (1 web page): 3 captions" in ingest.stdout


def test_every_alt_caption_of_a_long_page_is_kept(cli, tmp_path):
    # many figures, then many images with alt text: none of the alt captions may be taken for a
    # figure's image (they were, when images were told apart by the id() of lxml's proxies)
    figures = "".join(
        f'<figure><img src="f{i}.jpg"><figcaption>Boat {i} leaves the port of Sinpo. '
        f"(AP Photo/Mia Lund)</figcaption></figure>"
        for i in range(40)
    )
    alts = "".join(
        f'<img src="a{i}.jpg" alt="Trawler number {i} docks in Wonsan (AP Photo/Lee Jin-su)">' for i in range(40)
    )
    page = tmp_path / "gallery.html"
    page.write_text(f"<html><body>{figures}{alts}</body></html>", encoding="utf-8")
    records = [json.loads(line) for line in cli("parse", page, "--format", "jsonl").stdout.splitlines()]
    assert sum(r["locator"].startswith("figcaption") for r in records) == 40
    assert sum(r["locator"].startswith("img alt") for r in records) == 40


def test_html_page_without_captions_fails_alone(cli, tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><body><p>Only text here.</p></body></html>", encoding="utf-8")
    result = cli("ingest", page)
    assert result.exit_code == 1 and "no captions found" in result.stderr


def test_jpeg_with_latin1_iim(cli, tmp_path):
    caption = "Soldaten marschieren in Pjöngjang. KCNA via REUTERS".encode("latin-1")
    path = tmp_path / "photo.jpg"
    path.write_bytes(
        jpeg(app13(iim({"caption": caption, "credit": "Reuters", "source": "KCNA", "date_created": "20240305"})))
    )
    result = cli("ingest", path)
    assert result.exit_code == 0, result.output
    row = cli.rows()[0]
    assert row["description"] == "Soldaten marschieren in Pjöngjang."
    assert row["chain"] == ["KCNA", "Reuters"] and row["state_media"]
    assert row["locator"] == "IPTC" and row["date"] == "2024-03-05"
    assert row["metadata_mismatch"] is False


def test_iim_declared_utf8_and_undeclared_latin1():
    utf8 = iim({"charset": b"\x1b%G", "caption": "Ärzte in Genf"})
    assert parse_iim(utf8)[0]["caption"] == "Ärzte in Genf"
    latin = iim({"caption": "Médecins à Genève"}, encoding="latin-1")
    fields, charset = parse_iim(latin)
    assert fields["caption"] == "Médecins à Genève" and charset.startswith("latin-1")


def test_xmp_only_png(cli, tmp_path):
    path = tmp_path / "still.png"
    path.write_bytes(
        png_with_xmp(
            xmp_packet(
                "Crowds wave flags in Minsk, Belarus.",
                creator=["Anna Bond"],
                credit="AP",
                source="AP",
                people=["Anna Bond"],
            )
        )
    )
    result = cli("ingest", path)
    assert result.exit_code == 0, result.output
    row = cli.rows()[0]
    assert row["locator"] == "XMP" and row["chain"] == ["AP"] and row["photographers"] == ["Anna Bond"]


def test_metadata_mismatch(cli, tmp_path):
    path = tmp_path / "mismatch.jpg"
    xmp = xmp_packet(
        "Troops parade in Pyongyang. REUTERS/Mark Evans", creator=["Kim Ri"], credit="Reuters", source="KCNA"
    )
    path.write_bytes(jpeg(app1_xmp(xmp)))
    cli("ingest", path)
    row = cli.rows()[0]
    assert row["metadata_mismatch"] is True
    assert any("embedded XMP Source says KCNA; the caption's credit names Reuters" in r for r in row["reasons"])
    assert any("By-line is Kim Ri" in r for r in row["reasons"])


def test_corrupt_jpeg_is_reported_and_others_stored(cli, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    good = jpeg(app13(iim({"caption": "A harbour at dawn in Busan. (Yonhap)"})))
    (folder / "good.jpg").write_bytes(good)
    (folder / "bad.jpg").write_bytes(good[:40])
    (folder / "list.csv").write_text(
        'id,caption,page_date\nr1,"Fans cheer in Seoul on Sunday. (AP Photo/Kim Ho)",2024-05-06\nr2,,2024-05-06\n',
        encoding="utf-8",
    )
    (folder / "notes.txt").write_text("KCNA via Reuters\nKim waves from a train.\n", encoding="utf-8")
    result = cli("ingest", folder)
    assert result.exit_code == 1
    assert "bad.jpg: corrupt or unreadable image" in result.stderr
    assert "list.csv:3: no caption in this row" in result.stderr
    assert "3 files read (1 article, 1 caption list, 1 image): 3 captions, 3 new" in result.stdout
    assert "1 files failed" in result.stdout
    csv_row = [r for r in cli.rows() if r["locator"] == "row 2"][0]
    assert csv_row["date"] == "2024-05-05" and csv_row["photographers"] == ["Kim Ho"]
    again = cli("ingest", folder)
    assert "0 new, 3 already stored" in again.stdout


def test_csv_without_caption_column(cli, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,credit,page_date\n1,AP,2024-01-01\n", encoding="utf-8")
    result = cli("ingest", path)
    assert result.exit_code == 1 and "a CSV without a caption column" in result.stderr


@pytest.mark.parametrize(
    "flag,text,count",
    [
        ("--one-per-line", "Troops in Minsk. REUTERS/Stringer\nFans in Rome. (AP Photo/Lia Neri)\n", 2),
        ("--one-per-paragraph", "Troops in Minsk.\nREUTERS/Stringer\n\nFans in Rome.\n(AP Photo/Lia Neri)\n", 2),
    ],
)
def test_plain_text_lists(cli, tmp_path, flag, text, count):
    path = tmp_path / "list.txt"
    path.write_text(text, encoding="utf-8")
    result = cli("ingest", path, flag)
    assert result.exit_code == 0, result.output
    assert len(cli.rows()) == count and all(r["chain"] for r in cli.rows())


def test_every_record_keeps_where_it_came_from(cli, tmp_path):
    path = tmp_path / "list.jsonl"
    path.write_text(json.dumps({"id": "x", "caption": "Troops in Minsk. REUTERS/Stringer"}) + "\n", encoding="utf-8")
    cli("ingest", path)
    shown = json.loads(cli("show", "1", "--format", "json").stdout)
    assert shown["file"].endswith("list.jsonl") and shown["locator"] == "line 1" and shown["raw"]


def test_jsonl_blocks_skip_a_line_too_long_to_hold_and_keep_the_numbers(tmp_path, monkeypatch):
    from captions.readers import blocks
    from captions.readers.read import read_document

    monkeypatch.setattr(blocks, "_LONG_LINE", 200)
    lines = [json.dumps({"caption": f"Ferry {i} leaves Piraeus. (AP Photo/Eva Lind)"}) for i in range(12)]
    lines[4] = json.dumps({"caption": "x" * 1000})
    path = tmp_path / "list.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(str(path))
    read, warnings = [], []
    for block in blocks.jsonl_blocks(doc, 64):
        block_doc, items = blocks.block_items(block, doc.path)
        read += [(item.locator, item.caption) for item in items]
        warnings += block_doc.warnings
    assert warnings == [f"{doc.path}:5: line longer than 64 MB; skipped"]
    assert [locator for locator, _ in read] == [f"line {n}" for n in (1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12)]
    assert read[4][1].startswith("Ferry 5 ")
