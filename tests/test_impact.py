"""The indicators on a dataset built here, each expected figure worked out by hand; the
small-group suppression; the page in every language; the exports carry the page's figures."""

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Locale, Site

from community.models import Offer, OfferEvent
from experts.models import ExpertPrivateDetails
from impact.indicators import Period, breakdowns, indicators, monthly_trend, suppress_small_groups
from impact.models import AdcTraining, ImpactPage, ImpactTargets
from pages.models import TerritoryPage, Theme

from .conftest import make_user
from .factories import ExpertProfilePageFactory, NeedPageFactory

pytestmark = pytest.mark.django_db


def today():
    """Read when a test runs, as the models' defaults are: a suite may cross midnight."""
    return timezone.localdate()


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def publish(need):
    need.save_revision().publish()
    return need


def engage(expert, need, status, accepted_days_ago=None):
    """An offer that reached `status`; accepted `accepted_days_ago` days ago when it was."""
    offer = Offer.objects.create(
        need=need, expert=expert, expert_name=expert.title, kind="skills", message="…", status=status
    )
    OfferEvent.objects.create(offer=offer, status="proposed", at=days_ago((accepted_days_ago or 1) + 1))
    if accepted_days_ago is not None:
        OfferEvent.objects.create(offer=offer, status="accepted", at=days_ago(accepted_days_ago))
    return offer


@pytest.fixture
def dataset(search_backend, tiznit, ouijjane, directory, theme):
    """Tiznit and Ouijjane (region 09, province 09.581) and one commune of region 08."""
    other_region = TerritoryPage.objects.filter(
        level="commune", hcp_code__startswith="08.", locale=Locale.get_default()
    ).first()
    health = Theme.objects.get(slug="sante", locale=Locale.get_default())
    n1 = publish(NeedPageFactory(parent=tiznit, theme=theme, live=False))
    n2 = publish(NeedPageFactory(parent=tiznit, theme=theme, local_actor="Coopérative Argan Tiznit", live=False))
    n3 = publish(NeedPageFactory(parent=ouijjane, theme=health, live=False))
    n4 = publish(NeedPageFactory(parent=other_region, theme=health, live=False))
    experts = {}
    genders = {1: "woman", 2: "woman", 3: "man", 4: "woman", 5: "man", 6: "woman", 7: "woman", 8: "woman", 9: "man"}
    for i, gender in genders.items():
        experts[i] = ExpertProfilePageFactory(parent=directory, title=f"E{i}")
        ExpertPrivateDetails.objects.create(profile=experts[i], email=f"e{i}@x.invalid", gender=gender)
    engage(experts[1], n1, "accepted", 10)
    engage(experts[1], n2, "in_progress", 20)  # same expert, another local actor: a second link
    engage(experts[2], n1, "completed", 50)
    engage(experts[3], n3, "proposed")  # not accepted: does not count
    engage(experts[4], n3, "declined")  # declined: does not count
    engage(experts[5], n4, "withdrawn", 30)  # accepted, then withdrawn: does not count
    engage(experts[6], n3, "accepted", 5)
    engage(experts[7], n4, "accepted", 400)  # before the last twelve months
    engage(experts[8], n1, "accepted", 3)
    engage(experts[9], n3, "accepted", 2)
    # Tiznit's editor has logged in; Ouijjane's never did; region 08's commune has none.
    editor = make_user("adc-tiznit", [tiznit.editors_group])
    editor.last_login = timezone.now()
    editor.save()
    make_user("adc-ouijjane", [ouijjane.editors_group])
    AdcTraining.objects.create(commune=tiznit, person="Agent Tiznit", training="Montage de projets")
    AdcTraining.objects.create(commune=ouijjane, person="Agent Ouijjane", training="Montage de projets")
    AdcTraining.objects.create(
        commune=other_region, person="Ancien agent", training="PCD", completed_on=datetime.date(2020, 5, 1)
    )
    return {"needs": (n1, n2, n3, n4), "experts": experts, "other_region": other_region, "health": health}


def targets():
    return ImpactTargets.for_site(Site.objects.get(is_default_site=True))


def values(period=None):
    items, offers = indicators(period or Period(), targets())
    return {item.key: item.value for item in items}, offers


def test_the_four_indicators_worked_out_by_hand(dataset):
    figures, _offers = values()
    # Mobilised: E1, E2, E6, E7, E8, E9 (E3 proposed, E4 declined, E5 withdrawn).
    assert figures["migrants_mobilised"] == 6
    # Engaged: Tiznit only (Ouijjane's editor never logged in; region 08's commune has no editor).
    assert figures["communes_engaged"] == 1
    # Trained: Tiznit, Ouijjane and the region 08 commune (2020).
    assert figures["communes_trained"] == 3
    # Links: (Tiznit, E1), (Coopérative Argan, E1), (Tiznit, E2), (Tiznit, E8), (Ouijjane, E6),
    # (Ouijjane, E9), (region 08 commune, E7).
    assert figures["local_links"] == 7


def test_a_period_counts_what_happened_in_it(dataset):
    figures, _offers = values(Period(start=today() - datetime.timedelta(days=15), end=today()))
    # Accepted in the last 15 days: E1 (10 days), E6 (5), E8 (3), E9 (2); E1's other offer is 20 days old.
    assert figures["migrants_mobilised"] == 4
    assert figures["local_links"] == 4  # (Tiznit, E1), (Tiznit, E8), (Ouijjane, E6), (Ouijjane, E9)
    assert figures["communes_trained"] == 2  # the 2020 training is outside
    old, _offers = values(Period(start=datetime.date(2019, 1, 1), end=datetime.date(2021, 1, 1)))
    assert old == {"migrants_mobilised": 0, "communes_engaged": 0, "communes_trained": 1, "local_links": 0}


def test_breakdowns_by_gender_region_province_theme(dataset, theme):
    _figures, offers = values()
    result = breakdowns(offers)
    # Women: E1, E2, E6, E7, E8 = 5; men: E9 = 1, hidden, and so are the empty groups.
    assert {key: value for key, _label, value in result["gender"]} == {
        "woman": 5,
        "man": None,
        "other": None,
        "unsaid": None,
    }
    assert [(code, n) for code, _name, n in result["region"]] == [("08", 1), ("09", 5)]
    assert [(code, n) for code, _name, n in result["province"]][-1] == ("09.581", 5)
    by_theme = {name: n for _pk, name, n in result["theme"]}
    assert by_theme == {theme.name: 3, dataset["health"].name: 3}  # E1, E2, E8 / E6, E9, E7


def test_small_groups_are_hidden_and_cannot_be_worked_out():
    assert suppress_small_groups({"woman": 12, "man": 7, "other": 0, "unsaid": 9}) == {
        "woman": 12,
        "man": None,  # the next smallest, or "other" would be 28 − 12 − 7 − 9
        "other": None,
        "unsaid": 9,
    }
    # One small group alone would be total minus the others: the next smallest goes too.
    assert suppress_small_groups({"woman": 12, "man": 3, "unsaid": 7}) == {"woman": 12, "man": None, "unsaid": None}
    assert suppress_small_groups({"woman": 12, "man": 5}) == {"woman": 12, "man": 5}


def test_monthly_trend(dataset):
    _figures, offers = values()
    trend = monthly_trend(offers, today())
    assert len(trend) == 12
    assert trend[0]["total"] - trend[0]["new"] == 1  # E7, mobilised 400 days ago
    assert trend[-1]["total"] == 6
    assert sum(month["new"] for month in trend) == 5


def test_each_indicator_has_its_trend(dataset):
    items, _offers = indicators(Period(), targets())
    trends = {item.key: item.trend for item in items}
    assert all(len(trend) == 12 for trend in trends.values())
    # Each trend ends on the indicator's value, and its bars are in percent of that value.
    assert {key: trend[-1]["total"] for key, trend in trends.items()} == {item.key: item.value for item in items}
    assert all(trend[-1]["percent"] == 100 for trend in trends.values())
    # Links: seven, one from before the last twelve months (E7, 400 days ago).
    assert trends["local_links"][0]["total"] - trends["local_links"][0]["new"] == 1
    # Trainings: the 2020 one is in every month's total; the two of today are this month's news.
    assert trends["communes_trained"][0]["total"] - trends["communes_trained"][0]["new"] == 1
    assert trends["communes_trained"][-1]["new"] == 2
    # Engaged: Tiznit, whose need sheets were published today.
    assert trends["communes_engaged"][-1]["new"] == 1 and trends["communes_engaged"][-2]["total"] == 0


def test_the_trends_are_words_of_the_page_not_a_picture(client, dataset):
    """Bars in HTML: their months and figures are text at the page's size on any screen (the
    drawn chart shrank them to 8 px at 360), and a screen reader reads them as a list."""
    html = client.get("/impact/").content.decode()
    for key in ("migrants_mobilised", "communes_engaged", "communes_trained", "local_links"):
        figure = re.search(rf'<figure class="trend" aria-labelledby="trend-{key}">(.*?)</figure>', html, re.S)
        assert figure and figure.group(1).count("<li>") == 12, key
    assert "(+2 ce mois-ci)" in html
    arabic = client.get("/ar/impact/").content.decode()
    assert "(+2 هذا الشهر)" in arabic or "+٢" in arabic


def page_figures(html):
    return {key: int(value) for key, value in re.findall(r'id="indicator-(\w+)".*?<data value="(\d+)"', html, re.S)}


def test_the_impact_page_in_every_language(client, dataset):
    for prefix in ("", "/ar", "/en", "/zgh"):
        response = client.get(f"{prefix}/impact/")
        assert response.status_code == 200, prefix
    html = client.get("/impact/").content.decode()
    assert page_figures(html) == {
        "migrants_mobilised": 6,
        "communes_engaged": 1,
        "communes_trained": 3,
        "local_links": 7,
    }
    assert "&lt; 5" in html  # small groups hidden
    assert 'dir="rtl"' in client.get("/ar/impact/").content.decode()
    # The targets come from the site settings, with the seeds' values by default.
    assert "sur un objectif de 60" in html
    settings_row = targets()
    settings_row.migrants_mobilised = 10
    settings_row.save()
    assert "sur un objectif de 10" in client.get("/impact/").content.decode()


def test_a_bad_period_says_so(client, dataset):
    response = client.get("/impact/?du=demain")
    assert response.status_code == 200 and "n’est pas une date" in response.content.decode()
    response = client.get("/impact/?du=2030-01-01&au=2029-01-01")
    assert "La date de début est après la date de fin." in response.content.decode()
    response = client.get("/impact/rapport/csv/?au=2026-13-45")
    assert response.status_code == 400 and "AAAA-MM-JJ" in response.content.decode()


def test_the_reports_carry_the_pages_figures(client, dataset):
    query = f"?du={today() - datetime.timedelta(days=15)}&au={today()}"
    shown = page_figures(client.get(f"/impact/{query}").content.decode())
    assert shown["migrants_mobilised"] == 4

    rows = list(csv.reader(io.StringIO(client.get(f"/impact/rapport/csv/{query}").content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Section", "Clé", "Libellé"]
    from_csv = {row[1]: int(row[3]) for row in rows if row[0] == "Indicateur"}
    assert from_csv == shown

    response = client.get(f"/impact/rapport/xlsx/{query}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    from_xlsx = {row[1]: row[3] for row in sheet.iter_rows(values_only=True) if row[0] == "Indicateur"}
    assert from_xlsx == shown
    genders = {row[1]: row[3] for row in sheet.iter_rows(values_only=True) if row[0] == "Migrants mobilisés par genre"}
    assert set(genders.values()) == {"<5"}  # 4 migrants in the period: every gender group is small


def test_needs_as_open_data(client, dataset):
    n1, n2, n3, n4 = dataset["needs"]
    n2.sector_code = "14030"
    publish(n2)
    rows = list(csv.DictReader(io.StringIO(client.get("/impact/besoins/csv/").content.decode("utf-8-sig"))))
    ids = {int(row["id"]) for row in rows}
    assert {n1.pk, n2.pk, n3.pk, n4.pk} <= ids
    assert next(row for row in rows if int(row["id"]) == n2.pk)["local_actor"] == "Coopérative Argan Tiznit"
    data = json.loads(client.get("/impact/besoins/json/").content)
    assert {need["id"] for need in data["needs"]} == ids
    root = ET.fromstring(client.get("/impact/besoins/iati/").content)
    assert root.tag == "iati-activities" and root.get("version") == "2.03"
    activity = next(a for a in root if a.findtext("iati-identifier").endswith(f"-{n2.pk}"))
    assert activity.find("sector").get("code") == "14030"
    assert activity.find("recipient-country").get("code") == "MA"
    assert activity.find("title/narrative").text == n2.title
    for content in (str(rows), json.dumps(data), ET.tostring(root, encoding="unicode")):
        assert "@x.invalid" not in content and "woman" not in content  # nothing private


def test_the_admin_dashboard_shows_figures_and_pipeline_to_the_community_manager(dataset, manager, tiznit_editor):
    lonely = dataset["needs"][1]
    NeedPageFactory._meta.model.objects.filter(pk=lonely.pk).update(first_published_at=days_ago(45))
    Offer.objects.filter(need=lonely).delete()
    client = Client()
    client.force_login(manager)
    html = client.get("/admin/").content.decode()
    assert "Impact et suivi de la communauté" in html
    assert lonely.title in html  # a need with no offer after 30 days
    # Each with the action to take (issue #37.8): suggest experts, write to the commune.
    item = html[html.index(lonely.title) : html.index("</li>", html.index(lonely.title))]
    assert f"/espace/besoins/{lonely.pk}/inviter/" in item
    tiznit_editor.email = "adc@tiznit.invalid"
    tiznit_editor.save()
    from impact.pipeline import commune_emails

    assert "adc@tiznit.invalid" in commune_emails({"09.581.01.07"})["09.581.01.07"]
    client.force_login(tiznit_editor)
    assert "Impact et suivi de la communauté" not in client.get("/admin/").content.decode()


def test_the_pipeline_lists_behind_the_dashboard_show_every_need_and_commune(
    dataset, manager, tiznit, tiznit_editor, theme
):
    """Issue #37.8: the dashboard shows ten of each list and links to the whole list, each line
    with the action to take; only the community manager sees them."""
    old = [
        publish(NeedPageFactory(parent=tiznit, theme=theme, title=f"Besoin oublié {i:02}", live=False))
        for i in range(12)
    ]
    NeedPageFactory._meta.model.objects.filter(pk__in=[need.pk for need in old]).update(first_published_at=days_ago(45))
    tiznit_editor.email = "adc@tiznit.invalid"
    tiznit_editor.save()
    client = Client()
    client.force_login(manager)
    dashboard = client.get("/admin/").content.decode()
    assert "/admin/suivi/besoins-sans-offre/" in dashboard and "Voir la liste complète (12)" in dashboard
    assert sum(f"Besoin oublié {i:02}" in dashboard for i in range(12)) == 10
    html = client.get("/admin/suivi/besoins-sans-offre/").content.decode()
    assert all(f"Besoin oublié {i:02}" in html for i in range(12)) and "12 au total." in html
    item = html[html.index("Besoin oublié 11") : html.index("</li>", html.index("Besoin oublié 11"))]
    assert f"/espace/besoins/{old[11].pk}/inviter/" in item and re.search(r"mailto:[^\"]*adc@tiznit.invalid", item)
    # A commune whose active editor never published is inactive, with its action.
    quiet = TerritoryPage.objects.filter(level="commune", hcp_code__startswith="09.581.", locale=Locale.get_default())
    quiet = quiet.exclude(pk__in=[tiznit.pk, dataset["needs"][2].get_parent().pk]).exclude(editors_group=None).first()
    make_user("adc-quiet", [quiet.editors_group])
    communes = client.get("/admin/suivi/communes-inactives/").content.decode()
    assert quiet.title in communes and ">Tiznit<" not in communes and "mailto:adc-quiet@" in communes
    assert client.get("/admin/suivi/communes-inactives/?p=99").status_code == 200  # the last page
    client.force_login(tiznit_editor)
    for url in ("/admin/suivi/besoins-sans-offre/", "/admin/suivi/communes-inactives/"):
        assert client.get(url).status_code in (302, 403), url


def test_the_community_manager_records_an_adc_training_in_the_admin(manager, tiznit):
    client = Client()
    client.force_login(manager)
    response = client.post(
        "/admin/adc_trainings/new/",
        {"commune": tiznit.pk, "person": "Hanane", "training": "Montage de projets", "completed_on": "2026-03-02"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AdcTraining.objects.get(person="Hanane").commune == tiznit
    assert ImpactPage.objects.filter(locale__language_code="fr").exists()


def test_the_iati_file_validates_against_the_official_schema(client, dataset, settings):
    """Issue #40.4: the IATI 2.03 activity schema (impact/iati/2.03/, kept with its licence)
    accepts the export; the reporting organisation's identifier is configured."""
    from pathlib import Path

    from lxml import etree

    settings.IATI_REPORTING_ORG = "MA-ASSOC-12345"
    n2 = dataset["needs"][1]
    n2.sector_code = "14030"
    n2.deadline = datetime.date.today() + datetime.timedelta(days=90)
    n2.estimated_budget = 250_000
    publish(n2)
    schema_file = Path(settings.BASE_DIR) / "impact" / "iati" / "2.03" / "iati-activities-schema.xsd"
    schema = etree.XMLSchema(etree.parse(str(schema_file)))
    document = etree.fromstring(client.get("/impact/besoins/iati/").content)
    valid = schema.validate(document)
    assert valid, "\n".join(f"line {error.line}: {error.message}" for error in schema.error_log)
    identifiers = document.xpath("//iati-identifier/text()")
    assert identifiers and all(identifier.startswith("MA-ASSOC-12345-") for identifier in identifiers)
    assert set(document.xpath("//reporting-org/@ref")) == {"MA-ASSOC-12345"}
