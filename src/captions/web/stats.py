"""What the chart page, the audit page and the report show, read from the catalogue: grouped
counts in SQL (a million images are counted by the database, not in Python)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.exc import SQLAlchemyError

from ..catalogue import Filters
from ..catalogue.db import display, first_line
from ..catalogue.schema import ARTICLES, IMAGES
from ..errors import StoreError

MONTHS = 36  # the chart by month shows the latest this many months that have images
PUBLISHERS = 15
ORIGINS = 20


@dataclass
class Share:
    label: str
    images: int
    state_media: int = 0
    handout: int = 0

    @property
    def state_media_share(self) -> float:
        return self.state_media / self.images if self.images else 0.0

    @property
    def handout_share(self) -> float:
        return self.handout / self.images if self.images else 0.0


@dataclass
class Stats:
    images: int = 0
    by_month: list[Share] = field(default_factory=list)
    undated: int = 0
    by_publisher: list[Share] = field(default_factory=list)
    by_origin: list[Share] = field(default_factory=list)


def _counts(*group):
    images = IMAGES.c
    level = images.provenance
    return select(
        *group,
        func.count(),
        func.sum(case((level == "state_media", 1), else_=0)),
        func.sum(case((level == "handout", 1), else_=0)),
    )


def _shares(rows) -> list[Share]:
    return [Share(str(label), int(n), int(state or 0), int(handout or 0)) for label, n, state, handout in rows]


def read_stats(catalogue) -> Stats:
    """Shares of state-media and handout images (by provenance level, so that the two never
    overlap) per month taken and per publisher, and images per origin."""
    images = IMAGES.c
    articles = ARTICLES
    month = func.substr(images.date, 1, 7)
    publisher = func.coalesce(articles.c.publisher, articles.c.path)
    try:
        with catalogue.engine.connect() as conn:
            stats = Stats(images=conn.execute(select(func.count()).select_from(IMAGES)).scalar_one())
            dated = (
                _counts(month).where(func.length(images.date) >= 7).group_by(month).order_by(month.desc()).limit(MONTHS)
            )
            stats.by_month = list(reversed(_shares(conn.execute(dated))))
            stats.undated = (
                stats.images - conn.execute(select(func.count()).where(func.length(images.date) >= 7)).scalar_one()
            )
            by_publisher = (
                _counts(publisher)
                .select_from(IMAGES.join(articles, articles.c.id == images.article_id))
                .group_by(publisher)
                .order_by(func.count().desc(), publisher)
                .limit(PUBLISHERS)
            )
            stats.by_publisher = _shares(conn.execute(by_publisher))
            by_origin = (
                _counts(images.source)
                .where(images.source.is_not(None))
                .group_by(images.source)
                .order_by(func.count().desc(), images.source)
                .limit(ORIGINS)
            )
            stats.by_origin = _shares(conn.execute(by_origin))
    except SQLAlchemyError as e:
        raise StoreError(f"cannot read the catalogue {display(catalogue.url)}: {first_line(e)}")
    return stats


def audit_groups(catalogue, registry) -> list[tuple[str, list[dict]]]:
    """`captions audit` as pages show it: images from state media or handouts without a
    verifiability disclaimer, grouped by the file they came from, each with its finding."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in catalogue.query_images(Filters(audit=True), registry):
        why = row["reasons"][0] if row["reasons"] else row["provenance"]
        row["finding"] = f"{why}; the caption has no verifiability disclaimer"
        groups[row["file"]].append(row)
    return sorted(groups.items())
