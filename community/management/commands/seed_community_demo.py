"""Demo life for the community: the demo expert's offers on Tiznit's needs (one accepted, with
its conversation; one waiting for an answer), an invitation from Tiznit on a third need, and
follows. Run after seed_demo; idempotent.
`seed_demo --clear` removes it too (offers go with the demo needs, follows with the accounts)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from community import offers
from community.models import Follow, Invitation, Offer
from community.rules import expert_profile_of
from needs.models import NeedPage
from pages.models import TerritoryPage

TIZNIT = "09.581.01.07"


class Command(BaseCommand):
    help = "Add demo offers, messages and follows for the demo accounts of seed_demo. Idempotent."

    def handle(self, *args, **options):
        User = get_user_model()
        expert_user = User.objects.filter(username="expert").first()
        editor = User.objects.filter(username="tiznit").first()
        profile = expert_profile_of(expert_user) if expert_user else None
        if profile is None or editor is None:
            raise CommandError("Run `manage.py seed_demo` first: the demo accounts are missing.")
        tiznit = TerritoryPage.objects.get(hcp_code=TIZNIT, locale=Locale.get_default())
        needs = list(NeedPage.objects.live().child_of(tiznit).order_by("path"))
        invited_on = next((need for need in needs[2:] if need.is_open), None)
        if invited_on is not None:  # the commune asks the demo expert to look at a third need
            Invitation.objects.get_or_create(
                need=invited_on,
                expert=profile,
                defaults={"sender": editor, "message": "Votre expérience nous serait précieuse pour ce projet."},
            )
        if len(needs) < 2 or Offer.objects.filter(author=expert_user).exists():
            self.stdout.write("Community demo: nothing to add.")
            return
        accepted = offers.create_offer(
            need=needs[0],
            expert=profile,
            user=expert_user,
            kind=Offer.Kind.SKILLS,
            message="Bonjour, je peux relire l’étude technique et accompagner le montage du dossier, à distance.",
            hours=20,
        )
        offers.change_status(
            accepted,
            user=editor,
            side="commune",
            status=Offer.Status.ACCEPTED,
            note="Merci ! Parlons-en cette semaine.",
        )
        offers.post_message(
            accepted, user=expert_user, side="expert", body="Pouvez-vous m’envoyer le PCD et le devis ?"
        )
        offers.post_message(accepted, user=editor, side="commune", body="Les voici en pièce jointe de notre e-mail.")
        offers.create_offer(
            need=needs[1],
            expert=profile,
            user=expert_user,
            kind=Offer.Kind.NETWORK,
            message="Je connais une association à Lyon qui finance ce type de projet.",
        )
        Follow.objects.get_or_create(user=expert_user, territory=tiznit)
        self.stdout.write(self.style.SUCCESS("Community demo: 2 offers, 2 messages, 1 follow, 1 invitation."))
