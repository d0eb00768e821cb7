"""Captions in saved web pages: figures, image alt text, JSON-LD, and the page's own metadata.

Parsed with lxml's HTML parser, which copes with broken markup; scripts, styles and navigation
are never read as captions.  Every step is one pass over the tree (no per-figure searches of the
subtree, no recursion on the page's nesting), so time grows with the page's size alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .limits import JSONTooDeep, loads, scalar_text

CREDIT_CLASS = re.compile(r"credit|byline|copyright|creator|source|author|photographer|attribution", re.IGNORECASE)
NOT_CONTENT = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
)
BODY_TEXT = 200_000  # characters of body text kept to resolve short names


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
    warnings: list[str] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    head = text[:4096].lstrip().lower()
    return (
        head.startswith(("<!doctype html", "<html", "<?xml"))
        and "<html" in head
        or bool(re.search(r"<(?:html|body|figure|figcaption|article)\b", head))
    )


def read_page(text: str | bytes) -> Page:
    """The captions and metadata of a page, given as text or as UTF-8 bytes."""
    page = Page()
    root = _parse(text, page)
    if root is None:
        return page
    ld_objects = _json_ld(root, page)
    _page_meta(root, page, ld_objects)
    for element in list(root.iter(*NOT_CONTENT)):
        # emptied, its tail kept: drop_tree() joins the tail to the text before it, and lxml refuses
        # to set a text that holds a control character the parser itself let through (ValueError)
        element.clear(keep_tail=True)
    page.text = _body_text(root)
    figures, images = _scan(root)
    page.captions.extend(_figure_captions(figures))
    page.captions.extend(_alt_captions(images))
    page.captions.extend(_json_ld_captions(ld_objects))
    return page


def _parse(text: str | bytes, page: Page):
    """The page's tree, from bytes (a str with an XML declaration naming its encoding is refused by
    lxml), with libxml2's huge-tree option: without it nesting past 255 levels and long attributes
    are cut without a word.  What libxml2 still gives up on is a warning, not silence."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True)
    try:
        data = text.encode("utf-8", "replace") if isinstance(text, str) else text
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as e:
        page.warnings.append(f"not read as HTML ({e})")
        return None
    for error in parser.error_log:
        if error.level_name == "FATAL":
            page.warnings.append(
                f"line {error.line}: the HTML parser stopped here ({error.message.strip()}); "
                "the rest of the page is not read"
            )
            break
    return root


def _json_ld(root, page: Page) -> list:
    objects = []
    ld_scripts = (script for script in root.iter("script") if script.get("type") == "application/ld+json")
    for n, script in enumerate(ld_scripts, 1):
        try:
            objects.append(loads(script.text_content() or ""))
        except JSONTooDeep as e:
            page.warnings.append(f"JSON-LD block {n}: {e}; not read")
        except ValueError:
            continue
    return objects


def _body_text(root) -> str:
    """The body text serves to resolve short names ("Kim" -> "Kim Jong Un"); its first part is enough."""
    parts, size = [], 0
    for element in root.iter("p", "h1", "h2", "li"):
        text = _text(element)
        if text:
            parts.append(text)
            size += len(text)
            if size > BODY_TEXT:
                break
    return "\n".join(parts)


@dataclass(eq=False)
class _Figure:
    element: object
    number: int
    parent: _Figure | None
    figcaption: object = None
    credits: list = field(default_factory=list)  # its outermost credit elements, in document order
    holds_figcaption: bool = False  # a figcaption anywhere inside, nested figures too


def _is_credit(element) -> bool:
    return bool(CREDIT_CLASS.search((element.get("class") or "") + " " + (element.get("itemprop") or "")))


class _Scan:
    """One walk of the tree: every figure with its own figcaption and credit elements (a credit
    belongs to the nearest figure around it; one inside another credit is part of that one), and
    every image with the figure around it."""

    def __init__(self):
        self.figures: list[_Figure] = []
        self.images: list[tuple[object, _Figure | None]] = []
        self.open_figures: list[_Figure] = []
        self.open_credits: list[tuple[object, _Figure]] = []

    def start(self, element) -> None:
        figure = self.open_figures[-1] if self.open_figures else None
        if element.tag == "figure":
            self.open_figures.append(_Figure(element, len(self.figures) + 1, figure))
            self.figures.append(self.open_figures[-1])
            return
        if element.tag == "img":
            self.images.append((element, figure))
        if figure is None:
            return
        if element.tag == "figcaption":
            figure.holds_figcaption = True
            if figure.figcaption is None:
                figure.figcaption = element
        inside_credit = self.open_credits and self.open_credits[-1][1] is figure
        if not inside_credit and _is_credit(element):
            figure.credits.append(element)
            self.open_credits.append((element, figure))

    def end(self, element) -> None:
        if self.open_credits and element is self.open_credits[-1][0]:
            self.open_credits.pop()
        if self.open_figures and element is self.open_figures[-1].element:
            done = self.open_figures.pop()
            if done.holds_figcaption and done.parent is not None:
                done.parent.holds_figcaption = True

    def captioned_images(self) -> list[tuple[object, bool]]:
        """Each image with whether a figure around it holds a figcaption."""
        covered: dict[int, bool] = {}
        for figure in self.figures:  # parents come before their children
            parent = figure.parent
            covered[figure.number] = figure.holds_figcaption or (parent is not None and covered[parent.number])
        return [(img, fig is not None and covered[fig.number]) for img, fig in self.images]


def _scan(root) -> tuple[list[_Figure], list[tuple[object, bool]]]:
    from lxml import etree

    scan = _Scan()
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if isinstance(element.tag, str):
            (scan.start if event == "start" else scan.end)(element)
    return scan.figures, scan.captioned_images()


def _figure_captions(figures: list[_Figure]):
    for figure in figures:
        if figure.figcaption is None:
            continue
        credit_parts = list(dict.fromkeys(text for text in map(_text, figure.credits) if text))
        credit = " ".join(credit_parts)
        caption = _text_skipping(figure.figcaption, set(figure.credits))
        for part in credit_parts:  # a credit printed again at the caption's end is said once
            if caption.endswith(part):
                caption = caption[: -len(part)].rstrip()
        if caption or credit:
            yield PageCaption(caption, credit, f"figcaption {figure.number}")


def _alt_captions(images: list[tuple[Any, bool]]):
    for n, (img, in_captioned_figure) in enumerate(images, 1):
        if in_captioned_figure:  # an image of a captioned figure has its caption already
            continue
        alt = " ".join((img.get("alt") or img.get("title") or "").split())
        if len(alt.split()) >= 4:
            yield PageCaption(alt, "", f"img alt {n}")


def _json_ld_captions(ld_objects: list):
    for n, obj in enumerate(_image_objects(ld_objects), 1):
        caption = " ".join((scalar_text(obj.get("caption")) or scalar_text(obj.get("description")) or "").split())
        credit = _ld_credit(obj)
        if caption or credit:
            embedded = {
                k: _name(obj[k]) if k in ("creator", "copyrightHolder") else scalar_text(obj[k])
                for k in (
                    "creditText",
                    "creator",
                    "copyrightNotice",
                    "copyrightHolder",
                    "dateCreated",
                    "contentUrl",
                    "url",
                )
                if k in obj
            }
            yield PageCaption(caption, credit, f"JSON-LD ImageObject {n}", {"json_ld": embedded})


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _text_skipping(element, skipped: set) -> str:
    """An element's text without the subtrees of `skipped` elements and of figures nested in it
    (their captions are their own), walked with a stack rather than recursion."""
    parts = [element.text or ""]
    stack = [("node", child) for child in reversed(element)]
    while stack:
        what, node = stack.pop()
        if what == "tail" or not isinstance(node.tag, str) or node in skipped or node.tag == "figure":
            parts.append(node.tail or "")
        else:
            parts.append(node.text or "")
            stack.append(("tail", node))
            stack.extend(("node", child) for child in reversed(node))
    return " ".join("".join(parts).split())


ARTICLE_TYPES = ("NewsArticle", "Article", "ReportageNewsArticle", "WebPage", "BlogPosting")


META_NAMES = ("property", "name", "itemprop")  # the attributes that name a <meta>, first to last


def _page_meta(root, page: Page, ld_objects: list) -> None:
    contents = _meta_contents(root)

    def meta(*names):
        for name in names:
            for attr in META_NAMES:
                found = contents.get((attr, name))
                if found and found.strip():
                    return found.strip()
        return None

    title = root.find(".//title")
    page.title = meta("og:title", "twitter:title") or (_text(title) if title is not None else None)
    page.publisher = meta("og:site_name", "publisher", "application-name")
    page.page_date = meta("article:published_time", "datePublished", "date", "pubdate", "dc.date")
    canonical = next(
        (
            href
            for link in root.iter("link")
            if link.get("rel") == "canonical" and (href := link.get("href")) is not None
        ),
        None,
    )
    page.url = canonical if canonical is not None else meta("og:url")
    for obj in _walk(ld_objects):
        if any(t in ARTICLE_TYPES for t in _types(obj)):
            # JSON-LD puts lists or objects where a string is meant ("headline": ["a", "b"]): the
            # first string is taken, anything else is left out
            page.page_date = page.page_date or scalar_text(obj.get("datePublished"))
            page.title = page.title or scalar_text(obj.get("headline"))
            page.publisher = page.publisher or scalar_text(obj.get("publisher"))
            page.url = page.url or scalar_text(obj.get("url"))
    if page.page_date:
        page.page_date = page.page_date[:10]


def _meta_contents(root) -> dict[tuple[str, str], str]:
    """The content of the first <meta> of each (attribute, value), e.g. ("property", "og:title"),
    found in one walk of the tree: an XPath search per name slowed more than linearly on large
    pages (libxml2 collects and sorts every node of `//`)."""
    contents: dict[tuple[str, str], str] = {}
    for element in root.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        for attr in META_NAMES:
            value = element.get(attr)
            if value is not None:
                contents.setdefault((attr, value), content)
    return contents


def _types(obj: dict) -> list:
    types = obj.get("@type")
    return types if isinstance(types, list) else [types]


def _walk(value):
    """Every JSON object inside a JSON value, outer first, without recursion."""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            yield value
            stack.extend(reversed([v for v in value.values() if isinstance(v, (dict, list))]))


def _image_objects(ld_objects):
    import json

    seen = set()
    for obj in _walk(ld_objects):
        if "ImageObject" in _types(obj):
            key = json.dumps(obj, sort_keys=True, default=str)
            if key not in seen:
                seen.add(key)
                yield obj


def _name(value) -> str:
    """A person's or organisation's name, or several joined by " / "."""
    if isinstance(value, list):
        return " / ".join(n for n in (scalar_text(v) for v in value) if n)
    return scalar_text(value) or ""


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
