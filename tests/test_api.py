"""The public API: Wagtail's v2 REST API and the OpenAPI-described v3 search and matching."""

import pytest
import schemathesis
from django.test import override_settings
from hypothesis import HealthCheck, settings

from experts.models import ExpertPrivateDetails
from needs.models import NeedContact
from pages.models import Language

from .conftest import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.search]

EMAIL = "hidden-api-5be1@private.invalid"
PHONE = "+33 6 11 22 33 44"
EDITOR_EMAIL = "adc-api-7d0a@commune.invalid"


@pytest.fixture
def published(search_backend, need, expert, tiznit):
    need.skills.add("hydraulique")
    need.languages.add(Language.objects.get(code="zgh"))
    need.save_revision().publish()
    expert.skills.add("hydraulique")
    expert.languages.add(Language.objects.get(code="zgh"))
    expert.save_revision().publish()
    ExpertPrivateDetails.objects.create(profile=expert, email=EMAIL, phone=PHONE, gender="woman")
    editor = make_user("adc-api", [tiznit.editors_group])
    editor.email = EDITOR_EMAIL
    editor.save()
    NeedContact.objects.create(need=need, responsible=editor)
    need.refresh_from_db()
    expert.refresh_from_db()
    search_backend.refresh()
    return need, expert


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    return response.json()


def test_v2_pages_expose_public_fields(client, published):
    need, expert = published
    data = get_json(client, "/api/v2/pages/", type="needs.NeedPage", fields="summary,status,skill_names,funding_gap")
    item = next(i for i in data["items"] if i["id"] == need.pk)
    assert item["summary"] == need.summary and item["skill_names"] == ["hydraulique"]
    assert item["funding_gap"] == 75_000
    data = get_json(client, f"/api/v2/pages/{expert.pk}/")
    assert data["headline"] == expert.headline and data["country_code"] == "FR"
    assert get_json(client, "/api/v2/pages/", locale="fr", type="needs.NeedPage")["meta"]["total_count"] >= 1
    assert get_json(client, "/api/v2/pages/", locale="ar", type="needs.NeedPage")["meta"]["total_count"] == 0


def test_v3_need_search_returns_results_facets_and_pages(client, published, search_backend):
    need, _expert = published
    search_backend.refresh()
    data = get_json(client, "/api/v3/needs/search/", skill="hydraulique", region="09", per_page="5")
    assert [r["id"] for r in data["results"]] == [need.pk]
    assert data["pagination"] == {"page": 1, "per_page": 5, "count": 1, "pages": 1}
    region = next(f for f in data["facets"] if f["param"] == "region")
    assert region["options"] == [{"value": "09", "label": "Souss-Massa", "count": 1, "selected": True}]


def test_v3_expert_search_and_matching(client, published, search_backend):
    need, expert = published
    search_backend.refresh()
    data = get_json(client, "/api/v3/experts/search/", skill="hydraulique", language="zgh")
    assert [r["id"] for r in data["results"]] == [expert.pk]
    matches = get_json(client, f"/api/v3/needs/{need.pk}/experts/")
    assert matches[0]["expert"]["id"] == expert.pk
    assert matches[0]["reasons"][0].startswith("1 compétence en commun")
    assert get_json(client, f"/api/v3/experts/{expert.pk}/needs/")[0]["need"]["id"] == need.pk
    assert get_json(client, "/api/v3/needs/999999/experts/", status=404)["detail"]


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"colour": "blue"}, "colour"),
        ({"theme": "atlantide"}, "theme"),
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "-1"}, "per_page"),
        ({"page": "abc"}, "page"),
        ({"sort": "chaos"}, "sort"),
        ({"locale": "xx"}, "locale"),
        ({"region": "<script>"}, "region"),
    ],
)
def test_v3_bad_input_is_a_400_naming_the_parameter(client, published, params, param):
    data = get_json(client, "/api/v3/needs/search/", status=400, **params)
    assert param in {error["param"] for error in data["errors"]}


def test_v3_lists_are_cacheable_and_read_only(client, published):
    assert client.post("/api/v3/needs/search/").status_code == 405


@override_settings(CORS_ALLOWED_ORIGINS=["https://commune-tiznit.example"])
def test_cors_allows_configured_partners_only(client, published):
    allowed = client.get("/api/v3/needs/search/", HTTP_ORIGIN="https://commune-tiznit.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://commune-tiznit.example"
    other = client.get("/api/v3/needs/search/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in other


@override_settings(API_RATE_LIMIT="3/min")
def test_rate_limit_per_ip_answers_429_on_every_api(client, published):
    urls = ["/api/v3/experts/search/", "/api/v2/pages/", f"/api/v3/pages/{published[0].pk}/", "/api/v2/images/"]
    codes = [client.get(url).status_code for url in urls]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v3/needs/search/")
    assert response.status_code == 429
    assert "Too many requests" in response.json()["detail"] and int(response["Retry-After"]) > 0
    # Another address has its own allowance; the site itself is not limited.
    assert client.get("/api/v2/pages/", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/besoins/").status_code == 200


def test_every_api_list_is_cacheable(client, published):
    for url in ("/api/v3/needs/search/", "/api/v2/pages/", "/api/v3/pages/"):
        assert client.get(url)["Cache-Control"] == "public, max-age=60", url


def test_interactive_docs_work_offline(client):
    html = client.get("/api/v3/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_private_data_is_in_no_response(client, published, search_backend):
    need, expert = published
    search_backend.refresh()
    urls = [
        "/api/v2/pages/?fields=*&limit=100",
        "/api/v2/pages/?type=experts.ExpertProfilePage&fields=*",
        "/api/v2/pages/?type=needs.NeedPage&fields=*",
        f"/api/v2/pages/{expert.pk}/",
        f"/api/v2/pages/{need.pk}/",
        f"/api/v3/pages/{expert.pk}/",
        f"/api/v3/pages/{need.pk}/",
        "/api/v3/pages/?type=experts.ExpertProfilePage",
        "/api/v3/experts/search/",
        "/api/v3/needs/search/",
        f"/api/v3/needs/{need.pk}/experts/",
        f"/api/v3/experts/{expert.pk}/needs/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in (EMAIL, PHONE, EDITOR_EMAIL, "adc-api", '"gender"', '"woman"', "private_details"):
            assert secret not in body, (url, secret)


def test_v3_search_api_honours_its_openapi_contract(published, search_backend):
    """Schemathesis generates requests from /api/v3/openapi.json (valid and odd values) for
    the search and matching operations: no server error, and every response fits the schema."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # As Django's test client does: keep the test's database connection (and its transaction)
    # open across the requests that the real WSGI handler serves.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        run_contract(search_backend)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def run_contract(search_backend):
    from django.core.handlers.wsgi import WSGIHandler
    from hypothesis import given

    search_backend.refresh()
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", WSGIHandler()).include(
        path_regex=r"^/api/v3/(needs|experts)/"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 4
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate()

        check()


def test_anonymous_clients_cannot_write_and_v2_refuses_bad_input(client, published):
    assert client.post("/api/v3/pages/", {}, content_type="application/json").status_code == 401
    assert "unknown fields: nope" in client.get("/api/v2/pages/", {"fields": "nope"}).json()["message"]
    assert client.get("/api/v2/pages/", {"limit": "1000"}).status_code == 400
    wrong_type = client.get("/api/v3/pages/", {"limit": "abc"})
    assert wrong_type.status_code == 400
    assert wrong_type.json()["errors"][0]["param"] == "limit"
