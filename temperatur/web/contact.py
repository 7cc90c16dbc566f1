"""The site's own contact: how a reader reaches the editors, shown on every page.

``CONTACT_URL`` (a contact page) when set, else ``CONTACT_EMAIL``, else the readers' form
(``/fejl/`` without a page, temperatur/feedback.py), which always works. Pages point here
wherever they know no public contact of their own (a project without one, a resource
without an address). Imports no app.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class SiteContact:
    url: str
    label: str  # what the link says
    kind: str  # "url", "email" or "form"


def site_contact():
    if settings.CONTACT_URL:
        return SiteContact(settings.CONTACT_URL, _("Kontakt redaktionen"), "url")
    if settings.CONTACT_EMAIL:
        return SiteContact(f"mailto:{settings.CONTACT_EMAIL}", settings.CONTACT_EMAIL, "email")
    return SiteContact(reverse("feedback"), _("Skriv til redaktionen"), "form")
