"""The Jinja2 templates of the web desk and the report.  Autoescaping is on for every template:
a caption is text wherever it is shown, so `<script>` in a caption reads as `<script>`."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from urllib.parse import urlencode

from ..catalogue.search import snippet_parts
from ..fields import flags_text

CHAIN_ARROW = " → "
# C0 controls and DEL (but tab and newlines) shown as their visible pictures (U+2400...): a caption
# carrying them reads as what it holds, and no terminal or parser downstream sees a raw control.
_CONTROLS = {c: 0x2400 + c for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))} | {0x7F: 0x2421}


def _visible(value):
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return value.translate(_CONTROLS)
    return value


def query_string(params: dict, **changes) -> str:
    """A query string: `params` with `changes` (None drops a key), empty values left out."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "", False)}, doseq=True)


def _control_text(control: str) -> str:
    from ..organisations.registry import CONTROL_CLASSES

    return CONTROL_CLASSES.get(control, control)


@lru_cache(maxsize=1)
def environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("captions.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=_visible,
    )
    env.filters["snippet_parts"] = snippet_parts
    env.filters["flags"] = flags_text
    env.filters["control_text"] = _control_text
    env.globals["query"] = query_string
    env.globals["arrow"] = CHAIN_ARROW
    return env


def render(template: str, **context) -> str:
    context.setdefault("inline_css", None)  # the report carries its stylesheet
    context.setdefault("standalone", False)  # the report: no navigation to a server
    context.setdefault("links", True)
    return environment().get_template(template).render(**context)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return resources.files("captions.web").joinpath("static", "style.css").read_text(encoding="utf-8")
