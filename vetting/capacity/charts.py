"""Small charts drawn on the server as SVG: no script, nothing loaded from elsewhere, readable
when printed. Every label is escaped."""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PALETTE = ("#2f6db5", "#e08a2c", "#3c9a5f", "#9b59b6", "#c0392b", "#7f8c8d", "#16a085")
FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="12"'


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10.0 * magnitude


def _tick(value: float, peak: float) -> str:
    return f"{value:,.0f}" if peak >= 20 else f"{value:.1f}".removesuffix(".0")


def _svg(width: int, height: int, body: list[str], title: str) -> SafeString:
    return mark_safe(  # noqa: S308 (every label below is escaped)
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _legend(names: Sequence[str], x: int, y: int) -> list[str]:
    """Swatches and names in a row, each as wide as its name (about 7 px a letter at 12 px)."""
    out = []
    cx = x
    for i, name in enumerate(names):
        if i:
            cx += 17 + 7 * len(names[i - 1]) + 14
        out.append(
            f'<rect x="{cx}" y="{y - 10}" width="12" height="12" fill="{PALETTE[i % 7]}"/>'
            f'<text x="{cx + 17}" y="{y}">{escape(name)}</text>'
        )
    return out


def stacked_bars(
    categories: Sequence[str], series: dict[str, Sequence[int]], title: str
) -> SafeString:
    """Columns per category, each stacked from the series (e.g. weeks by channel)."""
    width, height, left, top, bottom = 720, 260, 48, 30, 40
    plot_h, n = height - top - bottom, max(1, len(categories))
    totals = [sum(values[i] for values in series.values()) for i in range(len(categories))]
    peak = _nice_max(max(totals, default=0))
    slot = (width - left - 10) / n
    body = _legend(list(series), left, 16)
    for k in range(5):
        value = peak * k / 4
        y = top + plot_h - plot_h * k / 4
        body.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e8ee"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#667">'
            f"{_tick(value, peak)}</text>"
        )
    for i, label in enumerate(categories):
        x, base = left + i * slot + slot * 0.15, float(top + plot_h)
        for j, values in enumerate(series.values()):
            h = plot_h * values[i] / peak
            if h > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{slot * 0.7:.1f}" '
                    f'height="{h:.1f}" fill="{PALETTE[j % 7]}"><title>{escape(label)}: '
                    f"{values[i]:,}</title></rect>"
                )
            base -= h
        body.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="#445">{escape(label)}</text>'
        )
    return _svg(width, height, body, title)


def bars(rows: Sequence[tuple[str, float, str]], title: str, *, marks: bool = False) -> SafeString:
    """Horizontal bars, one per (label, value, shown value); `marks` adds a second, lighter bar
    from the third element's number when the rows carry (label, median, "p90")."""
    width, row_h, left = 720, 26, 190
    height = 12 + row_h * max(1, len(rows))
    peak = _nice_max(max((v for _, v, _ in rows), default=0))
    body = []
    for i, (label, value, shown) in enumerate(rows):
        y = 6 + i * row_h
        w = (width - left - 90) * value / peak
        body.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" fill="#334">{escape(label)}'
            f'</text><rect x="{left}" y="{y + 3}" width="{max(w, 1):.1f}" height="{row_h - 8}" '
            f'fill="{PALETTE[0]}" rx="2"/><text x="{left + w + 6:.1f}" y="{y + 15}" '
            f'fill="#334">{escape(shown)}</text>'
        )
    return _svg(width, height, body, title)


def ranges(rows: Sequence[tuple[str, int, int]], title: str, unit: str) -> SafeString:
    """Per row a bar to the 90th percentile with a mark at the median (e.g. days in stage)."""
    width, row_h, left = 720, 26, 190
    height = 30 + row_h * max(1, len(rows))
    peak = _nice_max(max((p90 for _, _, p90 in rows), default=0))
    scale = (width - left - 130) / peak
    body = _legend([str(_("median")), str(_("90th percentile"))], left, 14)
    body[1] = body[1].replace(PALETTE[1], "#a9c4e6")
    for i, (label, median, p90) in enumerate(rows):
        y = 24 + i * row_h
        body.append(
            f'<text x="{left - 8}" y="{y + 15}" text-anchor="end" fill="#334">{escape(label)}'
            f'</text><rect x="{left}" y="{y + 3}" width="{max(p90 * scale, 1):.1f}" '
            f'height="{row_h - 8}" fill="#a9c4e6" rx="2"/><rect x="{left}" y="{y + 3}" '
            f'width="{max(median * scale, 1):.1f}" height="{row_h - 8}" fill="{PALETTE[0]}" '
            f'rx="2"/><text x="{left + p90 * scale + 6:.1f}" y="{y + 15}" fill="#334">'
            f"{median} / {p90} {escape(unit)}</text>"
        )
    return _svg(width, height, body, title)


def lines(categories: Sequence[str], series: dict[str, Sequence[int]], title: str) -> SafeString:
    """One line per series over the categories (e.g. cases done per week by each step)."""
    width, height, left, top, bottom = 720, 240, 48, 30, 36
    plot_h = height - top - bottom
    peak = _nice_max(max((v for vs in series.values() for v in vs), default=0))
    step = (width - left - 20) / max(1, len(categories) - 1)
    body = _legend(list(series), left, 16)
    for k in range(5):
        y = top + plot_h - plot_h * k / 4
        body.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e8ee"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#667">'
            f"{_tick(peak * k / 4, peak)}</text>"
        )
    for i, label in enumerate(categories):
        body.append(
            f'<text x="{left + i * step:.1f}" y="{height - 12}" text-anchor="middle" '
            f'fill="#445">{escape(label)}</text>'
        )
    for j, values in enumerate(series.values()):
        points = " ".join(
            f"{left + i * step:.1f},{top + plot_h - plot_h * v / peak:.1f}"
            for i, v in enumerate(values)
        )
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{PALETTE[j % 7]}" '
            f'stroke-width="2.5"/>'
        )
    return _svg(width, height, body, title)
