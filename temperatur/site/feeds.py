"""Atom feeds of what is new: published projects, published resources and measurements.

Projects and resources come newest first by their last change the public saw
(``published_changed_at``: publishing moves it, saving a draft or a change waiting for
review does not), measurements by the day they were published. Each feed is one query.

Titles and summaries are plain text, and the feeds say so (``<summary type="text">``): a
reader shows »<b>« as the characters an editor typed, never as markup. The XML writer
escapes each text exactly once, and leaves out any character XML cannot carry, so no
stored text can break a feed.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.http import require_safe

from challenges.models import Measurement
from projects.models import Project
from resources.models import Resource
from temperatur.core.text import xml_safe

FEED_ITEMS = 30


class XMLSafeGenerator(SimplerXMLGenerator):
    """Writes text and attribute values without the characters XML 1.0 forbids."""

    def characters(self, content):
        super().characters(xml_safe(content))

    def startElement(self, name, attrs):
        super().startElement(name, {key: xml_safe(value) for key, value in (attrs or {}).items()})


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose summaries are plain text and whose every text is XML-safe."""

    def write(self, outfile, encoding):
        handler = XMLSafeGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


# Newest public change first; rows never changed since they were loaded (no date) last.
NEWEST_FIRST = (F("published_changed_at").desc(nulls_last=True), "-created_at", "-pk")


class _AtomFeed(Feed):
    feed_type = PlainTextAtomFeed

    @method_decorator(require_safe)  # GET and HEAD only, like every public page
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    def item_title(self, item):
        # Plain text; the XML writer escapes it (Django's default escapes it twice).
        return str(item)

    def item_description(self, item):
        return item.summary


class ProjectFeed(_AtomFeed):
    title = _("Temperatur: nye og opdaterede projekter")
    subtitle = _("Offentliggjorte AI-signaturprojekter i kommuner og regioner, nyeste først.")
    link = reverse_lazy("projects:list")

    def items(self):
        return (
            Project.objects.published()
            .only("slug", "title", "summary", "created_at", "published_changed_at")
            .order_by(*NEWEST_FIRST)[:FEED_ITEMS]
        )

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.published_changed_at or item.created_at


class ResourceFeed(_AtomFeed):
    title = _("Temperatur: nye og opdaterede ressourcer")
    subtitle = _("Offentliggjorte værktøjer, cases og rapporter, nyeste først.")
    link = reverse_lazy("resources:list")

    def items(self):
        return (
            Resource.objects.published()
            .only("slug", "kind", "title", "summary", "created_at", "published_changed_at")
            .order_by(*NEWEST_FIRST)[:FEED_ITEMS]
        )

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.published_changed_at or item.created_at

    def item_categories(self, item):
        return [item.get_kind_display()]


class MeasurementFeed(_AtomFeed):
    title = _("Temperatur: nye målinger")
    subtitle = _("Målinger af de udfordringer, projekterne møder, nyeste først.")
    link = reverse_lazy("challenges:temperature")

    def items(self):
        return Measurement.objects.order_by("-published_on", "-pk")[:FEED_ITEMS]

    def item_link(self, item):
        # The temperature within this measurement: a measurement has no page of its own.
        return reverse("challenges:temperature") + f"?measurement={item.slug}"

    def _published(self, item):
        midnight = datetime.datetime.combine(item.published_on, datetime.time())
        return timezone.make_aware(midnight)

    def item_pubdate(self, item):
        return self._published(item)

    def item_updateddate(self, item):
        return self._published(item)
