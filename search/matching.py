"""Explainable matching between need sheets and expert profiles.

A candidate shares at least one skill or theme with the other side. Candidates are ranked by a
score anyone can read — 3 points a shared skill, 2 for the theme, 1 a shared language, 1 when
the modes of engagement fit — and, among equal scores, by the full-text relevance of the need's
words in the profile (Wagtail search, any engine). Each match carries its reasons. Only
published pages of the same language are used, and only their public fields.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from core.i18n import in_language, localized
from core.restrictions import public
from experts.models import ExpertProfilePage
from needs.models import NeedPage
from pages import vocabulary

from .discovery import engine_unavailable, search_errors
from .query import clean_query

CANDIDATES = 60
SKILL_POINTS, THEME_POINTS, LANGUAGE_POINTS, MODE_POINTS = 3, 2, 1, 1

# Which of an expert's modes of engagement fit a need's.
MODES_FOR_NEED = {
    NeedPage.EngagementMode.REMOTE: ["offers_remote_advice", "offers_introductions"],
    NeedPage.EngagementMode.ON_SITE: ["offers_on_site_mission"],
    NeedPage.EngagementMode.BOTH: ["offers_remote_advice", "offers_on_site_mission", "offers_introductions"],
}
# Need types an expert can answer whatever the skills, by what they offer.
OFFER_FOR_NEED_TYPE = {"needs_financing": "offers_financing", "needs_investment": "offers_investment"}


@dataclass
class Match:
    page: object
    score: int
    reasons: list = field(default_factory=list)


def isolated(text):
    """`text` set apart from the direction of the sentence around it (Unicode's first-strong
    isolate): « hydraulique » inside an Arabic reason is not scrambled, nor the reverse."""
    return f"\u2068{text}\u2069"


def _named_list(names, limit=3):
    names = sorted(names)
    shown = pgettext("list separator", ", ").join(isolated(name) for name in names[:limit])
    return shown + ("…" if len(names) > limit else "")


def _reasons(skills, theme, languages, mode):
    reasons = []
    if skills:
        reasons.append(
            ngettext(
                "%(count)d compétence en commun : %(names)s",
                "%(count)d compétences en commun : %(names)s",
                len(skills),
            )
            % {"count": len(skills), "names": _named_list(skills)}
        )
    if theme:
        reasons.append(_("même thème : %(theme)s") % {"theme": isolated(theme)})
    if languages:
        reasons.append(
            ngettext("parle %(names)s", "parle %(names)s", len(languages)) % {"names": _named_list(languages)}
        )
    if mode:
        reasons.append(mode)
    return reasons


def shared_skill_names(need_skills, expert_skills):
    """The skills both sides have, as vocabulary entries (or words), named in the reader's
    language: an Arabic reader reads « هندسة مائية » whether the need said « hydraulique »."""
    language = get_language()
    theirs = {vocabulary.skill_key(tag) for tag in expert_skills}
    names = {}
    for tag in need_skills:
        key = vocabulary.skill_key(tag)
        if key in theirs:
            names.setdefault(key, vocabulary.skill_name(tag, language))
    return list(names.values())


def theme_name(theme):
    """The theme as the reader's pages name it (its translation), not the source language's."""
    return localized([theme])[0].name


def _relevance_order(queryset, text):
    """Positions of the pages of `queryset` by full-text relevance of `text` (a tie-break)."""
    words = clean_query(text)
    if not words:
        return {}
    try:
        ranked = queryset.search(words, operator="or")[:CANDIDATES]
        return {page.pk: position for position, page in enumerate(ranked)}
    except search_errors() as error:
        if not engine_unavailable(error):
            raise
        return {}


def experts_for_need(need, limit=6):
    """Published experts who could help with `need`, best first, with their reasons."""
    need_skills = list(need.skills.all())
    need_languages = {language.pk: language.name for language in need.languages.all()}
    # Skills meet as vocabulary entries: « هندسة مائية » on a profile is « hydraulique » here.
    skill_ids, language_ids = list(vocabulary.same_skills(tag.pk for tag in need_skills)), list(need_languages)
    if not skill_ids and not need.theme_id:
        return []
    mode_fields = MODES_FOR_NEED.get(need.engagement_mode, [])
    extra_offers = [offer for flag, offer in OFFER_FOR_NEED_TYPE.items() if getattr(need, flag)]
    fits_mode = Q()
    for name in mode_fields + extra_offers:
        fits_mode |= Q(**{name: True})
    candidates = (
        in_language(public(ExpertProfilePage.objects.live()), need.locale)
        .filter(Q(skills__in=skill_ids) | Q(themes=need.theme_id))
        .annotate(
            shared_skills=Count("tagged_skills", filter=Q(tagged_skills__tag__in=skill_ids), distinct=True),
            shared_theme=Count("themes", filter=Q(themes=need.theme_id), distinct=True),
            shared_languages=Count("languages", filter=Q(languages__in=language_ids), distinct=True),
        )
        .distinct()
    )
    scored = []
    for expert in candidates.order_by("-shared_skills", "-shared_theme", "pk").prefetch_related("skills", "languages")[
        :CANDIDATES
    ]:
        mode_fit = any(getattr(expert, name) for name in mode_fields + extra_offers)
        score = (
            SKILL_POINTS * len(shared_skill_names(need_skills, expert.skills.all()))
            + THEME_POINTS * expert.shared_theme
            + LANGUAGE_POINTS * expert.shared_languages
            + MODE_POINTS * mode_fit
        )
        scored.append((expert, score, mode_fit))
    if not scored:
        return []
    relevance = _relevance_order(
        ExpertProfilePage.objects.live().filter(pk__in=[e.pk for e, _s, _m in scored]), f"{need.title} {need.summary}"
    )
    scored.sort(key=lambda item: (-item[1], relevance.get(item[0].pk, CANDIDATES), item[0].title))
    matches = []
    for expert, score, mode_fit in scored[:limit]:
        skills = shared_skill_names(need_skills, expert.skills.all())
        theme = theme_name(need.theme) if expert.shared_theme else None
        languages = [
            str(need_languages[language.pk]) for language in expert.languages.all() if language.pk in need_languages
        ]
        mode = _("peut intervenir selon le mode demandé") if mode_fit else None
        matches.append(Match(expert, score, _reasons(skills, theme, languages, mode)))
    return matches


def needs_for_expert(expert, limit=6):
    """Published need sheets where `expert` could help, best first, with the reasons."""
    expert_skills = list(expert.skills.all())
    expert_languages = {language.pk: language.name for language in expert.languages.all()}
    skill_ids, language_ids = list(vocabulary.same_skills(tag.pk for tag in expert_skills)), list(expert_languages)
    theme_ids = [theme.pk for theme in expert.themes.all()]
    if not skill_ids and not theme_ids:
        return []
    candidates = (
        in_language(public(NeedPage.objects.live()), expert.locale)
        .exclude(status__in=NeedPage.ENDED_STATUSES)
        .filter(Q(skills__in=skill_ids) | Q(theme__in=theme_ids))
        .annotate(
            shared_skills=Count("tagged_skills", filter=Q(tagged_skills__tag__in=skill_ids), distinct=True),
            shared_languages=Count("languages", filter=Q(languages__in=language_ids), distinct=True),
        )
        .select_related("theme")
        .distinct()
    )
    scored = []
    for need in candidates.order_by("-shared_skills", "pk").prefetch_related("skills", "languages")[:CANDIDATES]:
        shared_theme = need.theme_id in theme_ids
        mode_fields = MODES_FOR_NEED.get(need.engagement_mode, [])
        extra_offers = [offer for flag, offer in OFFER_FOR_NEED_TYPE.items() if getattr(need, flag)]
        mode_fit = any(getattr(expert, name) for name in mode_fields + extra_offers)
        score = (
            SKILL_POINTS * len(shared_skill_names(need.skills.all(), expert_skills))
            + THEME_POINTS * shared_theme
            + LANGUAGE_POINTS * need.shared_languages
            + MODE_POINTS * mode_fit
        )
        scored.append((need, score, shared_theme, mode_fit))
    relevance = _relevance_order(
        NeedPage.objects.live().filter(pk__in=[n.pk for n, *_rest in scored]), f"{expert.headline} {expert.title}"
    )
    scored.sort(key=lambda item: (-item[1], relevance.get(item[0].pk, CANDIDATES), item[0].title))
    matches = []
    for need, score, shared_theme, mode_fit in scored[:limit]:
        skills = shared_skill_names(need.skills.all(), expert_skills)
        languages = [
            str(expert_languages[language.pk]) for language in need.languages.all() if language.pk in expert_languages
        ]
        theme = theme_name(need.theme) if shared_theme and need.theme else None
        mode = _("le mode d’engagement vous convient") if mode_fit else None
        matches.append(Match(need, score, _reasons(skills, theme, languages, mode)))
    return matches
