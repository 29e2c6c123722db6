"""Members of the community for the tests: experts with an account and a published profile."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from PIL import Image
from wagtail.users.models import UserProfile

from experts.models import ExpertPrivateDetails

from .factories import ExpertProfilePageFactory

PASSWORD = "Argan-2027-Tiznit"


def make_member(email, language="fr"):
    user = get_user_model().objects.create_user(email.split("@")[0], email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def make_expert(directory, email, language="fr", **profile_fields):
    user = make_member(email, language)
    profile = ExpertProfilePageFactory(parent=directory, **profile_fields)
    ExpertPrivateDetails.objects.create(profile=profile, owner=user, email=email)
    return user, profile


@pytest.fixture
def expert_member(search_backend, directory):
    return make_expert(directory, "samira@diaspora.invalid", title="Samira Test")


@pytest.fixture
def other_expert(search_backend, directory):
    return make_expert(directory, "karim@diaspora.invalid", title="Karim Test")


def png_upload(name="photo.png", size=(40, 40)):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def approve(page, manager):
    """The community manager approves what waits in the moderation workflow."""
    task_state = page.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, manager, "approve")


def profile_data_for_privacy(email, phone):
    return {
        "title": "Yasmine Test",
        "headline": "Économiste de la santé",
        "bio": "",
        "skills": "santé publique",
        "country": "FR",
        "city": "Marseille",
        "email": email,
        "phone": phone,
        "gender": "woman",
    }
