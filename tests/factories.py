import factory
import wagtail_factories

from experts.models import ExpertPrivateDetails, ExpertProfilePage
from needs.models import NeedPage
from pages.models import ProjectStoryPage


class NeedPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Besoin de test {n}")
    summary = "Un besoin inscrit au plan communal de développement."
    needs_skills = True
    estimated_budget = 100_000
    funds_secured = 25_000

    class Meta:
        model = NeedPage


class ExpertProfilePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Experte de test {n}")
    headline = "Ingénieure hydraulicienne"
    country = "FR"
    city = "Lyon"

    class Meta:
        model = ExpertProfilePage


class ExpertPrivateDetailsFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"expert{n}@private.invalid")

    class Meta:
        model = ExpertPrivateDetails


class ProjectStoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Récit de test {n}")
    summary = "L'eau arrive au douar."

    class Meta:
        model = ProjectStoryPage
