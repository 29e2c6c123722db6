# Arabic as written in Morocco (Django's Arabic formats put the month before the day in dates
# with a time, « ديسمبر 5, 2026 », and do not group digits): the Tamazight formats (day month
# year, the decimal comma, digits grouped by three), the time after an Arabic comma.
from cds.formats.zgh.formats import *  # noqa: F403

DATETIME_FORMAT = "j F Y، H:i"
