"""sitemap.xml: every published page of the site, and nothing that is not published."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from challenges.models import ChallengeArea
from projects.models import Project
from resources.models import Resource


class StaticSitemap(Sitemap):
    """The pages that always exist: front, about, the lists, the temperature, the advice."""

    def items(self):
        return [
            "home",
            "about",
            "projects:list",
            "challenges:temperature",
            "resources:advice",
            "resources:list",
        ]

    def location(self, item):
        return reverse(item)


class ProjectSitemap(Sitemap):
    def items(self):
        return Project.objects.published().order_by("slug")

    def lastmod(self, project):
        return project.updated_at


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
    "areas": AreaSitemap,
    "resources": ResourceSitemap,
}
