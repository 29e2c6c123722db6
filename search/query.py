import re
from dataclasses import dataclass, field

from wagtail.search.query import And, Or, PlainText

from core.text import strip_arabic_marks
from pages import vocabulary

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(raw):
    """Keep the words of what a visitor typed, in any script, and drop the punctuation that
    full-text engines read as syntax (quotes, parentheses, operators). Arabic diacritics are
    dropped (pages are also indexed without them, see BasePage.search_text_without_marks), so
    « مَاء » finds « ماء » and the other way round. At most 200 characters."""
    return " ".join(WORD.findall(strip_arabic_marks(raw)))[:MAX_QUERY_LENGTH].strip()


@dataclass
class Expanded:
    """A visitor's words and what the vocabulary adds to them (pages/vocabulary.py)."""

    words: str
    found: list = field(default_factory=list)  # the entries the words named
    groups: list = field(default_factory=list)  # (the words that named an entry, its other ways of writing)
    rest: str = ""  # the words that named nothing
    places: list = field(default_factory=list)  # the territories the words named
    # Latin words on a French, Arabic or Tamazight page are searched as typed; when that finds
    # nothing, the search is run again widened (« water » on a French page finds « eau »).
    fallback: "Expanded | None" = None

    @property
    def others(self):
        return [other for _words, others in self.groups for other in others]

    @property
    def query(self):
        """What the engine is asked, on every backend: each named thing in any of its ways of
        writing (« الماء » or « eau potable » or « AEP »…), and every other word as typed."""
        if not self.others:
            return self.words
        parts = [
            Or([PlainText(words), *(PlainText(other, operator="and") for other in others)])
            for words, others in self.groups
        ]
        if self.rest:
            parts.append(PlainText(self.rest, operator="and"))
        return parts[0] if len(parts) == 1 else And(parts)

    def reasons(self, language):
        """Why other words were searched too: « ماء » → thème : Eau potable, in `language`;
        and which place a name in another language or script named: « تزنيت » → Tiznit."""
        reasons = [(item.words, item.entry.kind, item.entry.name_in(language)) for item in self.found]
        for place in self.places:
            name = place.name_in(language)
            if vocabulary.normalize(name) != vocabulary.normalize(place.words):
                reasons.append((place.words, "territory", name))
        return reasons


LATIN = re.compile(r"^[\x00-\u024f\s]*$")  # Latin script (with accents), digits, punctuation


def abbreviated(words):
    """Whether `words` hold an abbreviation: a word of two capitals or more (« AEP »)."""
    return any(len(word) >= 2 and word.isupper() for word in WORD.findall(words or ""))


def expand(words, locale=None):
    """`words` with every other way of writing what they name, in place of the words that
    named it: « قنطرة الوادي » looks for (قنطرة or pont or bridge…) and الوادي.

    Words in Latin script are taken as French, the language the content is written in, and
    searched as typed — except on the English pages, where « water » must find « eau », and
    abbreviations (« AEP », « GIE »), which a sheet may spell out: they find the content
    directly, and PostgreSQL's kept index (search/accelerator/bitmaps.py), which reads plain words, keeps
    answering them. When the words as typed find nothing, the caller searches again with
    `fallback`, the widened words (« water » typed on a French page)."""
    places = vocabulary.places_in(words)
    if locale is not None and locale.language_code != "en" and LATIN.match(words or "") and not abbreviated(words):
        widened = widen(words, places)
        return Expanded(words, places=places, fallback=widened if widened.others else None)
    return widen(words, places)


def widen(words, places):
    """`words` with every other way of writing what they name (see `expand`)."""
    found = vocabulary.entries_in(words) if words else []
    if not found:
        return Expanded(words, places=places)
    tokens = WORD.findall(words)
    normalized = [vocabulary.normalize(token) for token in tokens]
    used = [False] * len(tokens)
    groups = []
    for item in found:
        label = vocabulary.normalize(item.words).split()
        for start in range(len(tokens) - len(label) + 1):
            span = range(start, start + len(label))
            if normalized[start : start + len(label)] == label and not any(used[i] for i in span):
                for i in span:
                    used[i] = True
                others = [clean_query(other) for other in vocabulary.expansions([item], item.words)]
                item.words = " ".join(tokens[i] for i in span)  # as typed, for the reasons shown
                groups.append((item.words, [o for o in dict.fromkeys(others) if o]))
                break
    rest = " ".join(token for token, was_used in zip(tokens, used, strict=True) if not was_used)
    return Expanded(words, found, groups, rest, places)
