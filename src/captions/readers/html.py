"""Captions in saved web pages: figures, image alt text, JSON-LD, and the page's own metadata.

Parsed with lxml's HTML parser, which copes with broken markup; scripts, styles and navigation
are never read as captions.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

CREDIT_CLASS = re.compile(r"credit|byline|copyright|creator|source|author|photographer|attribution", re.IGNORECASE)
NOT_CONTENT = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
               "svg", "iframe")


@dataclass
class PageCaption:
    caption: str
    credit: str
    locator: str
    embedded: dict = field(default_factory=dict)


@dataclass
class Page:
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    page_date: str | None = None
    text: str = ""
    captions: list[PageCaption] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    head = text[:4096].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) and "<html" in head or \
        bool(re.search(r"<(?:html|body|figure|figcaption|article)\b", head))


def read_page(text: str) -> Page:
    import lxml.html
    from lxml import etree
    page = Page()
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return page
    ld_objects = []
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            ld_objects.append(json.loads(script.text_content() or ""))
        except (json.JSONDecodeError, ValueError):
            continue
    _page_meta(root, page, ld_objects)
    for element in root.xpath("|".join(f"//{tag}" for tag in NOT_CONTENT)):
        element.drop_tree()
    # the body text serves to resolve short names ("Kim" -> "Kim Jong Un"); its first part is enough
    parts, size = [], 0
    for element in root.xpath("//p|//h1|//h2|//li"):
        text = _text(element)
        if text:
            parts.append(text)
            size += len(text)
            if size > 200_000:
                break
    page.text = "\n".join(parts)
    for n, figure in enumerate(root.xpath("//figure"), 1):
        figcaption = figure.find(".//figcaption")
        if figcaption is None:
            continue
        credit_parts = [_text(e) for e in figure.xpath(".//*[@class or @itemprop]")
                        if CREDIT_CLASS.search((e.get("class") or "") + " " + (e.get("itemprop") or ""))
                        and not _has_credit_ancestor(e)]
        credit = " ".join(dict.fromkeys(c for c in credit_parts if c))
        caption = _text_without(figcaption, credit_parts)
        if caption or credit:
            page.captions.append(PageCaption(caption, credit, f"figcaption {n}"))
    for n, img in enumerate(root.xpath("//img"), 1):
        # an image of a captioned figure has its caption already.  (Not by id() of the element:
        # lxml makes and frees element proxies as it goes, and a freed id came back for another
        # image, which then lost its alt caption.)
        if img.xpath("ancestor::figure[.//figcaption]"):
            continue
        alt = " ".join((img.get("alt") or img.get("title") or "").split())
        if len(alt.split()) >= 4:
            page.captions.append(PageCaption(alt, "", f"img alt {n}"))
    for n, obj in enumerate(_image_objects(ld_objects), 1):
        caption = " ".join(str(obj.get("caption") or obj.get("description") or "").split())
        credit = _ld_credit(obj)
        if caption or credit:
            embedded = {k: obj[k] for k in ("creditText", "creator", "copyrightNotice", "copyrightHolder",
                                             "dateCreated", "contentUrl", "url") if k in obj}
            page.captions.append(PageCaption(caption, credit, f"JSON-LD ImageObject {n}", {"json_ld": embedded}))
    return page


def _has_credit_ancestor(element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag == "figure":
            return False
        if CREDIT_CLASS.search((ancestor.get("class") or "") + " " + (ancestor.get("itemprop") or "")):
            return True
    return False


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _text_without(element, parts: list[str]) -> str:
    text = _text(element)
    for part in parts:
        if part:
            text = text.replace(part, " ")
    return " ".join(text.split())


def _page_meta(root, page: Page, ld_objects: list) -> None:
    def meta(*names):
        for name in names:
            for attr in ("property", "name", "itemprop"):
                found = root.xpath(f'//meta[@{attr}="{name}"]/@content')
                if found and found[0].strip():
                    return found[0].strip()
        return None
    page.title = meta("og:title", "twitter:title") or (_text(root.find(".//title")) if root.find(".//title") is not None else None)
    page.publisher = meta("og:site_name", "publisher", "application-name")
    page.page_date = meta("article:published_time", "datePublished", "date", "pubdate", "dc.date")
    canonical = root.xpath('//link[@rel="canonical"]/@href')
    page.url = canonical[0] if canonical else meta("og:url")
    for obj in _walk(ld_objects):
        if not isinstance(obj, dict):
            continue
        types = obj.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(t in ("NewsArticle", "Article", "ReportageNewsArticle", "WebPage", "BlogPosting") for t in types):
            page.page_date = page.page_date or obj.get("datePublished")
            page.title = page.title or obj.get("headline")
            publisher = obj.get("publisher")
            if isinstance(publisher, dict):
                page.publisher = page.publisher or publisher.get("name")
            page.url = page.url or obj.get("url")
    if page.page_date:
        page.page_date = str(page.page_date)[:10]


def _walk(value):
    if isinstance(value, list):
        for v in value:
            yield from _walk(v)
    elif isinstance(value, dict):
        yield value
        for v in value.values():
            if isinstance(v, (dict, list)):
                yield from _walk(v)


def _image_objects(ld_objects):
    seen = set()
    for obj in _walk(ld_objects):
        types = obj.get("@type")
        types = types if isinstance(types, list) else [types]
        if "ImageObject" in types:
            key = json.dumps(obj, sort_keys=True, default=str)
            if key not in seen:
                seen.add(key)
                yield obj


def _name(value) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or "")
    if isinstance(value, list):
        return " / ".join(n for n in (_name(v) for v in value) if n)
    return str(value or "")


def _ld_credit(obj: dict) -> str:
    credit = _name(obj.get("creditText"))
    if credit:
        return credit
    creator = _name(obj.get("creator") or obj.get("author"))
    holder = _name(obj.get("copyrightHolder"))
    parts = [p for p in (creator, holder) if p]
    if parts:
        return "/".join(dict.fromkeys(parts))
    return _name(obj.get("copyrightNotice"))
