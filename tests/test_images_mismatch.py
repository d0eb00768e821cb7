"""`metadata_mismatch`: only where the visible caption and the embedded fields disagree."""

import pytest

from imagefiles import app13, iim, jpeg, records_of

ROWS = [
    (
        "the caption's credit and the fields agree",
        "Runners in Duluth. (AP Photo/Mara Lindqvist)",
        {"credit": "AP", "source": "AP", "byline": "Mara Lindqvist"},
        False,
    ),
    (
        "no credit in the caption: the fields are the credit, never compared with themselves",
        "Runners in Duluth on Sunday.",
        {"credit": "NurPhoto/Shutterstock", "source": "Shutterstock Editorial", "byline": "Jane Roe"},
        False,
    ),
    (
        "Shutterstock's Mandatory Credit line names the same people as the fields",
        "Protesters march through Lima.\nMandatory Credit: Photo by Jane Roe/NurPhoto/Shutterstock (14412345c)",
        {"credit": "NurPhoto/Shutterstock", "source": "Shutterstock Editorial", "byline": "Jane Roe"},
        False,
    ),
    (
        "a self-credited photographer: their own name as Credit and Source",
        "Dawn over a lake in Bled. (Photo: Vesna Kralj)",
        {"credit": "Vesna Kralj", "source": "Vesna Kralj", "byline": "Vesna Kralj"},
        False,
    ),
    (
        "the By-line in capitals and the caption in title case are one photographer",
        "Boats near Brest. Claire Vasseur/AFP via Getty Images",
        {"credit": "AFP via Getty Images", "source": "AFP", "byline": "CLAIRE VASSEUR"},
        False,
    ),
    (
        "an initial in the caption for the By-line's first name",
        "Runners in Duluth. (AP Photo/M. Lindqvist)",
        {"credit": "AP", "byline": "Mara Lindqvist"},
        False,
    ),
    (
        "a newspaper leaves the distributor out of its credit",
        "Protesters march through Lima. Jane Roe/NurPhoto",
        {"credit": "NurPhoto/Shutterstock", "source": "Shutterstock Editorial", "byline": "Jane Roe"},
        False,
    ),
    (
        "the caption leaves out an intermediary the Source names",
        "A farm in Hamju county. (KCNA via AP)",
        {"credit": "AP", "source": "KCNA via KNS"},
        False,
    ),
    (
        "the Source names an origin the caption's credit hides",
        "Troops parade in Pyongyang. REUTERS/Mark Evans",
        {"credit": "Reuters", "source": "KCNA"},
        True,
    ),
    (
        "the By-line names another photographer",
        "Runners in Duluth. (AP Photo/Mara Lindqvist)",
        {"credit": "AP", "byline": "Omar Said"},
        True,
    ),
    (
        "the Credit names another agency",
        "Fans in Lyon cheer. REUTERS/Paulo Brandt",
        {"credit": "AFP", "byline": "Paulo Brandt"},
        True,
    ),
]


@pytest.mark.parametrize("why, caption, fields, mismatch", ROWS, ids=[r[0][:50] for r in ROWS])
def test_mismatch_only_for_a_real_disagreement(tmp_path, why, caption, fields, mismatch):
    path = tmp_path / "photo.jpg"
    path.write_bytes(jpeg(app13(iim({"charset": b"\x1b%G", "caption": caption, **fields}))))
    record = records_of(path)[0]
    assert record.provenance.metadata_mismatch is mismatch, (why, record.provenance.all_reasons())


def test_mismatch_reasons_name_the_field():
    from captions.organisations.registry import AgencyRegistry
    from captions.parsing.embedded import mismatch_reasons, read_embedded

    registry = AgencyRegistry.default()
    reading = read_embedded({"xmp": {"credit": "Reuters", "source": "KCNA", "byline": ["Kim Ri"]}}, registry)
    reasons = mismatch_reasons(reading, [registry.lookup("Reuters")], ["Mark Evans"])
    assert "the embedded XMP Source says KCNA; the caption's credit names Reuters" in reasons
    assert "the embedded XMP By-line is Kim Ri; the caption credits Mark Evans" in reasons
