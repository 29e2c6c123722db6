from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.v2 import router as api_v2_router
from api.v3 import api as api_v3
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v2/", api_v2_router.urls),
    path("api/v3/", api_v3.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# French is the default language and keeps unprefixed URLs; /ar/, /en/ and /zgh/ for the others.
urlpatterns += i18n_patterns(
    path("recherche/", search_views.site_search, name="search"),
    path("recherche/suggestions/", search_views.suggestions, name="search_suggestions"),
    path("compte/", include("allauth.urls")),
    path("espace/", include("community.urls")),
    path("espace/apprendre/", include("learning.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
