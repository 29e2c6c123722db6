"""Every way to log in applies the same rules (README "Roles and moderation").

- Members log in on the site (allauth, `/compte/login/`): a confirmed email address is required,
  and allauth's rate limits count failures per IP address and per account. Wagtail's front-end
  login (`/_util/login/`, where private pages and documents sent visitors) redirects there.
- The admin's login (`/admin/login/`) is the team's door: an account without access to the admin
  is refused there, so a member never gets a session around the site's rules.
- django-axes counts every failed login, whatever the door, in the database (so it holds with
  the cache down): past `AXES_FAILURE_LIMIT` failures from one IP address, or for one account,
  that address or account waits `AXES_COOLOFF_TIME` (15 minutes), with a message in the
  visitor's language. Failures during the wait do not lengthen it: an attacker cannot keep a
  member out for longer than that.
"""

from django.shortcuts import render
from wagtail.admin.forms.auth import LoginForm


def login_identifier(request, credentials):
    """The account a login names, whichever door: a username (admin) or an email (site)."""
    credentials = credentials or {}
    value = (
        credentials.get("username")
        or credentials.get("email")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    return value.strip().lower()


def locked_out(request, credentials, *args, **kwargs):
    return render(request, "accounts/locked_out.html", status=429)


class AdminLoginForm(LoginForm):
    """Wagtail's admin login, for the accounts that may use the admin only."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.has_perm("wagtailadmin.access_admin"):
            raise self.get_invalid_login_error()
