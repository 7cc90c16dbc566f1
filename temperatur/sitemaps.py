"""sitemap.xml: every published page of the site, and nothing that is not published."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from challenges.models import ChallengeArea
from projects.models import Municipality, Project
from resources.models import Resource


class StaticSitemap(Sitemap):
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


class ProjectSitemap(Sitemap):
    def items(self):
        return Project.objects.published().order_by("slug")

    def lastmod(self, project):
        return project.updated_at


class MunicipalitySitemap(Sitemap):
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


class AreaSitemap(Sitemap):
    def items(self):
        return ChallengeArea.objects.order_by("order", "slug")


class ResourceSitemap(Sitemap):
    def items(self):
        return Resource.objects.published().order_by("slug")

    def lastmod(self, resource):
        return resource.updated_at


SITEMAPS = {
    "pages": StaticSitemap,
    "projects": ProjectSitemap,
    "municipalities": MunicipalitySitemap,
    "areas": AreaSitemap,
    "resources": ResourceSitemap,
}
