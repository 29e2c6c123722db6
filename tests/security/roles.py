"""The roles the attack suite plays, and the world they play in: one commune (Tiznit) with a
need sheet, its confidential maturation document and an offer; another commune's editor; an
expert whose profile is published and one whose profile awaits review."""

from dataclasses import dataclass

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.models import Locale

from community.maturation import store_document
from community.models import Offer
from experts.models import ExpertPrivateDetails
from learning.models import NetworkPage, Post, Reply
from needs.models import ChecklistEntry, NeedContact
from tests.community_fixtures import PASSWORD, make_expert, make_member
from tests.factories import ExpertProfilePageFactory

ROLES = ("anonymous", "unconfirmed", "member", "pending", "expert", "other_editor", "editor", "manager")

CONFIDENTIAL_TITLE = "Étude de faisabilité confidentielle Tiznit-7731"
PRIVATE_EMAIL = "samira.prive-7731@diaspora.invalid"
PRIVATE_PHONE = "+33 6 77 31 77 31"
RESPONSIBLE_EMAIL = "agent-7731@tiznit.invalid"


@dataclass
class World:
    need: object
    offer: object
    document: object
    post: object
    reply: object
    network: object
    expert_profile: object
    pending_profile: object
    clients: dict
    users: dict


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def world(need, directory, theme, tiznit_editor, ouijjane_editor, manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    # An account that never confirmed its address: it has no session, whatever it tries.
    unconfirmed = get_user_model().objects.create_user("nouveau", "nouveau@diaspora.invalid", PASSWORD)
    EmailAddress.objects.create(user=unconfirmed, email=unconfirmed.email, verified=False, primary=True)
    unconfirmed_client = Client()
    unconfirmed_client.post("/compte/login/", {"login": unconfirmed.email, "password": PASSWORD})
    assert "_auth_user_id" not in unconfirmed_client.session
    member = make_member("sansprofil@diaspora.invalid")
    expert, expert_profile = make_expert(directory, "samira@diaspora.invalid", title="Samira Test")
    ExpertPrivateDetails.objects.filter(owner=expert).update(email=PRIVATE_EMAIL, phone=PRIVATE_PHONE, gender="woman")
    pending = make_member("enattente@diaspora.invalid")
    pending_profile = ExpertProfilePageFactory(parent=directory, title="Profil En Attente", live=False)
    ExpertPrivateDetails.objects.create(profile=pending_profile, owner=pending, email=pending.email)
    NeedContact.objects.update_or_create(need=need, defaults={"responsible": tiznit_editor})
    tiznit_editor.email = RESPONSIBLE_EMAIL
    tiznit_editor.save()
    offer = Offer.objects.create(
        need=need,
        expert=expert_profile,
        author=expert,
        expert_name=expert_profile.title,
        kind="skills",
        message="Je peux aider.",
    )
    document = store_document(need, SimpleUploadedFile("etude.pdf", b"%PDF-1.4 secret"), tiznit_editor)
    document.title = CONFIDENTIAL_TITLE
    document.save()
    ChecklistEntry.objects.create(need=need, item="feasibility_study", document=document, author=tiznit_editor)
    network = NetworkPage.objects.get(theme=theme, locale=Locale.get_default())
    post = Post.objects.create(
        network=network,
        author=expert,
        title="Quelle pompe ?",
        body="Pour un puits.",
        kind="question",
        author_name="Samira Test",
    )
    reply = Reply.objects.create(post=post, author=member, author_name="Membre", body="Une pompe solaire.")
    users = {
        "anonymous": None,
        "unconfirmed": unconfirmed,
        "member": member,
        "pending": pending,
        "expert": expert,
        "other_editor": ouijjane_editor,
        "editor": tiznit_editor,
        "manager": manager,
    }
    clients = {
        role: (unconfirmed_client if role == "unconfirmed" else client_for(user)) for role, user in users.items()
    }
    return World(need, offer, document, post, reply, network, expert_profile, pending_profile, clients, users)
