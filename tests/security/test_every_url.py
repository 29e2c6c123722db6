"""Issue #34: every URL of the platform, Wagtail's and Django's own included, has an expected
answer for every role, and gets it. The list of URLs comes from the URL configuration: a URL
added without an expected answer here fails `test_every_url_has_an_expected_answer`.

Answers: `ok` 200 · `login` a redirect to the site's login · `admin` a redirect to the admin's
login · `home` a redirect elsewhere on the site · `deny` 403 · `gone` 404 · `bad` 400 ·
`unauth` 401 · `method` 405 · `many` 429. Roles, in order: anonymous, unconfirmed (an account
that never confirmed its email: it gets no session), member (no profile), pending (a profile
awaiting review), expert (published profile), other_editor (Ouijjane's editor), editor
(Tiznit's, the need's commune), manager (community manager).

Set RECORD_URL_ANSWERS=1 to print what each role gets instead of checking it.
"""

import os
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from .roles import ROLES, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

LOGIN = "/compte/login/"
ADMIN_LOGIN = "/admin/login/"


def routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def answer(response):
    code = response.status_code
    if code in (301, 302):
        location = response["Location"]
        if location.startswith(ADMIN_LOGIN):
            return "admin"
        if location.startswith(LOGIN) or "/compte/login/" in location:
            return "login"
        return "home"
    return {200: "ok", 400: "bad", 401: "unauth", 403: "deny", 404: "gone", 405: "method", 429: "many"}.get(
        code, str(code)
    )


def everyone(token):
    return " ".join([token] * len(ROLES))


# The site's and the APIs' URLs: (route, method, URL made from the world, answers by role).
SITE = [
    ("health/live/", "get", lambda w: "/health/live/", everyone("ok")),
    ("health/ready/", "get", lambda w: "/health/ready/", everyone("ok")),
    (r"documents/^(\d+)/(.*)$", "get", lambda w: w.document.url, "login login gone gone gone gone ok ok"),
    (
        "documents/authenticate_with_password/<int:restriction_id>/",
        "get",
        lambda w: "/documents/authenticate_with_password/999/",
        everyone("gone"),
    ),
    ("i18n/setlang/", "post", lambda w: "/i18n/setlang/", everyone("home")),
    ("api/v2/^pages/", "get", lambda w: "/api/v2/pages/", everyone("ok")),
    ("api/v2/^pages/<int:pk>/", "get", lambda w: f"/api/v2/pages/{w.need.pk}/", everyone("ok")),
    ("api/v2/^pages/find/", "get", lambda w: f"/api/v2/pages/find/?html_path={w.need.url}", everyone("home")),
    ("api/v2/^images/", "get", lambda w: "/api/v2/images/", everyone("ok")),
    ("api/v2/^images/<int:pk>/", "get", lambda w: "/api/v2/images/999999/", everyone("gone")),
    ("api/v2/^images/find/", "get", lambda w: "/api/v2/images/find/?id=999999", everyone("gone")),
    ("api/v2/^documents/", "get", lambda w: "/api/v2/documents/", everyone("ok")),
    ("api/v2/^documents/<int:pk>/", "get", lambda w: f"/api/v2/documents/{w.document.pk}/", everyone("gone")),
    ("api/v2/^documents/find/", "get", lambda w: f"/api/v2/documents/find/?id={w.document.pk}", everyone("gone")),
    ("api/v3/openapi.json", "get", lambda w: "/api/v3/openapi.json", everyone("ok")),
    ("api/v3/docs/", "get", lambda w: "/api/v3/docs/", everyone("ok")),
    ("api/v3/", "get", lambda w: "/api/v3/", everyone("gone")),
    ("api/v3/pages/", "get", lambda w: "/api/v3/pages/", everyone("ok")),
    ("api/v3/pages/find/", "get", lambda w: f"/api/v3/pages/find/?html_path={w.need.url}", everyone("home")),
    ("api/v3/pages/<page_id>/", "get", lambda w: f"/api/v3/pages/{w.need.pk}/", everyone("ok")),
    ("api/v3/pages/<page_id>/revisions/", "get", lambda w: f"/api/v3/pages/{w.need.pk}/revisions/", everyone("unauth")),
    (
        "api/v3/pages/<page_id>/revisions/<revision_id>/",
        "get",
        lambda w: f"/api/v3/pages/{w.need.pk}/revisions/1/",
        everyone("unauth"),
    ),
    ("api/v3/schema/", "get", lambda w: "/api/v3/schema/", everyone("unauth")),
    ("api/v3/schema/<type_name>/", "get", lambda w: "/api/v3/schema/needs.NeedPage/", everyone("unauth")),
    ("api/v3/sites/", "get", lambda w: "/api/v3/sites/", everyone("unauth")),
    ("api/v3/sites/<site_id>/", "get", lambda w: "/api/v3/sites/1/", everyone("unauth")),
    ("api/v3/whoami/", "get", lambda w: "/api/v3/whoami/", everyone("unauth")),
    ("api/v3/redirects/", "get", lambda w: "/api/v3/redirects/", everyone("ok")),
    ("api/v3/redirects/find/", "get", lambda w: "/api/v3/redirects/find/?html_path=/x/", everyone("gone")),
    ("api/v3/redirects/<redirect_id>/", "get", lambda w: "/api/v3/redirects/1/", everyone("gone")),
    ("api/v3/snippets/<type>/", "get", lambda w: "/api/v3/snippets/pages.theme/", everyone("unauth")),
    ("api/v3/snippets/<type>/<pk>/", "get", lambda w: "/api/v3/snippets/pages.theme/1/", everyone("unauth")),
    (
        "api/v3/snippets/<type>/<pk>/revisions/",
        "get",
        lambda w: "/api/v3/snippets/pages.theme/1/revisions/",
        everyone("unauth"),
    ),
    (
        "api/v3/snippets/<type>/<pk>/revisions/<revision_id>/",
        "get",
        lambda w: "/api/v3/snippets/pages.theme/1/revisions/1/",
        everyone("unauth"),
    ),
    ("api/v3/documents/", "get", lambda w: "/api/v3/documents/", everyone("ok")),
    ("api/v3/documents/<document_id>/", "get", lambda w: f"/api/v3/documents/{w.document.pk}/", everyone("gone")),
    ("api/v3/images/", "get", lambda w: "/api/v3/images/", everyone("ok")),
    ("api/v3/images/<image_id>/", "get", lambda w: "/api/v3/images/999999/", everyone("gone")),
    ("api/v3/needs/search/", "get", lambda w: "/api/v3/needs/search/", everyone("ok")),
    ("api/v3/needs/<need_id>/experts/", "get", lambda w: f"/api/v3/needs/{w.need.pk}/experts/", everyone("ok")),
    ("api/v3/experts/search/", "get", lambda w: "/api/v3/experts/search/", everyone("ok")),
    (
        "api/v3/experts/<expert_id>/needs/",
        "get",
        lambda w: f"/api/v3/experts/{w.expert_profile.pk}/needs/",
        everyone("ok"),
    ),
    (
        "api/v3/experts/<expert_id>/needs/#pending",
        "get",
        lambda w: f"/api/v3/experts/{w.pending_profile.pk}/needs/",
        everyone("gone"),
    ),
    ("recherche/", "get", lambda w: "/recherche/?q=eau", everyone("ok")),
    ("recherche/suggestions/", "get", lambda w: "/recherche/suggestions/?q=ea", everyone("ok")),
    ("compte/login/", "get", lambda w: "/compte/login/", "ok ok home home home home home home"),
    ("compte/logout/", "get", lambda w: "/compte/logout/", "home home ok ok ok ok ok ok"),
    ("compte/inactive/", "get", lambda w: "/compte/inactive/", everyone("ok")),
    ("compte/signup/", "get", lambda w: "/compte/signup/", "ok ok home home home home home home"),
    ("compte/reauthenticate/", "get", lambda w: "/compte/reauthenticate/", "login login ok ok ok ok ok ok"),
    ("compte/email/", "get", lambda w: "/compte/email/", "login login ok ok ok ok ok ok"),
    ("compte/confirm-email/", "get", lambda w: "/compte/confirm-email/", everyone("ok")),
    ("compte/password/change/", "get", lambda w: "/compte/password/change/", "login login ok ok ok ok ok ok"),
    ("compte/password/set/", "get", lambda w: "/compte/password/set/", "login login home home home home home home"),
    ("compte/password/reset/", "get", lambda w: "/compte/password/reset/", everyone("ok")),
    (
        "compte/login/code/confirm/",
        "get",
        lambda w: "/compte/login/code/confirm/",
        "login login home home home home home home",
    ),
    (r"compte/^confirm-email/(?P<key>[-:\w]+)/$", "get", lambda w: "/compte/confirm-email/forged-key/", everyone("ok")),
    ("compte/password/reset/key/done/", "get", lambda w: "/compte/password/reset/key/done/", everyone("ok")),
    (
        r"compte/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        "get",
        lambda w: "/compte/password/reset/key/1-forged/",
        everyone("ok"),
    ),
    ("compte/password/reset/done/", "get", lambda w: "/compte/password/reset/done/", everyone("ok")),
    ("espace/", "get", lambda w: "/espace/", "login login ok ok ok ok ok ok"),
    ("espace/profil/", "get", lambda w: "/espace/profil/", "login login ok ok ok deny deny ok"),
    ("espace/commune/", "get", lambda w: "/espace/commune/", "login login deny deny deny ok ok ok"),
    (
        "espace/besoins/<int:need_id>/aider/",
        "get",
        lambda w: f"/espace/besoins/{w.need.pk}/aider/",
        "login login home home home home home home",
    ),
    (
        "espace/besoins/<int:need_id>/inviter/",
        "get",
        lambda w: f"/espace/besoins/{w.need.pk}/inviter/",
        "login login deny deny deny deny ok ok",
    ),
    (
        "espace/experts/<int:expert_id>/inviter/",
        "get",
        lambda w: f"/espace/experts/{w.expert_profile.pk}/inviter/",
        "login login deny deny deny ok ok ok",
    ),
    (
        "espace/offres/<int:pk>/",
        "get",
        lambda w: f"/espace/offres/{w.offer.pk}/",
        "login login deny deny ok deny ok ok",
    ),
    (
        "espace/offres/<int:pk>/statut/",
        "post",
        lambda w: f"/espace/offres/{w.offer.pk}/statut/",
        "login login deny deny home deny home home",
    ),
    (
        "espace/offres/<int:pk>/versement-recu/",
        "post",
        lambda w: f"/espace/offres/{w.offer.pk}/versement-recu/",
        "login login deny deny deny deny deny home",
    ),
    (
        "espace/offres/<int:pk>/mentor/",
        "post",
        lambda w: f"/espace/offres/{w.offer.pk}/mentor/",
        "login login deny deny deny deny home home",
    ),
    (
        "espace/besoins/<int:need_id>/maturation/",
        "get",
        lambda w: f"/espace/besoins/{w.need.pk}/maturation/",
        "login login deny deny deny deny ok ok",
    ),
    (
        "espace/besoins/<int:need_id>/maturation/etape-suivante/",
        "post",
        lambda w: f"/espace/besoins/{w.need.pk}/maturation/etape-suivante/",
        "login login deny deny deny deny home home",
    ),
    ("espace/suivre/", "post", lambda w: "/espace/suivre/", "login login home home home home home home"),
    (
        "espace/suivis/<int:pk>/retirer/",
        "post",
        lambda w: "/espace/suivis/999999/retirer/",
        "login login home home home home home home",
    ),
    ("espace/suivis/themes/", "post", lambda w: "/espace/suivis/themes/", "login login home home home home home home"),
    ("espace/mes-donnees/", "get", lambda w: "/espace/mes-donnees/", "login login ok ok ok ok ok ok"),
    ("espace/supprimer-mon-compte/", "get", lambda w: "/espace/supprimer-mon-compte/", "login login ok ok ok ok ok ok"),
    ("espace/desabonnement/<str:token>/", "get", lambda w: "/espace/desabonnement/forged-token/", everyone("bad")),
    (
        "espace/apprendre/evenements/<int:pk>/inscription/",
        "post",
        lambda w: "/espace/apprendre/evenements/999999/inscription/",
        "login login gone gone gone gone gone gone",
    ),
    (
        "espace/apprendre/evenements/<int:pk>/annulation/",
        "post",
        lambda w: "/espace/apprendre/evenements/999999/annulation/",
        "login login gone gone gone gone gone gone",
    ),
    (
        "espace/apprendre/reseaux/<int:network_id>/publier/",
        "get",
        lambda w: f"/espace/apprendre/reseaux/{w.network.pk}/publier/",
        "login login deny deny ok ok ok ok",
    ),
    (
        "espace/apprendre/reseaux/<int:network_id>/suivre/",
        "post",
        lambda w: f"/espace/apprendre/reseaux/{w.network.pk}/suivre/",
        "login login home home home home home home",
    ),
    (
        "espace/apprendre/reseaux/messages/<int:post_id>/repondre/",
        "post",
        lambda w: f"/espace/apprendre/reseaux/messages/{w.post.pk}/repondre/",
        "login login deny deny bad bad bad bad",
    ),
    (
        "espace/apprendre/reseaux/messages/<int:post_id>/resolu/<int:reply_id>/",
        "post",
        lambda w: f"/espace/apprendre/reseaux/messages/{w.post.pk}/resolu/{w.reply.pk}/",
        "login login deny deny home deny deny home",
    ),
    (
        "espace/apprendre/reseaux/messages/<int:post_id>/signaler/",
        "get",
        lambda w: f"/espace/apprendre/reseaux/messages/{w.post.pk}/signaler/",
        "login login deny deny ok ok ok ok",
    ),
    (
        "espace/apprendre/reseaux/messages/<int:post_id>/moderer/",
        "post",
        lambda w: f"/espace/apprendre/reseaux/messages/{w.post.pk}/moderer/",
        "login login bad bad bad bad bad bad",
    ),
    ("_util/login/", "get", lambda w: "/_util/login/", everyone("login")),
    (
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        "get",
        lambda w: f"/_util/authenticate_with_password/999/{w.need.pk}/",
        everyone("gone"),
    ),
    (r"^((?:[\w\-]+/)*)$", "get", lambda w: w.need.url, everyone("ok")),
    (r"^((?:[\w\-]+/)*)$#pending", "get", lambda w: w.pending_profile.url, everyone("gone")),
]

# The admin: every URL Wagtail's admin serves. Anyone without access to the admin is sent to
# its login, whatever the URL; these few answer everyone (the login form, its assets).
ADMIN_OPEN = {"admin/login/", "admin/logout/", "admin/jsi18n/", "admin/sprite/"}
ADMIN_ROLES_WITHOUT_ACCESS = ("anonymous", "unconfirmed", "member", "pending", "expert")

# What the team may do in the admin, where one commune's editor must not reach another's.
ADMIN = [
    ("edit the need sheet", lambda w: f"/admin/pages/{w.need.pk}/edit/", "admin admin admin admin admin home ok ok"),
    (
        "the need's revisions",
        lambda w: f"/admin/pages/{w.need.pk}/history/",
        "admin admin admin admin admin home ok ok",
    ),
    (
        "edit the confidential document",
        lambda w: f"/admin/documents/edit/{w.document.pk}/",
        "admin admin admin admin admin home ok home",
    ),
    ("the outbox", lambda w: "/admin/outbox/", "admin admin admin admin admin home home ok"),
    ("the offers", lambda w: "/admin/offers/", "admin admin admin admin admin home home ok"),
    ("the vocabulary", lambda w: "/admin/snippets/pages/term/", "admin admin admin admin admin home home ok"),
    (
        "the needs without offers",
        lambda w: "/admin/suivi/besoins-sans-offre/",
        "admin admin admin admin admin home home ok",
    ),
    (
        "the inactive communes",
        lambda w: "/admin/suivi/communes-inactives/",
        "admin admin admin admin admin home home ok",
    ),
    (
        "the experts' private details",
        lambda w: "/admin/expert_private_details/",
        "admin admin admin admin admin home home ok",
    ),
    ("the users", lambda w: "/admin/users/", "admin admin admin admin admin home home home"),
    ("the settings of the site", lambda w: "/admin/sites/", "admin admin admin admin admin home home home"),
]

RECORD = os.environ.get("RECORD_URL_ANSWERS") == "1"


def covered(route):
    if route.startswith("admin/"):
        return True  # test_the_admin_refuses_everyone_without_access
    routes_with_answers = {entry[0].split("#")[0] for entry in SITE}
    return route in routes_with_answers or route in WRITE_ONLY


# Routes that only change data through the Wagtail API's token authentication (v3 writes):
# sessions are refused there (401); checked in test_the_api_writes_refuse_sessions.
WRITE_ONLY = {
    "api/v3/pages/<page_id>/actions/publish/",
    "api/v3/pages/<page_id>/actions/unpublish/",
    "api/v3/pages/<page_id>/actions/copy/",
    "api/v3/pages/<page_id>/actions/move/",
    "api/v3/pages/<page_id>/actions/delete/",
    "api/v3/pages/<page_id>/actions/revert/",
    "api/v3/pages/<page_id>/actions/convert_alias/",
    "api/v3/pages/<page_id>/actions/create_alias/",
    "api/v3/pages/<page_id>/actions/copy_for_translation/",
    "api/v3/snippets/<type>/<pk>/actions/delete/",
    "api/v3/snippets/<type>/<pk>/actions/publish/",
    "api/v3/snippets/<type>/<pk>/actions/unpublish/",
    "api/v3/snippets/<type>/<pk>/actions/revert/",
    "api/v3/snippets/<type>/<pk>/actions/copy_for_translation/",
}


def test_every_url_has_an_expected_answer():
    missing = sorted({route for route in routes() if not covered(route)})
    assert not missing, f"URLs without an expected answer for every role (tests/security/test_every_url.py): {missing}"


def check(world, rows, method_of):
    failures = []
    for row in rows:
        name, method, make_url, expected = method_of(row)
        url = make_url(world)
        got = []
        for role in ROLES:
            client = world.clients[role]
            response = getattr(client, method)(url)
            got.append(answer(response))
        if RECORD:
            print(f"{name!r}: {' '.join(got)!r}")
        elif got != expected.split():
            failures.append(f"{name} ({url}): expected {expected}, got {' '.join(got)}")
    assert not failures, "\n".join(failures)


def test_each_role_gets_its_answer_on_the_sites_urls(world):
    check(world, SITE, lambda row: row)


def test_each_role_gets_its_answer_in_the_admin(world):
    check(world, ADMIN, lambda row: (row[0], "get", row[1], row[2]))


def concrete(route):
    """A URL for an admin route, its parameters filled with made-up values."""
    url = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route)
    url = re.sub(r"<(?:int:)?[^>]+>", "1", url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\", "")


def test_the_admin_refuses_everyone_without_access(world):
    failures = []
    admin_routes = sorted({route for route in routes() if route.startswith("admin/")})
    assert len(admin_routes) > 200  # Wagtail's admin, all of it
    for route in admin_routes:
        url = concrete(route)
        for role in ADMIN_ROLES_WITHOUT_ACCESS:
            response = world.clients[role].get(url)
            got = answer(response)
            if route in ADMIN_OPEN:
                continue
            if got not in ("admin", "gone"):
                failures.append(f"{url} as {role}: {got}")
    assert not failures, "\n".join(failures)


def test_the_api_writes_refuse_sessions(world):
    for route in sorted(WRITE_ONLY):
        url = concrete(route.replace("<page_id>", str(world.need.pk)))
        for role in ROLES:
            response = world.clients[role].post(url, data={}, content_type="application/json")
            assert response.status_code in (401, 405), (url, role, response.status_code)
