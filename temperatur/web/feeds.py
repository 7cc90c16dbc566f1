"""The Atom feeds' common ground: plain-text summaries and XML-safe text.

Titles and summaries are plain text, and the feeds say so (``<summary type="text">``): a
reader shows »<b>« as the characters an editor typed, never as markup. The XML writer
escapes each text exactly once, and leaves out any character XML cannot carry, so no
stored text can break a feed. Each app declares its own feed (``<app>/public.py``).
"""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.http import require_safe

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


class AtomFeed(Feed):
    feed_type = PlainTextAtomFeed

    @method_decorator(require_safe)  # GET and HEAD only, like every public page
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    def item_title(self, item):
        # Plain text; the XML writer escapes it (Django's default escapes it twice).
        return str(item)

    def item_description(self, item):
        return item.summary


class PublishedContentFeed(AtomFeed):
    """The newest published rows of ``model`` by their last public change."""

    model = None
    fields = ("slug", "title", "summary", "created_at", "published_changed_at")

    def items(self):
        return (
            self.model.objects.published().only(*self.fields).order_by(*NEWEST_FIRST)[:FEED_ITEMS]
        )

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.published_changed_at or item.created_at
