from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.v2 import router as api_v2_router
from api.v3 import api as api_v3
from cds import health
from search import views as search_views

urlpatterns = [
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v2/", api_v2_router.urls),
    path("api/v3/", api_v3.urls),
]

if settings.DEBUG:
    # Only the images' renditions, as the production proxy does (docs/production.md): original
    # uploads and documents are never at a public URL; documents go through /documents/.
    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images")

# French is the default language and keeps unprefixed URLs; /ar/, /en/ and /zgh/ for the others.
urlpatterns += i18n_patterns(
    path("recherche/", search_views.site_search, name="search"),
    path("recherche/suggestions/", search_views.suggestions, name="search_suggestions"),
    path("compte/", include("allauth.urls")),
    path("espace/", include("community.urls")),
    path("espace/apprendre/", include("learning.urls")),
    # Wagtail's own front-end login is the site's (accounts/doors.py).
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
