import re

from pages.text import strip_arabic_marks

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(raw):
    """Keep the words of what a visitor typed, in any script, and drop the punctuation that
    full-text engines read as syntax (quotes, parentheses, operators). Arabic diacritics are
    dropped (pages are also indexed without them, see BasePage.search_text_without_marks), so
    « مَاء » finds « ماء » and the other way round. At most 200 characters."""
    return " ".join(WORD.findall(strip_arabic_marks(raw)))[:MAX_QUERY_LENGTH].strip()
