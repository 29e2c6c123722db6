"""The community's front-end forms. Each validates everything before anything is written, and
says what is wrong in the member's language."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from taggit.utils import parse_tags
from wagtail.images.fields import WagtailImageField
from wagtail.models import Locale

from core.i18n import localized
from core.text import collation_key
from experts.models import ExpertPrivateDetails, ExpertProfilePage, country_choices
from pages.models import Language, TerritoryPage, Theme

from .models import Offer
from .names import is_reserved_name

MAX_SKILLS = 20


def set_theme_choices(field):
    """Themes of the source language (what pages store), labelled in the member's language."""
    field.queryset = Theme.objects.filter(locale=Locale.get_default())
    field.choices = theme_choices()


def theme_choices():
    """[(pk, name)] of the source language's themes, named and sorted in the reader's language."""
    themes = Theme.objects.filter(locale=Locale.get_default()).order_by("name")
    choices = [(theme.pk, shown.name) for theme, shown in zip(themes, localized(themes), strict=True)]
    return sorted(choices, key=lambda choice: collation_key(choice[1]))


def origin_choices():
    """Regions and their provinces, labelled in the member's language: an optional, light
    "territory of origin" (communes are many; the community manager can refine it)."""
    territories = list(
        TerritoryPage.objects.filter(
            locale=Locale.get_default(), level__in=[TerritoryPage.Level.REGION, TerritoryPage.Level.PROVINCE]
        )
        .order_by("path")
        .only("id", "title", "level", "path", "translation_key", "locale_id")
    )
    labels = {page.pk: shown.title for page, shown in zip(territories, localized(territories), strict=True)}
    choices, group = [("", "—")], None
    for page in territories:
        if page.level == TerritoryPage.Level.REGION:
            group = (labels[page.pk], [(str(page.pk), labels[page.pk])])
            choices.append(group)
        elif group is not None:
            group[1].append((str(page.pk), "— " + labels[page.pk]))
    return choices


class ExpertProfileForm(forms.Form):
    title = forms.CharField(label=_("Nom affiché"), max_length=120)
    headline = forms.CharField(label=_("Titre professionnel"), max_length=160)
    bio = forms.CharField(
        label=_("Présentation"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    photo = forms.ImageField(required=False)  # replaced in __init__, see there
    remove_photo = forms.BooleanField(label=_("Retirer la photo"), required=False)
    skills = forms.CharField(
        label=_("Compétences"),
        max_length=600,
        required=False,
        help_text=_("Séparées par des virgules, par exemple : hydraulique, SIG, gestion de projet."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Langues parlées"), queryset=Language.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    country = forms.ChoiceField(label=_("Pays de résidence"), choices=country_choices)
    city = forms.CharField(label=_("Ville de résidence"), max_length=100, required=False)
    origin_territory = forms.ChoiceField(label=_("Région ou province d’origine"), required=False)
    association = forms.CharField(label=_("Association (OSIM)"), max_length=200, required=False)
    years_of_experience = forms.IntegerField(label=_("Années d’expérience"), min_value=0, max_value=70, required=False)
    availability_hours = forms.IntegerField(
        label=_("Disponibilité (heures par mois)"), min_value=0, max_value=200, required=False
    )
    engagement = forms.MultipleChoiceField(
        label=_("Je peux aider par"),
        choices=ExpertProfilePage.ENGAGEMENT_MODES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Private: never on the page, in the API or the search index.
    email = forms.EmailField(
        label=_("Adresse e-mail de contact"),
        help_text=_("Privée : montrée seulement à une commune qui a accepté votre offre."),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        required=False,
        validators=ExpertPrivateDetails._meta.get_field("phone").validators,
        help_text=_("Privé, facultatif."),
    )
    gender = forms.ChoiceField(
        label=_("Genre"),
        choices=ExpertPrivateDetails.Gender.choices,
        initial=ExpertPrivateDetails.Gender.UNSAID,
        help_text=_("Privé, facultatif : il sert seulement aux statistiques anonymes de la plateforme."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_theme_choices(self.fields["themes"])
        self.fields["origin_territory"].choices = origin_choices()
        # Wagtail's image field checks the type, the size and the pixel count against the
        # WAGTAILIMAGES_* settings, which it reads when it is made: made here, per form.
        self.fields["photo"] = WagtailImageField(
            label=_("Photo"), required=False, help_text=_("JPEG, PNG, GIF ou WebP, 5 Mo au plus.")
        )

    def clean_title(self):
        title = self.cleaned_data["title"]
        if is_reserved_name(title):
            raise forms.ValidationError(_("Ce nom est celui de l’équipe ou de la plateforme : choisissez le vôtre."))
        return title

    def clean_skills(self):
        names = parse_tags(self.cleaned_data["skills"])
        if len(names) > MAX_SKILLS:
            raise forms.ValidationError(_("%(count)d compétences au plus.") % {"count": MAX_SKILLS})
        if any(len(name) > 100 for name in names):
            raise forms.ValidationError(_("Une compétence tient en 100 caractères au plus."))
        return names

    def clean_origin_territory(self):
        value = self.cleaned_data["origin_territory"]
        return TerritoryPage.objects.filter(pk=value).first() if value else None


class _InvitationMessageForm(forms.Form):
    """What both ways of inviting share: a word from the commune, optional and short."""

    message_label = None

    message = forms.CharField(
        help_text=_("Ce que vous attendez, en quelques lignes. Vos coordonnées ne sont pas transmises."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].label = self.message_label


class InvitationForm(_InvitationMessageForm):
    """From a need sheet: the experts to invite, among those suggested."""

    message_label = _("Votre message aux experts (facultatif)")

    experts = forms.TypedMultipleChoiceField(
        label=_("Experts à inviter"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un expert à inviter.")},
    )
    field_order = ["experts", "message"]

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {match.page.pk: match for match in candidates}
        self.fields["experts"].choices = [
            (match.page.pk, " — ".join([match.page.title, *match.reasons])) for match in candidates
        ]

    def chosen(self):
        """The expert profiles chosen, as the suggestions gave them."""
        return [self.candidates[pk].page for pk in self.cleaned_data["experts"]]


class InviteOnNeedForm(_InvitationMessageForm):
    """From an expert's profile: the need to invite them on."""

    message_label = _("Votre message à l’expert (facultatif)")

    need = forms.TypedChoiceField(
        label=_("Besoin sur lequel l’inviter"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le besoin sur lequel inviter cet expert.")},
    )
    field_order = ["need", "message"]

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = {need.pk: need for need in needs}
        self.fields["need"].choices = [(need.pk, need.title) for need in needs]

    def chosen(self):
        return self.needs[self.cleaned_data["need"]]


class OfferForm(forms.ModelForm):
    """« Je peux aider »: what the expert offers, with only the figures of the kind of help
    chosen first (`kind`, from the page's address: no script needed)."""

    # What each kind of help asks for beside the message.
    KIND_FIELDS = {
        Offer.Kind.SKILLS: ["hours"],
        Offer.Kind.EQUIPMENT: ["items"],
        Offer.Kind.FINANCING: ["amount", "currency"],
        Offer.Kind.NETWORK: [],
    }

    class Meta:
        model = Offer
        fields = ["kind", "message", "hours", "amount", "currency", "items"]
        widgets = {
            "kind": forms.HiddenInput,
            "message": forms.Textarea(attrs={"rows": 5}),
            "items": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "message": _("Votre message à la commune"),
            "hours": _("Heures que vous pouvez donner"),
            "amount": _("Montant promis"),
            "items": _("Matériel proposé (un article par ligne)"),
        }

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, initial={"kind": kind}, **kwargs)
        self.kind = kind
        for name in {"hours", "amount", "currency", "items"} - set(self.KIND_FIELDS[kind]):
            del self.fields[name]
        if "currency" in self.fields:
            self.fields["currency"].choices = [("", "—"), *Offer.Currency.choices]
        if "hours" in self.fields:
            self.fields["hours"].required = True
            self.fields["hours"].error_messages["required"] = _("Indiquez combien d’heures vous pouvez donner.")

    def clean_kind(self):
        return self.kind  # the kind of the page, whatever the hidden field says

    def clean(self):
        data = super().clean()
        if self.kind == Offer.Kind.FINANCING:
            if not data.get("amount"):
                self.add_error("amount", _("Indiquez le montant que vous promettez."))
            if not data.get("currency"):
                self.add_error("currency", _("Choisissez la devise du montant."))
        elif self.kind == Offer.Kind.EQUIPMENT and not data.get("items", "").strip():
            self.add_error("items", _("Dites quel matériel vous proposez."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Offer.Status.choices)
    note = forms.CharField(
        label=_("Message (facultatif)"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Votre message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Le message est vide."))
        return body


class FollowThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes suivis"), queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    digest = forms.BooleanField(label=_("Recevoir le résumé des nouveaux besoins par e-mail"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_theme_choices(self.fields["themes"])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Votre mot de passe, pour confirmer"), widget=forms.PasswordInput)

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n’est pas le bon."))
        return password


ALLOWED_DOCUMENT_EXTENSIONS = ["pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "ppt", "pptx", "odp", "jpg", "png"]
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class ChecklistItemForm(forms.Form):
    """One item of a maturation stage: a written answer, or a document."""

    item = forms.CharField(widget=forms.HiddenInput, max_length=40)
    answer = forms.CharField(
        label=_("Réponse"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )
    document = forms.FileField(
        label=_("Document"),
        required=False,
        validators=[FileExtensionValidator(ALLOWED_DOCUMENT_EXTENSIONS)],
        help_text=_("PDF, traitement de texte, tableur, présentation ou image ; 10 Mo au plus."),
    )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("Ce fichier dépasse 10 Mo."))
        return document
