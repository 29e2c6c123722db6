"""The monthly trend as an SVG drawn on the server: no chart script, readable by a screen reader
(a title, a description and, beside it in the page, the same figures as a table)."""

from django.utils.formats import date_format

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 16, 34
LABEL_ROW = 26  # the height of a row of month labels
CHARACTER = 13  # about the width of a character of a label (22 px), in the chart's units


def trend_chart(trend):
    """Bars for each month's total so far, with their labels; coordinates for the template.

    Where the month names do not fit under their bar (Arabic's are whole words: « سبتمبر »),
    every other label goes on a second row, so that none overlaps its neighbour."""
    if not trend:
        return None
    top = max(max(month["total"] for month in trend), 1)
    labels = [date_format(month["month"], "M") for month in trend]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(trend)
    two_rows = max(len(label) for label in labels) * CHARACTER > step * 0.9
    bars = []
    for i, month in enumerate(trend):
        height = plot_h * month["total"] / top
        lower = two_rows and i % 2 == 1
        bars.append(
            {
                "x": round(LEFT + i * step + step * 0.15, 1),
                "y": round(TOP + plot_h - height, 1),
                "width": round(step * 0.7, 1),
                "height": round(height, 1),
                "label_x": round(LEFT + i * step + step / 2, 1),
                "label": labels[i],
                "label_y": HEIGHT - 8 + (LABEL_ROW if lower else 0),
                "total": month["total"],
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT + (LABEL_ROW if two_rows else 0),
        "bars": bars,
        "baseline": TOP + plot_h,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top_value": top,
        "top_y": TOP,
        "first_total": trend[0]["total"],
        "last_total": trend[-1]["total"],
    }
