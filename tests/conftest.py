import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from core.roles import COMMUNITY_MANAGERS
from experts.models import ExpertDirectoryPage
from home.models import HomePage
from pages.models import TerritoryPage, Theme

from .factories import ExpertProfilePageFactory, NeedPageFactory, ProjectStoryPageFactory

# Souss-Massa and Drâa-Tafilalet: the regions of the seeds, imported once for the whole session.
TEST_REGIONS = ["08", "09"]
# The page types tests create; the territories come from the session's import.
TEST_CONTENT_TYPES = [
    "needs.NeedPage",
    "experts.ExpertProfilePage",
    "pages.ProjectStoryPage",
    "learning.ResourcePage",
    "learning.EventPage",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        backend = get_search_backend()
        if hasattr(backend, "es"):
            # Elasticsearch outlives the test database: start from no index at all.
            backend.es.indices.delete(index=f"{backend.index_prefix}*", ignore_unavailable=True)
        call_command("setup_site", verbosity=0)
        call_command("import_territories", region=TEST_REGIONS, stdout=io.StringIO())
        # Put the index mappings (Elasticsearch) and index what the setup created, in bulk.
        call_command("update_index", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the database rolls back, the cache would not), in
    French (a request under /ar/ leaves Arabic active in the test's thread)."""
    from django.core.cache import cache
    from django.utils import translation

    from search import accelerator

    cache.clear()
    accelerator.forget()  # the facet index a process keeps follows the database, which rolls back
    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture
def home(db):
    return HomePage.objects.get(locale=Locale.get_default())


def territory(code):
    return TerritoryPage.objects.get(hcp_code=code, locale=Locale.get_default())


@pytest.fixture
def tiznit(db):
    return territory("09.581.01.07")


@pytest.fixture
def ouijjane(db):
    return territory("09.581.11.09")


@pytest.fixture
def theme(db):
    return Theme.objects.get(slug="eau-potable", locale=Locale.get_default())


@pytest.fixture
def directory(db):
    return ExpertDirectoryPage.objects.get(locale=Locale.get_default())


# Pages are made after the search index forgot earlier tests' pages (see search_backend).
@pytest.fixture
def need(search_backend, tiznit, theme):
    return NeedPageFactory(parent=tiznit, theme=theme)


@pytest.fixture
def expert(search_backend, directory):
    return ExpertProfilePageFactory(parent=directory)


@pytest.fixture
def story(search_backend, tiznit, theme):
    return ProjectStoryPageFactory(parent=tiznit, theme=theme)


@pytest.fixture
def page_of_every_type(home, tiznit, need, expert, story):
    """One published page of each type, in French: the tests that render every page use it."""
    from experts.models import ExpertDirectoryPage
    from impact.models import ImpactPage
    from needs.models import NeedIndexPage
    from pages.models import StandardPage, StoryIndexPage, TerritoryIndexPage

    province, region = tiznit.get_parent().specific, tiznit.get_parent().get_parent().specific
    french = {"locale__language_code": "fr"}
    return [
        home,
        TerritoryIndexPage.objects.get(**french),
        region,
        province,
        tiznit,
        NeedIndexPage.objects.get(**french),
        need,
        ExpertDirectoryPage.objects.get(**french),
        expert,
        StoryIndexPage.objects.get(**french),
        story,
        ImpactPage.objects.get(**french),
        StandardPage.objects.get(slug="a-propos", **french),
    ]


def make_user(username, groups=(), **extra):
    user = get_user_model().objects.create_user(
        username=username, password="pw", email=f"{username}@test.invalid", **extra
    )
    user.groups.add(*groups)
    return user


@pytest.fixture
def tiznit_editor(tiznit):
    return make_user("editor-tiznit", [tiznit.editors_group])


@pytest.fixture
def ouijjane_editor(ouijjane):
    return make_user("editor-ouijjane", [ouijjane.editors_group])


@pytest.fixture
def manager(db):
    return make_user("manager", [Group.objects.get(name=COMMUNITY_MANAGERS)])


@pytest.fixture
def superuser(db):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def engine_down(settings):
    """A function that makes the search engine unreachable from then on: an Elasticsearch
    backend pointed at a port nobody answers on (connection refused at once)."""

    def down():
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": "search.backends.elasticsearch7",
                "URLS": ["http://127.0.0.1:9"],
                "INDEX_PREFIX": "unreachable_",
                "TIMEOUT": 1,
            }
        }

    return down


@pytest.fixture
def search_backend(db):
    """The configured search backend, with a `refresh()` that makes what was just indexed
    searchable (Elasticsearch is near-real-time: about a second; the database is immediate)."""
    backend = get_search_backend()
    backend.refresh = backend.refresh_indexes
    if hasattr(backend, "es"):
        # The database rolls back after each test, Elasticsearch does not: forget the pages
        # earlier tests made, so that facet counts see only this test's.
        # Refresh first: a document indexed but not yet searchable would escape the delete.
        backend.es.indices.refresh(index=f"{backend.index_prefix}*")
        backend.es.delete_by_query(
            index=f"{backend.index_prefix}*",
            body={"query": {"terms": {"_django_content_type": TEST_CONTENT_TYPES}}},
            refresh=True,
            conflicts="proceed",
        )
    return backend


@pytest.fixture(autouse=True)
def queued_email(settings):
    """Django's test setup swaps EMAIL_BACKEND for its in-memory one; the platform's goes through
    the outbox (outbox/backend.py), whose delivery is that in-memory one in the tests."""
    settings.EMAIL_BACKEND = "outbox.backend.QueuedEmailBackend"
