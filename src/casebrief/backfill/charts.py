"""Charts as inline SVG strings: stacked bars, plain bars and a histogram.

Why hand-written SVG: the report must open anywhere with no network (no script from a CDN,
no plotting library to install on a cluster's driver), render in any browser, and stay small
for a million cases -- it shows aggregates, never rows.  Every bar carries a ``<title>`` (the
browser's tooltip) with its exact count.
"""

from __future__ import annotations

from html import escape

STATUS_COLORS = {
    "met": "#2e7d32",
    "not_met": "#c62828",
    "missing": "#ef6c00",
    "not_applicable": "#9e9e9e",
    "needs_review": "#1565c0",
}
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" {FONT}>' + "".join(body) + "</svg>"
    )


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def legend(colors: dict[str, str]) -> str:
    items = "".join(
        f'<span class="key"><span class="swatch" style="background:{c}"></span>'
        f"{escape(k.replace('_', ' '))}</span>"
        for k, c in colors.items()
    )
    return f'<div class="legend">{items}</div>'


def stacked_bars(
    rows: list[tuple[str, dict[str, int]]],
    colors: dict[str, str],
    label: str,
    width: int = 760,
    label_w: int = 260,
) -> str:
    """One horizontal bar per row, split by key in proportion (each bar is 100 %); the row's
    total at its right."""
    bar_h, gap, right = 18, 6, 60
    plot_w = width - label_w - right
    body: list[str] = []
    for i, (name, counts) in enumerate(rows):
        y = i * (bar_h + gap)
        total = sum(counts.values())
        body.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">'
            f"<title>{escape(name)}</title>{escape(_clip(name, 40))}</text>"
        )
        x = float(label_w)
        for key, color in colors.items():
            n = counts.get(key, 0)
            if not n or not total:
                continue
            w = plot_w * n / total
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{max(w, 0.5):.1f}" height="{bar_h}" '
                f'fill="{color}"><title>{escape(name)}: {escape(key.replace("_", " "))} '
                f"{n} of {total} ({100 * n / total:.0f}%)</title></rect>"
            )
            x += w
        body.append(f'<text x="{label_w + plot_w + 6}" y="{y + 13}">{total}</text>')
    height = max(len(rows), 1) * (bar_h + gap)
    return _svg(width, height, body, label)


def bars(
    rows: list[tuple[str, int, str]],
    color: str,
    label: str,
    width: int = 760,
    label_w: int = 330,
) -> str:
    """Horizontal bars of counts, the longest filling the plot; (label, count, tooltip)."""
    bar_h, gap, right = 18, 6, 60
    plot_w = width - label_w - right
    top = max((n for _, n, _ in rows), default=0) or 1
    body: list[str] = []
    for i, (name, n, tip) in enumerate(rows):
        y = i * (bar_h + gap)
        w = plot_w * n / top
        body.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">'
            f"<title>{escape(name)}</title>{escape(_clip(name, 52))}</text>"
            f'<rect x="{label_w}" y="{y}" width="{max(w, 0.5):.1f}" height="{bar_h}" '
            f'fill="{color}"><title>{escape(tip)}</title></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 13}">{n}</text>'
        )
    height = max(len(rows), 1) * (bar_h + gap)
    return _svg(width, height, body, label)


def histogram(
    bins: list[tuple[float, float, int]],
    label: str,
    unit: str = "s",
    marks: dict[str, float] | None = None,
    width: int = 760,
    height: int = 220,
) -> str:
    """Columns of counts over ``bins`` [(low, high, count)], with an axis in ``unit`` and
    optional vertical marks (``{"p50": 1.2}``)."""
    left, bottom, top_pad = 50, 34, 16
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    if not bins:
        return _svg(width, 40, ['<text x="0" y="20">no cases</text>'], label)
    lo, hi = bins[0][0], bins[-1][1]
    span = (hi - lo) or 1.0
    top = max(n for _, _, n in bins) or 1
    body = [
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" '
        f'y2="{top_pad + plot_h}" stroke="#555"/>',
        f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end">{top}</text>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>',
    ]
    for a, b, n in bins:
        x = left + plot_w * (a - lo) / span
        w = plot_w * (b - a) / span
        h = plot_h * n / top
        body.append(
            f'<rect x="{x:.1f}" y="{top_pad + plot_h - h:.1f}" width="{max(w - 1, 0.5):.1f}" '
            f'height="{h:.1f}" fill="#5c6bc0"><title>{a:.2f}-{b:.2f} {unit}: {n} cases'
            "</title></rect>"
        )
    digits = 2 if span < 1 else 1 if span < 10 else 0
    for i in range(6):
        v = lo + span * i / 5
        x = left + plot_w * i / 5
        body.append(
            f'<text x="{x:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle">'
            f"{v:.{digits}f}</text>"
        )
    body.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 2}" text-anchor="middle">{unit}</text>'
    )
    for name, v in (marks or {}).items():
        if lo <= v <= hi:
            x = left + plot_w * (v - lo) / span
            body.append(
                f'<line x1="{x:.1f}" y1="{top_pad}" x2="{x:.1f}" y2="{top_pad + plot_h}" '
                f'stroke="#000" stroke-dasharray="4 3"/>'
                f'<text x="{x + 3:.1f}" y="{top_pad + 10}">{escape(name)} {v:.2f}</text>'
            )
    return _svg(width, height, body, label)
