import re

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(raw):
    """Keep the words of what a visitor typed, in any script, and drop the punctuation that
    full-text engines read as syntax (quotes, parentheses, operators). At most 200 characters."""
    return " ".join(WORD.findall(raw or ""))[:MAX_QUERY_LENGTH].strip()
