"""Text normalisation for search: Arabic written with or without its short vowels."""

import re

# Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks, and the tatweel (kashida).
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def strip_arabic_marks(text):
    """`text` without Arabic diacritics: « مَاءٌ » and « ماء » become the same word."""
    return ARABIC_MARKS.sub("", text or "")
