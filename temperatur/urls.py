from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Temperatur – redaktion")
admin.site.site_title = _("Temperatur")
admin.site.index_title = _("Indhold")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("projekter/", include("projects.urls")),
    path("udfordringer/", include("challenges.urls")),
    path("", include("resources.urls")),
]
