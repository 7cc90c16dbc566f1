from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from challenges import views as challenges_views
from projects import views as project_views
from temperatur.editors import admin_export
from temperatur.site import feedback, feeds, opendata, views
from temperatur.site.sitemaps import SITEMAPS
from temperatur.web import language

admin.site.site_header = _("Temperatur – redaktion")
admin.site.site_title = _("Temperatur")
admin.site.index_title = _("Indhold")

# Addresses with no language: the admin (in the editor's language), feeds, files and
# the language switch.
urlpatterns = [
    *feeds.urlpatterns(),
    path("data/temperatur.json", opendata.data_dump, name="opendata_dump"),
    path("data/temperatur-csv.zip", opendata.data_csv, name="opendata_csv"),
    path("sprog/<str:language>/", language.switch_language, name="switch_language"),
    path(
        "admin/eksport/<str:app_label>/<str:model_name>/",
        admin.site.admin_view(admin_export.export_changelist),
        name="admin_export",
    ),
    path("admin/", admin.site.urls),
    path("healthz/", include("temperatur.web.health")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]

# The pages: Danish at /…, English at /en/… (temperatur/language.py).
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("om/", views.about, name="about"),
    path("soeg/", views.search_view, name="search"),
    path("data/", opendata.data_page, name="opendata"),
    path("fejl/", feedback.feedback_view, name="feedback"),
    path("projekter/", include("projects.urls")),
    path("udfordringer/", include("challenges.urls")),
    path("regioner/", challenges_views.region_overview, name="regions"),
    path(
        "regioner/<slug:region>/<slug:slug>/",
        project_views.municipality_detail,
        name="municipality",
    ),
    path("", include("resources.urls")),
    prefix_default_language=False,
)
