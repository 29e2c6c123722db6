from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Post


class PostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Post.Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Titre"), max_length=200)
    body = forms.CharField(
        label=_("Texte"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        help_text=_("Texte simple : les adresses web deviennent des liens, le HTML s’affiche tel quel."),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Votre réponse"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"})
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi signalez-vous ce message ?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
