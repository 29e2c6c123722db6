"""The four indicators of the seeds, computed from the platform's own data — never typed in.

| indicator | computed as (one query each) |
|---|---|
| migrants mobilised | distinct expert profiles with at least one offer accepted in the period and still accepted, in progress or completed (`engaged_offers`) |
| communes engaged | distinct communes with a live need sheet first published in the period and at least one active editor account that has logged in (`communes_engaged`) |
| communes with a trained ADC | distinct communes with an ADC training completed in the period (`communes_trained`, recorded by the community manager) |
| local actors linked with migrants | distinct (local actor, expert) pairs among the engaged offers; the local actor is the need sheet's « porteur local » when given, else its commune (`local_links`) |

A period is [start, end] (dates, both included); no start means since the beginning. An offer's
date is the day the commune accepted it. Experts who deleted their account are no longer counted
(their offers stay, anonymised, with no profile to count).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from community.models import Offer
from experts.models import ExpertPrivateDetails
from needs.models import NeedPage
from pages.models import TerritoryPage, Theme

from .models import AdcTraining

SMALL_GROUP = 5  # gender groups smaller than this are not shown


@dataclass
class Period:
    start: datetime.date | None = None
    end: datetime.date = field(default_factory=timezone.localdate)

    def bounds(self):
        """Aware datetimes [start, end + 1 day) in the site's time zone."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.start, datetime.time.min, tz) if self.start else None
        end = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tz)
        return start, end

    def q(self, lookup):
        start, end = self.bounds()
        query = Q(**{f"{lookup}__lt": end})
        if start is not None:
            query &= Q(**{f"{lookup}__gte": start})
        return query


def engaged_offers(period):
    """The offers that count: accepted in the period, still accepted, in progress or completed,
    with their expert profile; one row each with what the breakdowns need."""
    rows = (
        Offer.objects.filter(status__in=Offer.ENGAGED, expert__isnull=False)
        .annotate(accepted_at=Min("events__at", filter=Q(events__status=Offer.Status.ACCEPTED)))
        .filter(period.q("accepted_at"))
        .values(
            "id",
            "expert_id",
            "accepted_at",
            "need__commune_code",
            "need__province_code",
            "need__region_code",
            "need__theme_id",
            "need__local_actor",
        )
    )
    return list(rows)


def communes_engaged(period):
    """{commune code: the day its first need sheet of the period was published}."""
    editors = get_user_model().objects.filter(is_active=True, last_login__isnull=False)
    first_needs = dict(
        NeedPage.objects.live()
        .filter(period.q("first_published_at"), locale=Locale.get_default())
        .order_by()
        .values("commune_code")
        .annotate(first=Min("first_published_at"))
        .values_list("commune_code", "first")
    )
    engaged = TerritoryPage.objects.filter(
        hcp_code__in=first_needs, locale=Locale.get_default(), editors_group__user__in=editors
    ).values_list("hcp_code", flat=True)
    return {code: local_day(first_needs[code]) for code in set(engaged)}


def communes_trained(period):
    """{commune code: the day its first training of the period was completed}."""
    start, end = period.start, period.end
    trainings = AdcTraining.objects.filter(completed_on__lte=end)
    if start:
        trainings = trainings.filter(completed_on__gte=start)
    return dict(
        trainings.order_by()
        .values("commune__hcp_code")
        .annotate(first=Min("completed_on"))
        .values_list("commune__hcp_code", "first")
    )


def local_actor_of(row):
    return (row["need__commune_code"], (row["need__local_actor"] or "").strip().casefold())


def local_day(moment):
    return timezone.localtime(moment).date()


def first_days(offers, key):
    """{key(row): the day the first of its offers was accepted}."""
    first = {}
    for row in offers:
        day = local_day(row["accepted_at"])
        first[key(row)] = min(first.get(key(row), day), day)
    return first


def migrants_mobilised(offers):
    return first_days(offers, lambda row: row["expert_id"])


def local_links(offers):
    """{(local actor, expert): the day they were first linked}."""
    return first_days(offers, lambda row: (local_actor_of(row), row["expert_id"]))


@dataclass
class Indicator:
    key: str
    label: str
    value: int
    target: int
    definition: str
    trend: list = field(default_factory=list)

    @property
    def percent(self):
        if not self.target:
            return 100
        return min(round(100 * self.value / self.target), 100)

    @property
    def reached(self):
        return self.value >= self.target


def indicators(period, targets):
    """The four indicators, each with its month-by-month trend, and the engaged offers."""
    offers = engaged_offers(period)
    counted = {
        "migrants_mobilised": migrants_mobilised(offers),
        "communes_engaged": communes_engaged(period),
        "communes_trained": communes_trained(period),
        "local_links": local_links(offers),
    }
    items = [
        Indicator(
            "migrants_mobilised",
            _("Migrants mobilisés"),
            len(counted["migrants_mobilised"]),
            targets.migrants_mobilised,
            _("Experts dont au moins une offre a été acceptée par une commune."),
        ),
        Indicator(
            "communes_engaged",
            _("Communes engagées"),
            len(counted["communes_engaged"]),
            targets.communes_engaged,
            _("Communes ayant publié un besoin, avec un compte d’élu ou d’agent actif."),
        ),
        Indicator(
            "communes_trained",
            _("Communes avec un ADC formé"),
            len(counted["communes_trained"]),
            targets.communes_trained,
            _("Communes dont un agent de développement a terminé une formation du projet."),
        ),
        Indicator(
            "local_links",
            _("Acteurs locaux liés à des migrants"),
            len(counted["local_links"]),
            targets.local_links,
            _("Paires distinctes (acteur local ou commune, expert) réunies par une offre acceptée."),
        ),
    ]
    for item in items:
        item.trend = cumulative_by_month(counted[item.key], period.end)
    return items, offers


def suppress_small_groups(counts, threshold=SMALL_GROUP):
    """Counts by group with every group under `threshold` hidden (None), zero included (a zero
    beside a small group would give the small group away). When exactly one group is hidden, the
    next smallest is hidden too, so that no hidden count can be worked out from the total."""
    shown = {key: (value if value >= threshold else None) for key, value in counts.items()}
    hidden = [key for key, value in shown.items() if value is None]
    if len(hidden) == 1:
        visible = sorted((value, key) for key, value in shown.items() if value is not None)
        if visible:
            shown[visible[0][1]] = None
    return shown


def breakdowns(offers):
    """Migrants mobilised by gender (small groups hidden), region, province and theme."""
    experts = {row["expert_id"] for row in offers}
    genders = dict(ExpertPrivateDetails.objects.filter(profile_id__in=experts).values_list("profile_id", "gender"))
    gender_counts = Counter(genders.get(expert, ExpertPrivateDetails.Gender.UNSAID) for expert in experts)
    by_gender = suppress_small_groups(
        {value: gender_counts.get(value, 0) for value in ExpertPrivateDetails.Gender.values}
    )

    def distinct_experts_by(key):
        groups = defaultdict(set)
        for row in offers:
            groups[row[key]].add(row["expert_id"])
        return {group: len(members) for group, members in groups.items() if group}

    regions = distinct_experts_by("need__region_code")
    provinces = distinct_experts_by("need__province_code")
    themes = distinct_experts_by("need__theme_id")
    names = dict(
        TerritoryPage.objects.filter(hcp_code__in=[*regions, *provinces], locale=Locale.get_default()).values_list(
            "hcp_code", "title"
        )
    )
    theme_names = dict(Theme.objects.filter(pk__in=themes).values_list("pk", "name"))
    labels = dict(ExpertPrivateDetails.Gender.choices)
    return {
        "gender": [(key, labels[key], value) for key, value in by_gender.items()],
        "region": sorted(((code, names.get(code, code), n) for code, n in regions.items()), key=lambda r: r[0]),
        "province": sorted(((code, names.get(code, code), n) for code, n in provinces.items()), key=lambda r: r[0]),
        "theme": sorted(((pk, theme_names.get(pk, ""), n) for pk, n in themes.items()), key=lambda r: str(r[1])),
    }


def months_between(start, end):
    month = datetime.date(start.year, start.month, 1)
    while month <= end:
        yield month
        month = datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def monthly_trend(offers, end, months=12):
    """For each of the last `months` months: migrants newly mobilised that month and the total
    so far (everyone mobilised up to the end of that month)."""
    return cumulative_by_month(migrants_mobilised(offers), end, months)


def cumulative_by_month(first_days, end, months=12):
    """For each of the last `months` months up to `end`: how many of `first_days`' keys first
    counted that month (`new`) and how many had by the end of it (`total`), with the bar's
    length in percent of the last total (`percent`)."""
    per_month = Counter(datetime.date(day.year, day.month, 1) for day in first_days.values())
    start = datetime.date(end.year, end.month, 1)
    for _i in range(months - 1):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    before = sum(count for month, count in per_month.items() if month < start)
    trend, total = [], before
    for month in months_between(start, end):
        total += per_month.get(month, 0)
        trend.append({"month": month, "new": per_month.get(month, 0), "total": total})
    top = max(total, 1)
    for month in trend:
        month["percent"] = round(100 * month["total"] / top)
    return trend
