"""The monthly trend as an SVG drawn on the server: no chart script, readable by a screen reader
(a title, a description and, beside it in the page, the same figures as a table)."""

from django.utils.formats import date_format

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 16, 34


def trend_chart(trend):
    """Bars for each month's total so far, with their labels; coordinates for the template."""
    if not trend:
        return None
    top = max(max(month["total"] for month in trend), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(trend)
    bars = []
    for i, month in enumerate(trend):
        height = plot_h * month["total"] / top
        bars.append(
            {
                "x": round(LEFT + i * step + step * 0.15, 1),
                "y": round(TOP + plot_h - height, 1),
                "width": round(step * 0.7, 1),
                "height": round(height, 1),
                "label_x": round(LEFT + i * step + step / 2, 1),
                "label": date_format(month["month"], "M"),
                "total": month["total"],
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "baseline": TOP + plot_h,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top_value": top,
        "top_y": TOP,
        "label_y": HEIGHT - 8,
        "first_total": trend[0]["total"],
        "last_total": trend[-1]["total"],
    }
