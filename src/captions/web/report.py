"""`captions report OUT.html`: the charts, the audit and the agencies as one HTML file that opens
anywhere, offline: the stylesheet inline, the charts inline SVG, no script and no link out."""

from __future__ import annotations

import datetime as dt

from ..catalogue.db import display
from . import charts, render, stats


def report_html(catalogue, registry) -> str:
    numbers = stats.read_stats(catalogue)
    return render.render(
        "report.html",
        inline_css=render.stylesheet(),
        standalone=True,
        links=False,
        catalogue=display(catalogue.url),
        made=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        stats=numbers,
        charts=charts.all_charts(numbers),
        groups=stats.audit_groups(catalogue, registry),
        rows=catalogue.agency_counts(),
    )
