from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TemperaturConfig(AppConfig):
    """The project package as an app of its own: it holds the site-wide models."""

    name = "temperatur"
    verbose_name = _("Websted")
    default_auto_field = "django.db.models.BigAutoField"
