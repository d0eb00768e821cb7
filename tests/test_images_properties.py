"""Total functions: any embedded fields and any IIM bytes give a reading, never an exception."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from captions.ingest import parse_item
from captions.organisations.registry import AgencyRegistry
from captions.parsing.embedded import read_embedded
from captions.readers.images import decode_iim, judge_code_page, parse_xmp, scan_iim
from captions.readers.read import CaptionItem

FIELD_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from(
    ["HO", "HO-", "/", " via ", "AAP/", "/PA", "Mandatory Credit:", "-USA TODAY Sports", "©", "STR", "Xinhua"]
)
FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "caption": FIELD_TEXT,
        "byline": st.lists(FIELD_TEXT, max_size=3),
        "credit": FIELD_TEXT,
        "source": FIELD_TEXT,
        "copyright": FIELD_TEXT,
        "instructions": FIELD_TEXT,
        "people": st.lists(FIELD_TEXT, max_size=3),
        "date_created": FIELD_TEXT,
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(iim=FIELDS, xmp=FIELDS, digest=st.sampled_from(["", "in sync", "stale"]))
def test_any_fields_give_a_record(iim, xmp, digest):
    embedded = {"iim": iim, "xmp": xmp, "iim_digest": digest}
    reading = read_embedded(embedded)
    assert all(isinstance(p, str) and p for p in reading.photographers)
    item = CaptionItem(caption=iim.get("caption") or xmp.get("caption") or "", embedded=embedded)
    record = parse_item(item, None, AgencyRegistry.default())
    assert record.raw == item.caption.replace("\x00", " ") and all(a.name for a in record.chain)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_iim_bytes_decode(block):
    fields, charset = decode_iim(scan_iim(block))
    assert isinstance(fields, dict) and isinstance(charset, str)
    assert judge_code_page(block)[0] in ("latin-1", "cp1252", "mac_roman")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=200).map(lambda t: f"<x:xmpmeta>{t}</x:xmpmeta>".encode()))
def test_any_xmp_bytes_parse(block):
    assert isinstance(parse_xmp(block), dict)
