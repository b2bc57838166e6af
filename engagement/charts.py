"""The ratings report's chart: per day, "useful" and "not useful" stacked, as SVG numbers
the template draws (no script, no chart library, no CDN)."""

from counters.views import _nice_ceiling

WIDTH = 760
HEIGHT = 240
LEFT = 48
RIGHT = 8
TOP = 12
BOTTOM = 32
GRID_LINES = 4
LABEL_EVERY = 5


def ratings_chart(days):
    """Return the geometry of the stacked bars for a list of reports.DayResult."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    top = _nice_ceiling(max([d.total for d in days] + [0]))
    slot = plot_width / max(len(days), 1)
    bar_width = round(slot * 0.7, 1)
    bars = []
    for i, day in enumerate(days):
        useful_h = plot_height * day.useful / top
        not_useful_h = plot_height * day.not_useful / top
        bars.append(
            {
                "day": day,
                "x": round(LEFT + i * slot + slot * 0.15, 1),
                "useful_y": round(baseline - useful_h, 1),
                "useful_h": round(useful_h, 1),
                "not_useful_y": round(baseline - useful_h - not_useful_h, 1),
                "not_useful_h": round(not_useful_h, 1),
                "label_x": round(LEFT + (i + 0.5) * slot, 1),
                "labelled": i % LABEL_EVERY == 0 or i == len(days) - 1,
            }
        )
    grid = [
        {"y": round(baseline - plot_height * n / GRID_LINES, 1), "value": top * n // GRID_LINES}
        for n in range(GRID_LINES + 1)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": baseline,
        "label_y": baseline + 18,
        "bar_width": bar_width,
        "grid": grid,
        "bars": bars,
        "days": days,
    }
