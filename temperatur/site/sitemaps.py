"""sitemap.xml: every published page of the site in both languages, and nothing that is not
published."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from challenges.models import ChallengeArea
from projects.models import Municipality, Project
from resources.models import Resource


class PageSitemap(Sitemap):
    """Each page in Danish and in English, with the other as its alternate (hreflang)."""

    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(PageSitemap):
    """The pages that always exist: front, about, the lists, the temperature, the advice,
    the guide, the regional picture and the open data."""

    def items(self):
        return [
            "home",
            "about",
            "projects:list",
            "challenges:temperature",
            "resources:advice",
            "resources:guide",
            "resources:list",
            "regions",
            "opendata",
        ]

    def location(self, item):
        return reverse(item)


class ProjectSitemap(PageSitemap):
    def items(self):
        return Project.objects.published().order_by("slug")

    def lastmod(self, project):
        return project.published_changed_at


class MunicipalitySitemap(PageSitemap):
    """A municipality's page exists while it leads or joins a published project."""

    def items(self):
        published = Project.objects.published()
        return (
            Municipality.objects.select_related("region")
            .filter(
                Exists(published.filter(lead_municipality=OuterRef("pk")))
                | Exists(published.filter(municipalities=OuterRef("pk")))
            )
            .order_by("region__slug", "slug")
        )

    def location(self, municipality):
        return reverse("municipality", args=[municipality.region.slug, municipality.slug])


class AreaSitemap(PageSitemap):
    def items(self):
        return ChallengeArea.objects.order_by("order", "slug")


class ResourceSitemap(PageSitemap):
    def items(self):
        return Resource.objects.published().order_by("slug")

    def lastmod(self, resource):
        return resource.published_changed_at


SITEMAPS = {
    "pages": StaticSitemap,
    "projects": ProjectSitemap,
    "municipalities": MunicipalitySitemap,
    "areas": AreaSitemap,
    "resources": ResourceSitemap,
}
