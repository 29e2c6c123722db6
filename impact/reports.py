"""The donor report: the indicators and their breakdowns as rows, written as CSV or XLSX
(openpyxl). The page and the files read the same figures."""

import csv
import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook

SUPPRESSED = "<5"


def report_rows(data, period):
    """[section, key, label, value, target] rows; the first is the header."""
    rows = [[_("Section"), _("Clé"), _("Libellé"), _("Valeur"), _("Objectif")]]
    start = date_format(period.start, "Y-m-d") if period.start else _("début")
    rows.append([_("Période"), "period", f"{start} → {date_format(period.end, 'Y-m-d')}", "", ""])
    for item in data["indicators"]:
        rows.append([_("Indicateur"), item.key, str(item.label), item.value, item.target])
    sections = [
        ("gender", _("Migrants mobilisés par genre")),
        ("region", _("Migrants mobilisés par région")),
        ("province", _("Migrants mobilisés par province")),
        ("theme", _("Migrants mobilisés par thème")),
    ]
    for name, title in sections:
        for key, label, value in data["breakdowns"][name]:
            rows.append([title, str(key), str(label), SUPPRESSED if value is None else value, ""])
    for month in data["trend"]:
        rows.append(
            [_("Migrants mobilisés par mois (nouveaux)"), month["month"].strftime("%Y-%m"), "", month["new"], ""]
        )
    return rows


def as_csv(rows):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheet programs then read the file as UTF-8
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def as_xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Impact")[:31]
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDE", (38, 16, 48, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
