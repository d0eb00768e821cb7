"""The read filters for queries built with SQLAlchemy (search, the web desk): sql.py's WHERE terms
on a select from images, and a result row back into the fields of `fields.FIELDS`.  The read
commands run the same terms without SQLAlchemy (read.py)."""

from __future__ import annotations

from sqlalchemy import select, text

from . import sql
from .read import converter
from .schema import ARTICLES, IMAGES
from .sql import AUDITED_LEVELS, Filters

__all__ = ["AUDITED_LEVELS", "Filters", "filtered", "image_dict", "images_select", "with_article"]


def filtered(stmt, filters: Filters, registry):
    """`stmt` (a select from images) narrowed to the images that pass `filters`, in id order."""
    w = sql.where(filters, registry)
    if w.terms:
        stmt = stmt.where(text(" AND ".join(w.terms)).bindparams(**w.params))
    for column, value in w.flags:
        stmt = stmt.where(IMAGES.c[column].is_(value))  # IS 1 or IS true, as the dialect writes it
    stmt = stmt.order_by(IMAGES.c.id)
    if filters.limit:
        stmt = stmt.limit(filters.limit)
    return stmt


def with_article(stmt):
    """Add the article's path, title and publisher to a select from images."""
    articles = ARTICLES
    return stmt.add_columns(
        articles.c.path.label("article_path"),
        articles.c.title.label("article_title"),
        articles.c.publisher.label("article_publisher"),
    ).join(articles, articles.c.id == IMAGES.c.article_id)


def images_select():
    return with_article(select(IMAGES))


# The labels with_article gives the document's columns.
_LABELS = {"file": "article_path", "article_title": "article_title", "publisher": "article_publisher"}


def image_dict(row, fields: list[str] | None = None) -> dict:
    """One stored image as its fields; `row` is a result row of images and its article.
    `fields` keeps only those keys (an export builds nothing it does not write)."""
    mapping = row._mapping  # a key lookup there costs a tenth of an attribute lookup on the Row
    kept, _ = sql.field_columns(fields)
    out = {}
    for name in kept:
        if name == "flags":
            out["flags"] = ", ".join(flag for flag in sql.FLAGS if mapping[flag])
        else:
            value = mapping[_LABELS.get(name, name)]
            convert = converter(name)
            out[name] = convert(value) if convert else value
    return out
