"""Issue #34.5-8: security headers and no third party; production never prints secrets; the
public API answers odd input with 400."""

import pytest

from tests.test_settings import manage

pytestmark = pytest.mark.django_db


def csp_of(response):
    return dict(
        (part.strip().split(" ", 1) + [""])[:2]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    )


def test_site_pages_forbid_inline_scripts_and_third_parties(client, need):
    for url in ("/", "/besoins/", need.url, "/compte/login/"):
        response = client.get(url)
        policy = csp_of(response)
        assert policy["script-src"] == "'self'", url
        assert "unsafe-inline" not in policy["script-src"]
        assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
        assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "<script>" not in response.content.decode()  # no inline script to allow


def test_admin_loads_nothing_from_a_third_party(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "gravatar" not in html
    assert "https://" not in csp_of(response)["img-src"]


ODD_INPUT = [
    {"search": '"x'},
    {"search": "x\x00y"},
    {"offset": "99999999999999999999"},
    {"offset": "-1"},
    {"offset": "abc"},
    {"search": "(((", "search_operator": "or"},
]


@pytest.mark.search
@pytest.mark.parametrize("endpoint", ["pages", "documents", "images"])
@pytest.mark.parametrize("params", ODD_INPUT)
def test_the_public_api_answers_odd_input_with_a_clear_answer(client, search_backend, endpoint, params):
    response = client.get(f"/api/v2/{endpoint}/", params)
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert "message" in response.json()


def test_nul_and_huge_offsets_are_400(client):
    assert client.get("/api/v2/pages/", {"search": "x\x00y"}).status_code == 400
    assert client.get("/api/v2/pages/", {"offset": "99999999999999999999"}).status_code == 400


def test_production_refuses_to_start_without_a_mail_server():
    result = manage("check", SECRET_KEY="x" * 60, EMAIL_HOST="")
    assert result.returncode != 0
    assert "EMAIL_HOST" in result.stderr
    assert manage("check", SECRET_KEY="x" * 60, EMAIL_HOST="smtp.example.invalid").returncode == 0
