"""The platform's staff roles as Django groups with Wagtail permissions.

| role | group | page permissions |
|---|---|---|
| community manager | "Animation de la communauté" | add, change, publish, lock, unlock, delete on the whole site |
| commune editor | one group per commune | add and change under their own commune only; publishing goes through moderation |

Every function here is idempotent: the setup and import commands call them on every run.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

COMMUNITY_MANAGERS = "Animation de la communauté"
MANAGER_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "delete_page",
]
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
# Model permissions of the community manager beyond pages and media: taxonomy and private data.
MANAGER_MODEL_PERMISSIONS = [
    ("pages", "theme"),
    ("pages", "term"),
    ("needs", "needcontact"),
    ("experts", "expertprivatedetails"),
    ("wagtailimages", "image"),
    ("wagtaildocs", "document"),
    ("community", "offerevent"),
    ("community", "message"),
    ("impact", "adctraining"),
    ("impact", "impacttargets"),
    ("learning", "post"),
    ("learning", "reply"),
    ("learning", "report"),
    ("learning", "eventregistration"),
]
# Offers change through their own steps (community/offers.py), invitations are sent from the
# site (community/invitations.py): the admin lists and inspects them.
MANAGER_EXTRA_PERMISSIONS = [
    ("community", "view_offer"),
    ("community", "change_offer"),
    ("community", "view_invitation"),
    ("needs", "view_stagechange"),
    ("outbox", "view_outgoingemail"),
]


def _permissions(pairs):
    query = Q()
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query))


def _page_permissions(codenames):
    return list(Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames))


def _grant_pages(group, pages, codenames):
    pages = list(pages)
    permissions = _page_permissions(codenames)
    existing = set(
        GroupPagePermission.objects.filter(group=group, page__in=pages).values_list("page_id", "permission_id")
    )
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page=page, permission=permission)
            for page in pages
            for permission in permissions
            if (page.pk, permission.pk) not in existing
        ]
    )


def _grant_media(group):
    root = Collection.get_first_root_node()
    existing = set(
        GroupCollectionPermission.objects.filter(group=group, collection=root).values_list("permission_id", flat=True)
    )
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(group=group, collection=root, permission=permission)
            for permission in _permissions(MEDIA_PERMISSIONS)
            if permission.pk not in existing
        ]
    )


def ensure_community_managers(site_root):
    """The community managers' group: they run the whole site and moderate the communes."""
    group, _created = Group.objects.get_or_create(name=COMMUNITY_MANAGERS)
    model_permissions = Permission.objects.none()
    for app_label, model in MANAGER_MODEL_PERMISSIONS:
        model_permissions |= Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
    group.permissions.add(
        *_permissions([("wagtailadmin", "access_admin"), *MANAGER_EXTRA_PERMISSIONS]), *model_permissions
    )
    _grant_pages(group, [site_root], MANAGER_PAGE_PERMISSIONS)
    _grant_media(group)
    return group


def commune_editors_group_name(commune):
    return f"Commune {commune.title} ({commune.hcp_code}) — éditeurs"


def ensure_commune_editors(commune, access_admin=None, translations=None):
    """The editors group of one commune, whose page permissions cover exactly its subtree, in
    every language (they may translate their commune's page)."""
    group = commune.editors_group
    if group is None:
        group, _created = Group.objects.get_or_create(name=commune_editors_group_name(commune))
        type(commune).objects.filter(pk=commune.pk).update(editors_group=group)
        commune.editors_group = group
    if access_admin is None:
        access_admin = _permissions([("wagtailadmin", "access_admin")])
    group.permissions.add(*access_admin)
    if translations is None:
        translations = commune.get_translations(inclusive=True)
    _grant_pages(group, translations, EDITOR_PAGE_PERMISSIONS)
    _grant_media(group)
    return group
