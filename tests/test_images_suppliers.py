"""Supplier conventions of embedded IPTC fields (data/suppliers.csv), one image per convention.

Each row is an image written in a supplier's style (invented people and events), read back as a
newsroom holds it: (why, IIM fields, expected photographers, chain, flags).  The fields are read
one by one -- never composed into one credit and parsed again.
"""

import pytest

from imagefiles import app13, iim, jpeg, records_of

ROWS = [
    (
        "AP: Credit AP, By-line the photographer",
        {
            "caption": "Runners cross a bridge in Duluth, Minn., on Sunday.",
            "credit": "AP",
            "source": "AP",
            "byline": "Mara Lindqvist",
        },
        ["Mara Lindqvist"],
        ["AP"],
        set(),
    ),
    (
        "AP: Invision is AP's entertainment brand",
        {
            "caption": "A singer arrives at a gala in Los Angeles.",
            "credit": "Invision",
            "source": "Invision",
            "byline": "Theo Banks",
        },
        ["Theo Banks"],
        ["AP"],
        set(),
    ),
    (
        "AP: EDS NOTE: A FILE PHOTO in Special Instructions is a file photo",
        {
            "caption": "A ferry docks at a pier in Seattle.",
            "credit": "AP",
            "byline": "Ruth Okafor",
            "instructions": "EDS NOTE: A FILE PHOTO",
        },
        ["Ruth Okafor"],
        ["AP"],
        {"file_photo"},
    ),
    (
        "AP: KCNA pictures come through the Korea News Service; Source is the origin",
        {
            "caption": "Workers inspect a greenhouse farm in Hamju county.",
            "credit": "AP",
            "source": "KCNA via KNS",
            "instructions": "THE CONTENT OF THIS IMAGE IS AS PROVIDED AND CANNOT BE INDEPENDENTLY VERIFIED",
        },
        [],
        ["KCNA", "Korea News Service", "AP"],
        {"state_media", "disclaimer", "unverifiable"},
    ),
    (
        "Reuters: misspelt Credit and a Reuters By-line",
        {"caption": "Fans cheer at a stadium in Lyon.", "credit": "Retuers", "byline": "Paulo Brandt"},
        ["Paulo Brandt"],
        ["Reuters"],
        set(),
    ),
    (
        "Reuters: Action Images is Reuters' sports brand",
        {
            "caption": "A striker scores at a stadium in Leeds.",
            "credit": "Action Images via Reuters",
            "byline": "Lee Carver",
        },
        ["Lee Carver"],
        ["Reuters"],
        set(),
    ),
    (
        "Reuters: KCNA in Source and By-line, a third-party disclaimer in the instructions",
        {
            "caption": "Soldiers march on a square in Pyongyang.",
            "credit": "REUTERS",
            "source": "KCNA",
            "byline": "KCNA",
            "instructions": "THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY. REUTERS IS UNABLE TO "
            "INDEPENDENTLY VERIFY THIS IMAGE.",
        },
        [],
        ["KCNA", "Reuters"],
        {"state_media", "disclaimer", "unverifiable", "handout"},
    ),
    (
        "Reuters: USA TODAY Sports pictures, Name-USA TODAY Sports in the Credit",
        {
            "caption": "A pitcher throws in the first inning in Denver.",
            "credit": "Cole Harmon-USA TODAY Sports",
            "copyright": "USA TODAY Sports",
            "source": "USA TODAY Sports",
        },
        ["Cole Harmon"],
        ["USA Today", "Reuters"],
        set(),
    ),
    (
        "AFP: the By-line carries NAME/AFP, the Credit AFP via Getty Images",
        {
            "caption": "Boats sail past a lighthouse near Brest.",
            "credit": "AFP via Getty Images",
            "source": "AFP",
            "byline": "CLAIRE VASSEUR/AFP",
        },
        ["Claire Vasseur"],
        ["AFP", "Getty Images"],
        set(),
    ),
    (
        "Getty: a partner collection in Credit, the regional desk in Source",
        {
            "caption": "Guests arrive at a premiere in New York.",
            "credit": "FilmMagic",
            "source": "Getty Images North America",
            "byline": "Dana Whitfield",
        },
        ["Dana Whitfield"],
        ["FilmMagic", "Getty Images"],
        set(),
    ),
    (
        "Getty: Getty Images for a client is Getty's own picture, shot on commission",
        {
            "caption": "Guests arrive at a film festival in New York.",
            "credit": "Getty Images for Harbour Film Festival",
            "source": "Getty Images North America",
            "byline": "Dana Whitfield",
        },
        ["Dana Whitfield"],
        ["Getty Images"],
        set(),
    ),
    (
        "AP: a partner agency's picture via AP keeps its order",
        {"caption": "Fans queue at a stadium in Paris.", "credit": "Sipa USA via AP", "byline": "Remy Caron"},
        ["Remy Caron"],
        ["Sipa", "AP"],
        set(),
    ),
    (
        "EPA-EFE: Credit EPA, the photographer in capitals",
        {
            "caption": "Farmers drive tractors through Brussels.",
            "credit": "EPA",
            "source": "EPA-EFE",
            "byline": "JONAS WEBER",
        },
        ["Jonas Weber"],
        ["EPA-EFE"],
        set(),
    ),
    (
        "PA: PA Wire/PA Images is one agency",
        {
            "caption": "A crowd gathers outside a court in Cardiff.",
            "credit": "PA Wire/PA Images",
            "source": "PA",
            "byline": "Gwen Pryce",
        },
        ["Gwen Pryce"],
        ["PA"],
        set(),
    ),
    (
        "PA: PA Archive marks a file photo",
        {
            "caption": "A steam train leaves a station in York.",
            "credit": "PA Archive/PA Images",
            "byline": "Gwen Pryce",
        },
        ["Gwen Pryce"],
        ["PA"],
        {"file_photo"},
    ),
    (
        "AAP: AAP IMAGE is the Australian Associated Press",
        {
            "caption": "Surfers wait for waves at a beach in Sydney.",
            "credit": "AAP IMAGE",
            "source": "AAP",
            "byline": "LIAM HOLLOWAY",
        },
        ["Liam Holloway"],
        ["AAP"],
        set(),
    ),
    (
        "Canadian Press: HO-Supplier in the Credit, HO in Source, HANDOUT PHOTO: a handout from the supplier",
        {
            "caption": "A moose crosses a road in a national park.",
            "credit": "THE CANADIAN PRESS/HO-Parks Canada",
            "source": "HO",
            "instructions": "HANDOUT PHOTO",
        },
        [],
        ["Parks Canada", "The Canadian Press"],
        {"handout"},
    ),
    (
        "Canadian Press: a staff photographer",
        {"caption": "Skaters on a canal in Ottawa.", "credit": "THE CANADIAN PRESS", "byline": "Noor Haddad"},
        ["Noor Haddad"],
        ["The Canadian Press"],
        set(),
    ),
    (
        "Shutterstock: Source is the distributor, Credit names the origin first",
        {
            "caption": "Protesters march through Lima.",
            "credit": "NurPhoto/Shutterstock",
            "source": "Shutterstock Editorial",
            "byline": "Jane Roe",
        },
        ["Jane Roe"],
        ["NurPhoto", "Shutterstock"],
        set(),
    ),
    (
        "Shutterstock: the description's Mandatory Credit line is the visible credit",
        {
            "caption": "Protesters march through Lima.\nMandatory Credit: Photo by Jane Roe/NurPhoto/Shutterstock (14412345c)",
            "credit": "NurPhoto/Shutterstock",
            "source": "Shutterstock Editorial",
            "byline": "Jane Roe",
        },
        ["Jane Roe"],
        ["NurPhoto", "Shutterstock"],
        set(),
    ),
    (
        "Shutterstock: the Mandatory Credit line joined to the description's last sentence",
        {
            "caption": "Protesters march through Lima. Mandatory Credit: Photo by Jane Roe/NurPhoto/Shutterstock (14412345c)",
            "source": "Shutterstock Editorial",
        },
        ["Jane Roe"],
        ["NurPhoto", "Shutterstock"],
        set(),
    ),
    (
        "Rex Features: the older name of Shutterstock's editorial feed",
        {
            "caption": "A model on a catwalk in Milan.",
            "credit": "Rex Features",
            "source": "Rex Features",
            "byline": "Ola Sund",
        },
        ["Ola Sund"],
        ["Shutterstock"],
        set(),
    ),
    (
        "Alamy: Alamy Live News with the contributor in the By-line",
        {
            "caption": "Kites fly over a park in Bristol.",
            "credit": "Alamy Live News",
            "source": "Alamy Live News",
            "byline": "Pete Marsh",
        },
        ["Pete Marsh"],
        ["Alamy"],
        set(),
    ),
    (
        "Zuma: Name/Agency via ZUMA Press Wire",
        {
            "caption": "Rescuers search rubble in a town.",
            "credit": "Ana Ruiz/SOPA Images via ZUMA Press Wire",
            "source": "ZUMA Press Wire",
        },
        ["Ana Ruiz"],
        ["SOPA Images", "Zuma Press"],
        set(),
    ),
    (
        "Xinhua: the agency in Credit and Source, its photographer in the By-line",
        {"caption": "Visitors tour a museum in Xi'an.", "credit": "Xinhua", "source": "Xinhua", "byline": "Wei Lan"},
        ["Wei Lan"],
        ["Xinhua"],
        {"state_media", "unverifiable"},
    ),
    (
        "Xinhua: the agency written as the By-line is a link, not a photographer",
        {"caption": "A train crosses a bridge in Guizhou.", "credit": "Xinhua/Shutterstock", "byline": "Xinhua"},
        [],
        ["Xinhua", "Shutterstock"],
        {"state_media", "unverifiable"},
    ),
    (
        "KCNA: Source KCNA, Credit KCNA",
        {"caption": "A rocket stands on a launch pad.", "credit": "KCNA", "source": "KCNA"},
        [],
        ["KCNA"],
        {"state_media", "unverifiable"},
    ),
    (
        "no caption, only a Copyright Notice: a record that credits its holder",
        {"copyright": "\u00a9 2023 Ines Varga. All rights reserved."},
        ["Ines Varga"],
        [],
        set(),
    ),
    (
        "no caption, a By-line and Credit: still a record",
        {"byline": "Omar Said", "credit": "Reuters"},
        ["Omar Said"],
        ["Reuters"],
        set(),
    ),
    (
        "pool: POOL PHOTO in the instructions",
        {
            "caption": "Leaders meet at a summit in Brussels.",
            "credit": "AP",
            "byline": "Kai Jensen",
            "instructions": "POOL PHOTO",
        },
        ["Kai Jensen"],
        ["AP"],
        {"pool"},
    ),
]

PROVENANCE_FLAGS = {
    "state_media",
    "disclaimer",
    "unverifiable",
    "handout",
    "pool",
    "file_photo",
    "anonymous",
    "metadata_mismatch",
}


def record_of(tmp_path, fields, name="photo.jpg"):
    path = tmp_path / name
    path.write_bytes(jpeg(app13(iim({"charset": b"\x1b%G", **fields}))))
    records = records_of(path)
    assert len(records) == 1
    return records[0]


@pytest.mark.parametrize("why, fields, photographers, chain, flags", ROWS, ids=[r[0][:50] for r in ROWS])
def test_supplier_convention(tmp_path, why, fields, photographers, chain, flags):
    record = record_of(tmp_path, fields)
    assert list(record.photographers) == photographers, why
    assert [a.name for a in record.chain] == chain, why
    assert set(record.provenance.flags()) & PROVENANCE_FLAGS == flags, (why, record.provenance.all_reasons())


def test_every_supplier_of_the_issue_has_a_row():
    from captions import vocab

    suppliers = {r["supplier"] for r in vocab.rows("suppliers.csv")}
    assert {
        "AP",
        "Reuters",
        "Getty Images",
        "EPA-EFE",
        "PA",
        "AAP",
        "Canadian Press",
        "Shutterstock",
        "Alamy",
        "Zuma",
        "Xinhua",
        "KCNA",
    } <= suppliers


def test_persons_shown_and_described_people_are_merged(tmp_path):
    from imagefiles import app1_xmp, xmp_packet

    path = tmp_path / "people.jpg"
    path.write_bytes(
        jpeg(
            app1_xmp(
                xmp_packet(
                    "Prime Minister Lena Harwood greets Tomas Keller in Bern.",
                    creator=["Mia Stone"],
                    credit="Reuters",
                    source="Reuters",
                    people=["Lena Harwood", "Ada Novak"],
                )
            )
        )
    )
    record = records_of(path)[0]
    assert "Lena Harwood" in record.people and "Ada Novak" in record.people
    assert len([p for p in record.people if p == "Lena Harwood"]) == 1
    assert list(record.photographers) == ["Mia Stone"] and [a.name for a in record.chain] == ["Reuters"]


def test_date_created_stands_in_for_the_date(tmp_path):
    record = record_of(
        tmp_path,
        {
            "caption": "Cranes load a ship in Gdansk.",
            "credit": "Reuters",
            "byline": "Ewa Nowak",
            "date_created": "20240611",
        },
    )
    assert record.date == "2024-06-11"


@pytest.mark.parametrize(
    "why, instructions, kinds",
    [
        ("a usage note in capitals", "EDITORIAL USE ONLY. NO SALES", {"usage"}),
        ("a usage note in sentence case: the whole field is a note", "Editorial use only", {"usage"}),
        ("a territory restriction", "SOUTH KOREA OUT", {"territory"}),
        (
            "a verifiability disclaimer",
            "The content of this image cannot be independently verified.",
            {"verifiability"},
        ),
    ],
)
def test_special_instructions_give_usage_notes_and_disclaimers(tmp_path, why, instructions, kinds):
    record = record_of(
        tmp_path,
        {
            "caption": "Lanterns float on a river in Hoi An.",
            "credit": "Reuters",
            "byline": "Minh Tran",
            "instructions": instructions,
        },
    )
    assert {d.kind for d in record.provenance.disclaimers} == kinds, why
    assert record.provenance.unverifiable is ("verifiability" in kinds), why
