"""Counts -> the geometry of inline SVG bar charts.  Templates draw the shapes (and escape every
label); nothing here writes markup.  Shares are drawn as stacked bars on a 0-100 % scale."""

from __future__ import annotations

from dataclasses import dataclass, field

from .stats import Share

BAR_HEIGHT = 160  # a column chart's plot height
ROW = 22  # a bar chart's row height
LABEL_WIDTH = 220  # room for the labels left of horizontal bars
PLOT_WIDTH = 420


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    kind: str  # state | handout | rest | count: a CSS class
    title: str  # what a reader's pointer shows


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Chart:
    title: str
    width: float
    height: float
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    empty: str = ""


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "0%"


def _share_title(share: Share) -> str:
    return (
        f"{share.label}: {share.images} images; state media {share.state_media} "
        f"({_pct(share.state_media, share.images)}), handout {share.handout} ({_pct(share.handout, share.images)})"
    )


def months_chart(shares: list[Share]) -> Chart:
    """A column a month: the share of state-media images at the bottom, handouts above."""
    step = 28
    top, bottom, left = 10, 40, 40
    chart = Chart(
        "Share of state-media and handout images by month taken",
        left + max(1, len(shares)) * step + 10,
        top + BAR_HEIGHT + bottom,
        empty="" if shares else "No image has a month.",
    )
    for pct in (0, 50, 100):
        y = top + BAR_HEIGHT * (1 - pct / 100)
        chart.lines.append((left - 4, y, chart.width - 6, y))
        chart.labels.append(Label(left - 6, y + 4, f"{pct}%", "end"))
    every = -(-64 // step)  # a label every so many columns: "2024-05" is about 45 px wide
    for i, share in enumerate(shares):
        x = left + i * step + 3
        state_h = BAR_HEIGHT * share.state_media_share
        handout_h = BAR_HEIGHT * share.handout_share
        title = _share_title(share)
        chart.rects.append(Rect(x, top, step - 6, BAR_HEIGHT - state_h - handout_h, "rest", title))
        chart.rects.append(Rect(x, top + BAR_HEIGHT - state_h - handout_h, step - 6, handout_h, "handout", title))
        chart.rects.append(Rect(x, top + BAR_HEIGHT - state_h, step - 6, state_h, "state", title))
        if i % every == 0:
            chart.labels.append(Label(x + (step - 6) / 2, top + BAR_HEIGHT + 16, share.label, "middle"))
    return chart


def shares_chart(title: str, shares: list[Share]) -> Chart:
    """A row per group (publisher): state-media share from the left, then handouts."""
    chart = Chart(
        title,
        LABEL_WIDTH + PLOT_WIDTH + 90,
        max(1, len(shares)) * ROW + 24,
        empty="" if shares else "Nothing to show yet.",
    )
    for i, share in enumerate(shares):
        y = 4 + i * ROW
        state_w = PLOT_WIDTH * share.state_media_share
        handout_w = PLOT_WIDTH * share.handout_share
        row_title = _share_title(share)
        chart.labels.append(Label(LABEL_WIDTH - 8, y + ROW - 9, _short(share.label), "end"))
        chart.rects.append(Rect(LABEL_WIDTH, y, PLOT_WIDTH, ROW - 6, "rest", row_title))
        chart.rects.append(Rect(LABEL_WIDTH, y, state_w, ROW - 6, "state", row_title))
        chart.rects.append(Rect(LABEL_WIDTH + state_w, y, handout_w, ROW - 6, "handout", row_title))
        chart.labels.append(
            Label(
                LABEL_WIDTH + PLOT_WIDTH + 6,
                y + ROW - 9,
                f"{_pct(share.state_media + share.handout, share.images)} of {share.images}",
            )
        )
    return chart


def counts_chart(title: str, shares: list[Share]) -> Chart:
    """A row per origin: its images, in red where it is state-controlled media."""
    chart = Chart(
        title,
        LABEL_WIDTH + PLOT_WIDTH + 60,
        max(1, len(shares)) * ROW + 24,
        empty="" if shares else "Nothing to show yet.",
    )
    most = max((s.images for s in shares), default=1)
    for i, share in enumerate(shares):
        y = 4 + i * ROW
        width = max(1.0, PLOT_WIDTH * share.images / most)
        kind = "state" if share.state_media else "handout" if share.handout else "count"
        chart.labels.append(Label(LABEL_WIDTH - 8, y + ROW - 9, _short(share.label), "end"))
        chart.rects.append(Rect(LABEL_WIDTH, y, width, ROW - 6, kind, f"{share.label}: {share.images} images"))
        chart.labels.append(Label(LABEL_WIDTH + width + 6, y + ROW - 9, str(share.images)))
    return chart


def _short(label: str, width: int = 34) -> str:
    return label if len(label) <= width else "…" + label[-(width - 1) :]


def all_charts(stats) -> list[Chart]:
    return [
        months_chart(stats.by_month),
        shares_chart("Share of state-media and handout images by publisher", stats.by_publisher),
        counts_chart("Images per origin (first link of the chain)", stats.by_origin),
    ]
