"""The sitemaps' common ground: each page in Danish and in English."""

from django.contrib.sitemaps import Sitemap


class PageSitemap(Sitemap):
    """Each page in Danish and in English, with the other as its alternate (hreflang)."""

    i18n = True
    alternates = True
    x_default = True


class PublishedSitemap(PageSitemap):
    """The published rows of ``model``, dated by their last public change."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("slug")

    def lastmod(self, row):
        return row.published_changed_at
