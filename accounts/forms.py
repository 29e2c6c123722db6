from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.users.models import UserProfile

from .models import PrivacyConsent
from .privacy import privacy_notice


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, plus explicit consent to the privacy notice (required, recorded
    with its date) and the member's language."""

    consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Pour créer un compte, acceptez la notice de confidentialité.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"] = self.fields.pop("consent")  # last, just above the button
        notice = privacy_notice()
        if notice is not None:
            self.fields["consent"].label = format_html(
                '{} <a href="{}">{}</a>',
                _("J’ai lu et j’accepte la"),
                notice.url,
                _("notice de confidentialité"),
            )
        else:
            self.fields["consent"].label = _("J’ai lu et j’accepte la notice de confidentialité")

    def save(self, request):
        user = super().save(request)
        if user is not None:
            self.record_consent(user)
        return user

    def record_consent(self, user):
        language = translation.get_language()
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        PrivacyConsent.objects.create(user=user, notice=privacy_notice(), language=language)
        # The member's emails are in the language they signed up in, until they choose another.
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
