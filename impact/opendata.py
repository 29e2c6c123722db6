"""The need sheets as open data: CSV, JSON and IATI activity XML (2.03), public fields only,
one row per need sheet (its source language)."""

import csv
import io
import json
import xml.etree.ElementTree as ET

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from wagtail.models import Locale

from community.profiles import richtext_to_text
from needs.models import NeedPage
from pages.models import TerritoryPage

FIELDS = [
    "id",
    "title",
    "url",
    "summary",
    "region_code",
    "province_code",
    "commune_code",
    "commune",
    "locality",
    "local_actor",
    "theme",
    "sector_code",
    "need_types",
    "skills",
    "status",
    "maturity",
    "estimated_budget_mad",
    "funds_secured_mad",
    "funding_gap_mad",
    "beneficiaries",
    "women_share",
    "deadline",
    "first_published_at",
    "last_published_at",
]
# IATI activity status codes: 1 pipeline, 2 implementation, 3 finalisation, 5 cancelled.
IATI_STATUS = {"identified": "1", "seeking": "1", "in_progress": "2", "completed": "3", "closed": "5"}


def iso(moment):
    return moment.replace(microsecond=0).isoformat() if moment else None


def public_needs():
    needs = list(
        NeedPage.objects.live()
        .filter(locale=Locale.get_default())
        .select_related("theme")
        .prefetch_related("skills")
        .order_by("id")
    )
    communes = dict(
        TerritoryPage.objects.filter(
            hcp_code__in={n.commune_code for n in needs}, locale=Locale.get_default()
        ).values_list("hcp_code", "title")
    )
    for need in needs:
        yield (
            need,
            {
                "id": need.pk,
                "title": need.title,
                "url": settings.SITE_URL + (need.url or ""),
                "summary": need.summary,
                "region_code": need.region_code,
                "province_code": need.province_code,
                "commune_code": need.commune_code,
                "commune": communes.get(need.commune_code, ""),
                "locality": need.locality,
                "local_actor": need.local_actor,
                "theme": need.theme.name if need.theme else "",
                "sector_code": need.sector_code,
                "need_types": need.need_types,
                "skills": need.skill_names,
                "status": need.status,
                "maturity": need.maturity,
                "estimated_budget_mad": need.estimated_budget,
                "funds_secured_mad": need.funds_secured,
                "funding_gap_mad": need.funding_gap,
                "beneficiaries": need.beneficiaries,
                "women_share": need.women_share,
                "deadline": need.deadline.isoformat() if need.deadline else None,
                "first_published_at": need.first_published_at.isoformat() if need.first_published_at else None,
                "last_published_at": need.last_published_at.isoformat() if need.last_published_at else None,
            },
        )


def download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def needs_csv(request):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=FIELDS)
    writer.writeheader()
    for _need, row in public_needs():
        writer.writerow({**row, "need_types": "|".join(row["need_types"]), "skills": "|".join(row["skills"])})
    return download(buffer.getvalue(), "text/csv; charset=utf-8", "cds-besoins.csv")


def needs_json(request):
    data = {
        "generated_at": timezone.now().isoformat(),
        "licence": "CC BY 4.0",
        "needs": [row for _n, row in public_needs()],
    }
    return download(
        json.dumps(data, ensure_ascii=False, indent=1), "application/json; charset=utf-8", "cds-besoins.json"
    )


def narrative(parent, tag, text, lang="fr"):
    element = ET.SubElement(parent, tag)
    node = ET.SubElement(element, "narrative", {"xml:lang": lang})
    node.text = text
    return element


def needs_iati(request):
    now = timezone.now().replace(microsecond=0).isoformat()
    root = ET.Element("iati-activities", {"version": "2.03", "generated-datetime": now})
    for need, row in public_needs():
        activity = ET.SubElement(
            root,
            "iati-activity",
            {"last-updated-datetime": row["last_published_at"] or now, "xml:lang": "fr", "default-currency": "MAD"},
        )
        reporting_org = settings.IATI_REPORTING_ORG  # the publishing NGO's IATI identifier
        ET.SubElement(activity, "iati-identifier").text = f"{reporting_org}-{need.pk}"
        org = ET.SubElement(activity, "reporting-org", {"ref": reporting_org, "type": "22"})
        ET.SubElement(org, "narrative").text = settings.WAGTAIL_SITE_NAME
        narrative(activity, "title", need.title)
        description = narrative(activity, "description", need.summary)
        description.set("type", "1")
        if need.description:
            narrative(activity, "description", richtext_to_text(need.description)).set("type", "2")
        participating = ET.SubElement(activity, "participating-org", {"role": "4", "type": "10"})
        ET.SubElement(participating, "narrative").text = row["commune"]
        ET.SubElement(activity, "activity-status", {"code": IATI_STATUS.get(need.status, "1")})
        if need.first_published_at:
            ET.SubElement(
                activity, "activity-date", {"type": "1", "iso-date": need.first_published_at.date().isoformat()}
            )
        ET.SubElement(activity, "recipient-country", {"code": "MA", "percentage": "100"})
        # The commune's HCP code is the platform's own reference (@ref): IATI's location
        # vocabularies (GeoNames, OpenStreetMap…) do not know it.
        location = ET.SubElement(activity, "location", {"ref": f"HCP-{need.commune_code}"})
        name = ET.SubElement(location, "name")
        ET.SubElement(name, "narrative").text = ", ".join(p for p in (need.locality, row["commune"]) if p)
        if need.sector_code:
            ET.SubElement(activity, "sector", {"vocabulary": "1", "code": need.sector_code, "percentage": "100"})
        if need.estimated_budget is not None and need.deadline and need.first_published_at:
            budget = ET.SubElement(activity, "budget", {"type": "1", "status": "1"})
            ET.SubElement(budget, "period-start", {"iso-date": need.first_published_at.date().isoformat()})
            ET.SubElement(budget, "period-end", {"iso-date": need.deadline.isoformat()})
            ET.SubElement(
                budget, "value", {"currency": "MAD", "value-date": need.first_published_at.date().isoformat()}
            ).text = str(need.estimated_budget)
        link = ET.SubElement(activity, "document-link", {"format": "text/html", "url": row["url"]})
        narrative(link, "title", need.title)
        ET.SubElement(link, "category", {"code": "A12"})  # the activity's web page
        ET.SubElement(link, "language", {"code": "fr"})
    ET.indent(root)
    content = ET.tostring(root, encoding="unicode", xml_declaration=True)
    return download(content, "application/xml; charset=utf-8", "cds-besoins-iati.xml")
