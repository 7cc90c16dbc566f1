"""sitemap.xml: every published page of the site in both languages, and nothing that is not
published: the pages that always exist, and what each app declares (``<app>/public.py``)."""

from django.urls import reverse

from temperatur.site import assembly
from temperatur.web.sitemaps import PageSitemap

# The site's own pages around the apps' lists (the regional picture's address is the site's).
SITE_PAGES_FIRST = ("home", "about")
SITE_PAGES_LAST = ("regions", "opendata")


class StaticSitemap(PageSitemap):
    """The pages that always exist: front, about, each app's lists (the temperature, the
    advice, the guide …), the regional picture and the open data."""

    def items(self):
        return [*SITE_PAGES_FIRST, *assembly.collect("pages"), *SITE_PAGES_LAST]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": StaticSitemap, **assembly.merged("sitemaps")}
