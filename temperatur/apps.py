from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TemperaturConfig(AppConfig):
    """The project package as an app of its own: it holds the site-wide models."""

    name = "temperatur"
    verbose_name = _("Websted")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Every process that can change content (web workers, `seed`, `loaddata`, the shell,
        # imports) must bump the page cache's content version and the version of the
        # reference tables the processes keep, so connect their receivers here. The same
        # processes store text: it is made safe for every output before each save.
        from temperatur.core import tables, text  # noqa: F401
        from temperatur.web import cache  # noqa: F401
