"""Issue #34: a crawl of the public pages and APIs, as a visitor and as a member, for every
private value: contact emails and phones, gender, the commune's person in charge, confidential
document titles. Also the search index, which backs the public searches."""

import re
from urllib.parse import urljoin, urlparse

import pytest

from .roles import CONFIDENTIAL_TITLE, PRIVATE_EMAIL, PRIVATE_PHONE, RESPONSIBLE_EMAIL, world  # noqa: F401

pytestmark = pytest.mark.django_db

PRIVATE = (PRIVATE_EMAIL, PRIVATE_PHONE, RESPONSIBLE_EMAIL, CONFIDENTIAL_TITLE, "etude.pdf")
HREF = re.compile(r'href="([^"#]+)"')
MAX_PAGES = 120


def crawl(client, starts):
    seen, queue, pages = set(), list(starts), {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        body = response.content.decode(errors="replace")
        pages[url] = body
        if response["Content-Type"].startswith("text/html"):
            for href in HREF.findall(body):
                target = urlparse(urljoin(url, href.replace("&amp;", "&")))
                if target.netloc not in ("", "testserver") or target.path.startswith(
                    ("/static/", "/admin", "/compte/logout")
                ):
                    continue
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return pages


def starts_for(world):
    profile, need = world.expert_profile, world.need
    return [
        "/",
        "/besoins/",
        need.url,
        "/experts/",
        profile.url,
        f"/recherche/?q={profile.title}",
        "/recherche/suggestions/?q=Sa",
        "/impact/",
        "/api/v2/pages/?fields=*&limit=100",
        f"/api/v2/pages/{need.pk}/?fields=*",
        f"/api/v2/pages/{profile.pk}/?fields=*",
        "/api/v2/documents/",
        "/api/v2/images/",
        "/api/v3/pages/",
        "/api/v3/documents/",
        "/api/v3/experts/search/",
        f"/api/v3/needs/{need.pk}/experts/",
        f"/api/v3/experts/{profile.pk}/needs/",
    ]


@pytest.mark.parametrize("role", ["anonymous", "member", "other_editor"])
def test_no_private_value_in_public_pages_or_apis(world, role):
    pages = crawl(world.clients[role], starts_for(world))
    assert len(pages) > 15
    leaks = [(url, value) for url, body in pages.items() for value in PRIVATE if value in body]
    assert not leaks, leaks
    profile_html = pages[world.expert_profile.url]
    assert "Femme" not in profile_html and "woman" not in pages[f"/api/v2/pages/{world.expert_profile.pk}/?fields=*"]


def test_no_private_value_in_the_search_index(world, search_backend):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    if hasattr(backend, "es"):
        backend.refresh()
        for value in (PRIVATE_EMAIL, RESPONSIBLE_EMAIL, CONFIDENTIAL_TITLE):
            hits = backend.es.search(index=f"{backend.index_prefix}*", q=f'"{value}"')["hits"]["total"]
            assert (hits["value"] if isinstance(hits, dict) else hits) == 0, value
    else:
        from wagtail.search.models import IndexEntry

        for value in (PRIVATE_EMAIL, PRIVATE_PHONE, RESPONSIBLE_EMAIL, CONFIDENTIAL_TITLE):
            assert not IndexEntry.objects.filter(body__contains=value).exists(), value
            assert not IndexEntry.objects.filter(title__contains=value).exists(), value
