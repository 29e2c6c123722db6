"""The platform's vocabulary at work (pages.models.Term): what a query names, in whatever
language it was typed, and the skills of two pages compared as entries, not as strings.

« ماء », « الماء », « eau », « AEP » and « water » all name the entry « Eau potable »; a search
for any of them also looks for every other way of writing it, so a need written in French is
found from an Arabic or Tamazight query. A skill typed « هندسة مائية » by one member and
« hydraulique » by another are the same entry once the community manager mapped both tags.

The vocabulary is read once per content version (every change to it moves the version on)."""

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from taggit.models import Tag
from wagtail.models import Locale

from core import cache as content
from core.text import strip_arabic_marks

from .models import Term, TerritoryPage, Theme

WORD = re.compile(r"\w+")
ARABIC_ARTICLE = "ال"


def normalize(text):
    """`text` as the vocabulary compares it: lower case, without Latin accents or Arabic short
    vowels, hamza forms of alef as plain alef, the Arabic article dropped (« الماء » → « ماء »)."""
    text = unicodedata.normalize("NFKD", strip_arabic_marks(text or "").casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    words = [w[2:] if w.startswith(ARABIC_ARTICLE) and len(w) > 4 else w for w in WORD.findall(text)]
    return " ".join(words)


@dataclass
class Entry:
    pk: int
    kind: str
    names: dict
    theme_id: int | None
    labels: list
    tag_ids: set = field(default_factory=set)

    def name_in(self, language):
        return self.names.get(language) or self.names["fr"]


def read_vocabulary():
    entries = []
    for term in Term.objects.prefetch_related("tags"):
        tags = list(term.tags.all())
        entries.append(
            Entry(
                pk=term.pk,
                kind=term.kind,
                names={"fr": term.name_fr, "ar": term.name_ar, "en": term.name_en, "zgh": term.name_zgh},
                theme_id=term.theme_id,
                labels=sorted({*term.labels(), *(tag.name for tag in tags)}),
                tag_ids={tag.pk for tag in tags},
            )
        )
    return entries


def vocabulary():
    """The entries, read from the cache once per request (matching asks for each tag)."""
    key = content.key("vocabulary")
    return content.read_once(key, lambda: cache.get_or_set(key, read_vocabulary, content.TIMEOUT))


def _entries_by_tag():
    return content.read_once(
        content.key("vocabulary-tags"), lambda: {tag: entry for entry in vocabulary() for tag in entry.tag_ids}
    )


@dataclass
class Found:
    entry: Entry
    words: str  # what of the query named it


def entries_in(query):
    """The entries `query` names, each with the words that named it (longest first: « eau
    potable » rather than « eau »)."""
    text = f" {normalize(query)} "
    if not text.strip():
        return []
    found = {}
    for entry in vocabulary():
        for label in sorted(entry.labels, key=len, reverse=True):
            words = normalize(label)
            if words and f" {words} " in text:
                found.setdefault(entry.pk, Found(entry, label))
                break
    return list(found.values())


def expansions(found, query):
    """Every other way of writing what `query` names: what a search also looks for."""
    typed = normalize(query)
    seen, others = {typed}, []
    for item in found:
        for label in item.entry.labels:
            words = normalize(label)
            if words and words not in seen:
                seen.add(words)
                others.append(label)
    return others


@dataclass
class Place:
    words: str  # what of the query named it
    name_fr: str
    name_ar: str

    def name_in(self, language):
        return self.name_ar if language == "ar" and self.name_ar else self.name_fr


LONGEST_PLACE_NAME = 5  # words


def _places_by_words():
    """{normalized name: (French name, Arabic name)} of every region, province and commune,
    read once per content version."""
    key = content.key("place-names")

    def read():
        rows = TerritoryPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).values_list(
            "title", "name_ar"
        )
        return {normalize(name): (fr, ar) for fr, ar in rows for name in (fr, ar) if name}

    return content.read_once(key, lambda: cache.get_or_set(key, read, content.TIMEOUT))


def places_in(query):
    """The territories `query` names, in French or in Arabic (« تزنيت », « Tiznit »): the
    index holds both names of every page's places, so the words find them as typed; this says
    which place they named, for the reasons shown with the results."""
    tokens = WORD.findall(query or "")
    words = [normalize(token) for token in tokens]
    if not any(words):
        return []
    by_words = _places_by_words()
    found, i = [], 0
    while i < len(words):
        for size in range(min(LONGEST_PLACE_NAME, len(words) - i), 0, -1):
            names = by_words.get(" ".join(words[i : i + size]))
            if names:
                found.append(Place(" ".join(tokens[i : i + size]), *names))
                i += size
                break
        else:
            i += 1
    return found


def entries_of_words(text):
    """The entry one of whose ways of writing is exactly `text`, if any."""
    words = normalize(text)
    for entry in vocabulary():
        if any(normalize(label) == words for label in entry.labels):
            return entry
    return None


def entries_of_tags(tag_ids):
    """{tag id: entry} for the tags the vocabulary maps."""
    by_tag = _entries_by_tag()
    return {tag_id: by_tag[tag_id] for tag_id in set(tag_ids) if tag_id in by_tag}


def same_skills(tag_ids):
    """The tags that mean the same as `tag_ids`, themselves included."""
    tag_ids = set(tag_ids)
    for entry in entries_of_tags(tag_ids).values():
        tag_ids |= entry.tag_ids
    return tag_ids


def skill_key(tag):
    """What two skills are compared by: their entry when mapped, else their words."""
    entry = _entries_by_tag().get(tag.pk)
    return ("entry", entry.pk) if entry else ("words", normalize(tag.name))


def skill_name(tag, language):
    """A skill as the reader should read it: its entry's name in their language, else as typed."""
    entry = _entries_by_tag().get(tag.pk)
    return entry.name_in(language) if entry else tag.name


def map_tags(terms=None):
    """Map the members' tags whose words are one of an entry's ways of writing to that entry
    (all entries, or `terms`): « Hydraulique » and « هندسة مائية » typed by two members both
    become the entry « hydraulique »."""

    by_words = {}
    for term in terms if terms is not None else Term.objects.all():
        for label in term.labels():
            by_words.setdefault(normalize(label), term)
    for tag in Tag.objects.all():
        term = by_words.get(normalize(tag.name))
        if term is not None:
            term.tags.add(tag)


def ensure_vocabulary():
    """The vocabulary the platform starts with (pages/data/vocabulary.json): an entry for each
    default theme, named from the interface catalogues, the common skills, the kinds of need
    and the engagement modes. Only what is missing is added: the community manager's edits
    stay."""

    data = json.loads((Path(__file__).parent / "data" / "vocabulary.json").read_text())
    for theme in Theme.objects.filter(locale=Locale.get_default(), slug__in=data["themes"]):
        if Term.objects.filter(theme=theme).exists():
            continue
        names = {}
        for language in ("ar", "en", "zgh"):
            with translation.override(language):
                names[f"name_{language}"] = translation.gettext(theme.name)
        Term.objects.update_or_create(
            name_fr=theme.name,
            defaults={
                "kind": Term.Kind.THEME,
                "theme": theme,
                "synonyms": "\n".join(data["themes"][theme.slug]),
                **names,
            },
        )
    for section, kind in (("skills", Term.Kind.SKILL), ("need_types", Term.Kind.NEED_TYPE), ("modes", Term.Kind.MODE)):
        for entry in data[section]:
            Term.objects.get_or_create(
                name_fr=entry["fr"],
                defaults={
                    "kind": kind,
                    "name_ar": entry["ar"],
                    "name_en": entry["en"],
                    "name_zgh": entry["zgh"],
                    "synonyms": "\n".join(entry["synonyms"]),
                },
            )
    map_tags()
