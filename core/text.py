"""Text normalisation: Arabic written with or without its short vowels for search, any
script in ASCII for page addresses."""

import re
import unicodedata

from django.utils.text import slugify
from wagtail.coreutils import string_to_ascii

# Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks, and the tatweel (kashida).
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def strip_arabic_marks(text):
    """`text` without Arabic diacritics: « مَاءٌ » and « ماء » become the same word."""
    return ARABIC_MARKS.sub("", text or "")


def ascii_slug(text):
    """An address for `text` in ASCII, whatever its script: Arabic and Tifinagh transliterated
    (Wagtail's `string_to_ascii`), accents dropped — « Réhabilitation » → rehabilitation,
    « ليلى » → lyla. Empty when nothing of `text` can be written so."""

    return slugify(string_to_ascii(text))


def collation_key(text):
    """What an alphabetical list sorts `text` by, as a reader of its language expects: accents
    and case ignored (« Éducation » between « Eau » and « Énergie », not after « Z »), Arabic
    short vowels ignored; other scripts in their Unicode order, which is their alphabet's."""

    decomposed = unicodedata.normalize("NFKD", strip_arabic_marks(text or "").casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
