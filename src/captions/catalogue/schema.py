"""The catalogue's tables (SQLModel), as the migrations leave them.

Every filter the CLI offers has an index: links of the chain, photographers and people are rows
of their own, never a LIKE over a joined string.  The image columns are the stored fields of
`fields.FIELDS`; a test checks that the two agree, and that the migrations build these tables.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import Index, Table, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from .sql import SEPARATOR, name_key, split_names  # noqa: F401  (one definition, used by the writer and search)


class Article(SQLModel, table=True):
    __tablename__ = "articles"
    id: Optional[int] = Field(default=None, primary_key=True)
    sha: str = Field(index=True, unique=True)  # content hash: the same input is stored once
    path: str
    kind: str
    title: Optional[str] = None
    publisher: Optional[str] = None
    url: Optional[str] = None
    page_date: Optional[str] = None
    ingested_at: str


class Image(SQLModel, table=True):
    __tablename__ = "images"
    __table_args__ = (
        UniqueConstraint("article_id", "fingerprint", name="uq_image_article_caption"),
        # the flags `list` filters by: the few rows that have one, not every row's false
        *[
            Index(
                f"ix_images_{flag}", "id", sqlite_where=text(f"{flag} IS 1"), postgresql_where=text(f"{flag} IS true")
            )
            for flag in ("state_media", "unverifiable", "needs_review")
        ],
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="articles.id")  # the unique key above indexes it
    locator: str
    fingerprint: str
    input_id: Optional[str] = None
    raw: str
    caption: str
    description: str
    credit: str
    date: Optional[str] = Field(default=None, index=True)
    date_released: Optional[str] = None
    page_date: Optional[str] = None
    source: Optional[str] = Field(default=None, index=True)
    agency: Optional[str] = None  # the chain's last link: --agency reads chain_links
    chain: str = ""  # agency names in custody order, as the agencies table spells them
    photographers: str = ""
    people: str = ""
    places: str = ""
    language: str = ""
    anonymous: bool = False
    file_photo: bool = False
    pool: bool = False
    handout: bool = False
    state_media: bool = False
    disclaimer: bool = False
    unverifiable: bool = False
    needs_review: bool = False
    truncated: bool = False
    provenance: str = Field(default="independent", index=True)
    reasons: str = "[]"  # JSON list of sentences
    disclaimers: str = "[]"  # JSON list of {kind, text}
    metadata_mismatch: bool = False
    embedded: Optional[str] = None  # JSON: IPTC/XMP/JSON-LD fields as read from the file
    c2pa: Optional[str] = None  # C2PA status of an image file: unknown, absent, invalid, valid, trusted


class AgencyRow(SQLModel, table=True):
    __tablename__ = "agencies"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    key: str = Field(index=True, unique=True)
    country: str = Field(default="", index=True)
    kind: str = ""
    control: str = Field(default="unknown", index=True)
    registered: bool = True
    source: str = ""


class ChainLink(SQLModel, table=True):
    __tablename__ = "chain_links"
    __table_args__ = (
        Index("ix_chain_agency_image", "agency_id", "image_id"),
        Index("ix_chain_origin", "position", "agency_id", "image_id"),
    )
    image_id: int = Field(foreign_key="images.id", primary_key=True)
    position: int = Field(primary_key=True)
    agency_id: int = Field(foreign_key="agencies.id")


class AgencyCount(SQLModel, table=True):
    """Each organisation's images, the images it is the origin of, and its unverifiable images,
    kept by the writer in the transaction that stores them (migration m007): `captions agencies`
    reads 11 rows here instead of grouping every link of a million images (~1 s)."""

    __tablename__ = "agency_counts"
    agency_id: int = Field(foreign_key="agencies.id", primary_key=True)
    images: int = 0
    as_origin: int = 0
    unverifiable: int = 0


class _ImageName(SQLModel):
    """A name an image carries (a photographer, a person shown, a place), in its order, with the
    folded key the filters look it up by."""

    image_id: int = Field(foreign_key="images.id", primary_key=True)
    position: int = Field(primary_key=True)
    name: str
    key: str


class ImagePhotographer(_ImageName, table=True):
    __tablename__ = "image_photographers"
    __table_args__ = (Index("ix_photographer_key_image", "key", "image_id"),)


class ImagePerson(_ImageName, table=True):
    __tablename__ = "image_people"
    __table_args__ = (Index("ix_person_key_image", "key", "image_id"),)


class ImagePlace(_ImageName, table=True):
    __tablename__ = "image_places"
    __table_args__ = (Index("ix_place_key_image", "key", "image_id"),)


# A list of names (chain, photographers, people, places) is kept in one column of images, its
# items joined by U+001F, which no caption text holds.
def join_names(values) -> str:
    # an empty item is no name: the readers (split_names, and the SQL that writes exports) never see one
    return SEPARATOR.join(v for v in values if v)


def _table(model) -> Table:
    return model.__table__


# The tables as SQLAlchemy Core sees them: queries and writers use these.
ARTICLES = _table(Article)
IMAGES = _table(Image)
AGENCIES = _table(AgencyRow)
CHAIN_LINKS = _table(ChainLink)
AGENCY_COUNTS = _table(AgencyCount)
IMAGE_PHOTOGRAPHERS = _table(ImagePhotographer)
IMAGE_PEOPLE = _table(ImagePerson)
IMAGE_PLACES = _table(ImagePlace)
