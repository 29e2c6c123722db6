"""Issue #36.2-3: a multilingual vocabulary behind search and matching. A query in any language
finds what was written in another, and says why; skills typed in different languages meet."""

import pytest
from django.test import Client

from experts.models import ExpertProfilePage
from pages.models import Term
from pages.vocabulary import entries_in, normalize
from search.matching import experts_for_need

from .factories import NeedPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.search]


@pytest.fixture
def water_need(search_backend, tiznit, theme):
    need = NeedPageFactory(parent=tiznit, theme=theme, title="Réseau du douar Agadir", summary="Adduction.")
    need.skills.add("hydraulique")
    need.save_revision().publish()
    search_backend.refresh()
    return need


def test_the_vocabulary_reads_any_script():
    assert normalize("الْمَاءُ") == normalize("ماء") == "ماء"
    assert normalize("Réseau d’EAU") == "reseau d eau"
    [found] = [item for item in entries_in("الماء") if item.entry.kind == "theme"]
    assert found.entry.names["fr"] == "Eau potable"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("/ar/besoins/?q=الماء", "الماء الصالح للشرب"),
        ("/zgh/besoins/?q=ⴰⵎⴰⵏ", "ⴰⵎⴰⵏ ⵏ ⵜⵉⵙⵙⵉ"),
        ("/en/besoins/?q=drinking+water", "Drinking water"),
        ("/besoins/?q=ماء", "Eau potable"),
        ("/besoins/?q=AEP", "Eau potable"),
        ("/ar/recherche/?q=ماء", "الماء الصالح للشرب"),
    ],
)
def test_a_query_in_any_language_finds_a_need_written_in_french(water_need, url, reason):
    html = Client().get(url).content.decode()
    assert water_need.title in html, url
    note = html[html.index("vocabulary-reasons") :]
    assert reason in note[: note.index("</p>")], url


def test_a_need_found_in_another_language_is_marked_as_such(water_need):
    html = Client().get("/ar/besoins/?q=الماء").content.decode()
    title = html.index(water_need.title)
    card = html[html.rindex("<article", 0, title) : title]
    assert "الفرنسيّة" in card


def test_only_the_words_that_name_something_are_widened(water_need):
    """« الماء تيزنيت » is water in any language and Tiznit as typed: not every water need."""
    assert water_need.title in Client().get("/ar/besoins/?q=الماء+Agadir").content.decode()
    html = Client().get("/ar/besoins/?q=الماء+قنطرة+Tafraout").content.decode()
    assert water_need.title not in html


def test_latin_words_on_the_french_pages_are_searched_as_typed(water_need):
    """The content is in French: « eau » finds it directly, and PostgreSQL's kept index, which
    reads plain words, keeps answering."""
    html = Client().get("/besoins/?q=eau").content.decode()
    assert "vocabulary-reasons" not in html


def test_a_query_the_vocabulary_does_not_know_stays_as_typed(water_need):
    html = Client().get("/ar/besoins/?q=Zerbouta").content.decode()
    assert "vocabulary-reasons" not in html


def test_an_arabic_profile_meets_a_french_need_with_reasons_in_the_readers_language(water_need, directory):
    from django.utils import translation

    from .factories import ExpertProfilePageFactory

    expert = ExpertProfilePageFactory(parent=directory, title="سلمى العلوي", headline="مهندسة")
    expert.skills.add("هندسة مائية")  # typed in Arabic: the vocabulary maps it to « hydraulique »
    expert.save_revision().publish()
    expert = ExpertProfilePage.objects.get(pk=expert.pk)
    assert Term.objects.get(name_fr="hydraulique").tags.filter(name="هندسة مائية").exists()
    with translation.override("ar"):
        [match] = [m for m in experts_for_need(water_need) if m.page.pk == expert.pk]
    assert any("هندسة مائية" in reason for reason in match.reasons), match.reasons
    with translation.override("fr"):
        [match] = [m for m in experts_for_need(water_need) if m.page.pk == expert.pk]
    assert any("hydraulique" in reason for reason in match.reasons), match.reasons


def test_the_community_manager_maps_a_new_word_to_an_entry(water_need, directory):
    """A skill no entry knows meets nobody until the community manager adds it as a synonym."""
    from .factories import ExpertProfilePageFactory

    expert = ExpertProfilePageFactory(parent=directory, title="Yuba", headline="ⴰⵎⵓⵙⵏⴰⵡ")
    expert.skills.add("ⴰⵙⴼⵍⵍⵓ ⵏ ⵡⴰⵎⴰⵏ")
    expert.save_revision().publish()
    before = [m for m in experts_for_need(water_need) if m.page.pk == expert.pk]
    assert not any("compétence" in reason for match in before for reason in match.reasons)
    term = Term.objects.get(name_fr="hydraulique")
    term.synonyms += "\nⴰⵙⴼⵍⵍⵓ ⵏ ⵡⴰⵎⴰⵏ"
    term.save()
    shared = [m for m in experts_for_need(water_need) if m.page.pk == expert.pk]
    assert shared and "hydraulique" in shared[0].reasons[0]


def test_arabic_pages_write_dates_numbers_and_lists_the_moroccan_way():
    """Issue #36.4: day month year, digits grouped, the Arabic comma, names set apart from
    the sentence's direction."""
    import datetime

    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import translation
    from django.utils.formats import date_format

    from search.matching import _named_list

    with translation.override("ar"):
        assert date_format(datetime.datetime(2026, 12, 5, 14, 30), "DATETIME_FORMAT") == "5 ديسمبر 2026، 14:30"
        assert intcomma(4079) == "4\u202f079"
        assert _named_list(["SIG", "هندسة مائية"]) == "\u2068SIG\u2069، \u2068هندسة مائية\u2069"


def test_the_api_search_finds_across_languages_and_says_why(client, water_need):
    data = client.get("/api/v3/needs/search/", {"q": "الماء", "locale": "ar"}).json()
    assert [result["id"] for result in data["results"]] == [water_need.pk]
    assert {"words": "الماء", "kind": "theme", "name": "الماء الصالح للشرب"} in data["expanded"]
    assert client.get("/api/v3/needs/search/", {"q": "Agadir"}).json()["expanded"] == []


def test_a_place_named_in_arabic_finds_what_was_written_in_french(water_need, tiznit):
    """Issue #36.2: territory names are part of the vocabulary — a sheet is indexed with its
    commune's, province's and region's names in French and in Arabic."""
    assert tiznit.name_ar
    html = Client().get(f"/besoins/?q={tiznit.name_ar}").content.decode()
    assert water_need.title in html
    note = html[html.index("vocabulary-reasons") :]
    assert f"territoire <bdi>{tiznit.title}</bdi>" in note[: note.index("</p>")]
    arabic = Client().get("/ar/besoins/?q=Tiznit").content.decode()
    assert water_need.title in arabic and f"<bdi>{tiznit.name_ar}</bdi>" in arabic
    # The same name in the reader's own language needs no explanation.
    assert "vocabulary-reasons" not in Client().get(f"/ar/besoins/?q={tiznit.name_ar}").content.decode()
    assert "vocabulary-reasons" not in Client().get("/besoins/?q=Tiznit").content.decode()


@pytest.fixture
def kinds_and_modes(search_backend, tiznit, ouijjane, theme, directory):
    from .factories import ExpertProfilePageFactory

    remote = NeedPageFactory(
        parent=tiznit, theme=theme, title="Plan de gestion du réseau", engagement_mode="remote", needs_financing=True
    )
    on_site = NeedPageFactory(
        parent=ouijjane, theme=theme, title="Chantier du château d’eau", engagement_mode="on_site", needs_equipment=True
    )
    adviser = ExpertProfilePageFactory(parent=directory, title="Samira Idrissi", offers_remote_advice=True)
    builder = ExpertProfilePageFactory(parent=directory, title="Youssef Amrani", offers_on_site_mission=True)
    search_backend.refresh()
    return {"remote": remote, "on_site": on_site, "adviser": adviser, "builder": builder}


@pytest.mark.parametrize(
    ("url", "found", "not_found", "reason"),
    [
        ("/ar/besoins/?q=عن+بعد", "remote", "on_site", "نمط الالتزام"),
        ("/zgh/besoins/?q=ⴳ+ⵓⴷⵖⴰⵔ", "on_site", "remote", "ⴳ ⵓⴷⵖⴰⵔ"),
        ("/ar/besoins/?q=تمويل", "remote", "on_site", "نوع الحاجة"),
        ("/en/besoins/?q=equipment", "on_site", "remote", "Equipment"),
        ("/ar/experts/?q=عن+بعد", "adviser", "builder", "عن بعد"),
        ("/en/experts/?q=on+site", "builder", "adviser", "On site"),
    ],
)
def test_kinds_of_need_and_engagement_modes_are_found_in_any_language(kinds_and_modes, url, found, not_found, reason):
    """Issue #36.2: need types and engagement modes have their names in the four languages."""
    html = Client().get(url).content.decode()
    assert kinds_and_modes[found].title in html, url
    assert kinds_and_modes[not_found].title not in html, url
    note = html[html.index("vocabulary-reasons") :]
    assert reason in note[: note.index("</p>")], url


@pytest.mark.parametrize("url", ["/besoins/?q=water", "/recherche/?q=water", "/ar/besoins/?q=hydraulics"])
def test_latin_words_that_find_nothing_as_typed_are_widened(water_need, url):
    """A French page searches Latin words as typed (the content is French); when that finds
    nothing — an English word — the search runs again through the vocabulary, and says so."""
    html = Client().get(url).content.decode()
    assert water_need.title in html, url
    note = html[html.index("vocabulary-reasons") :]
    assert "water" in note[: note.index("</p>")] or "hydraulics" in note[: note.index("</p>")], url


def test_the_api_search_widens_what_finds_nothing_as_typed(client, water_need):
    data = client.get("/api/v3/needs/search/", {"q": "water"}).json()
    assert [result["id"] for result in data["results"]] == [water_need.pk]
    assert data["expanded"][0]["words"] == "water"
