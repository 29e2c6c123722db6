"""Issue #34.1: one login door, with one set of rules, whatever the way in."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from tests.community_fixtures import PASSWORD, make_member

pytestmark = pytest.mark.django_db


def unconfirmed_member():
    user = get_user_model().objects.create_user("nouveau", "nouveau@diaspora.invalid", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user


def test_wagtail_front_end_login_is_the_sites(client):
    response = client.get("/_util/login/?next=/besoins/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/login/?next=/besoins/"


def test_private_page_sends_visitors_to_the_sites_login(client, home):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=home, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/?next=")


def test_unconfirmed_account_gets_no_session_at_any_door(client):
    unconfirmed_member()
    client.post("/compte/login/", {"login": "nouveau@diaspora.invalid", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    client.post("/admin/login/", {"username": "nouveau", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_a_confirmed_member_is_refused_at_the_admins_door(client):
    make_member("samira@diaspora.invalid")
    response = client.post("/admin/login/", {"username": "samira", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200  # the form again, with the usual error


def test_admin_password_reset_is_not_a_second_door(client):
    assert client.get("/admin/password_reset/").status_code == 404


@pytest.mark.parametrize(
    ("url", "field", "identifier"),
    [("/compte/login/", "login", "samira@diaspora.invalid"), ("/admin/login/", "username", "root-admin")],
)
def test_brute_force_is_stopped_at_each_door(client, url, field, identifier):
    make_member("samira@diaspora.invalid")
    get_user_model().objects.create_superuser("root-admin", "root@test.invalid", PASSWORD)
    for _attempt in range(11):
        client.post(url, {field: identifier, "password": "wrong-password"})
    response = client.post(url, {field: identifier, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    # allauth's own limit answers first on the site (the form, with its message), django-axes
    # on the admin (a page of its own, 429).
    assert response.status_code in (200, 429)
    assert "tentatives" in response.content.decode()


def test_lockout_is_per_address_and_per_account_and_says_so_in_arabic(client):
    make_member("samira@diaspora.invalid")
    for _attempt in range(10):
        client.post(
            "/ar/compte/login/", {"login": "samira@diaspora.invalid", "password": "wrong"}, REMOTE_ADDR="10.0.0.9"
        )
    # Another address, same account: the account waits too (an attacker changing addresses).
    response = client.post(
        "/ar/compte/login/", {"login": "samira@diaspora.invalid", "password": PASSWORD}, REMOTE_ADDR="10.0.0.10"
    )
    assert "_auth_user_id" not in client.session
    assert "محاولة" in response.content.decode()  # allauth's own message, in Arabic


def test_a_failed_login_elsewhere_never_locks_the_member_out_for_long(client, settings):
    import datetime

    from axes.models import AccessAttempt
    from django.core.cache import cache
    from django.utils import timezone

    make_member("samira@diaspora.invalid")
    for _attempt in range(12):
        client.post("/compte/login/", {"login": "samira@diaspora.invalid", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    # Past the cool-off (15 minutes), the member logs in from home, whatever the attacker did:
    # allauth's window (5 minutes, in the cache) is over, django-axes' attempts are old.
    cache.clear()
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    client.post("/compte/login/", {"login": "samira@diaspora.invalid", "password": PASSWORD}, REMOTE_ADDR="10.0.0.20")
    assert "_auth_user_id" in client.session
