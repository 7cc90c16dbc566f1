"""What the resources app puts on the public site (``temperatur.core.public``): the
resource feed and sitemap, advice and resources in the site search, in the open data and
in the fixtures."""

from django.db.models import Prefetch
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from projects.models import Project
from temperatur.core import search_hits
from temperatur.core.public import Feed, PublicOutputs, SearchKind, Section
from temperatur.web.feeds import PublishedContentFeed
from temperatur.web.sitemaps import PublishedSitemap

from .filters import search_related
from .models import Advice, Resource


class ResourceFeed(PublishedContentFeed):
    model = Resource
    fields = ("slug", "kind", "title", "summary", "created_at", "published_changed_at")
    title = _("Temperatur: nye og opdaterede ressourcer")
    subtitle = _("Offentliggjorte værktøjer, cases og rapporter, nyeste først.")
    link = reverse_lazy("resources:list")

    def item_categories(self, item):
        return [item.get_kind_display()]


class ResourceSitemap(PublishedSitemap):
    model = Resource


def _resource_label(row):
    label = _("Ressource")
    if row["hit_extra"] in Resource.Kind.values:
        return f"{label} · {Resource.Kind(row['hit_extra']).label}"
    return label


CONTENT_SECTIONS = (
    Section(
        "advice",
        Advice,
        ("number", "slug", "title", "body", "areas", "published_changed_at"),
        lambda: Advice.objects.published().prefetch_related("areas").order_by("number"),
        _("De offentliggjorte gode råd."),
    ),
    Section(
        "resources",
        Resource,
        (
            "slug",
            "kind",
            "title",
            "summary",
            "body",
            "url",
            "publisher_organisation",
            "publisher_municipality",
            "publisher_region",
            "year",
            "areas",
            "projects",
            "is_synthetic",
            "created_at",
            "published_changed_at",
        ),
        lambda: (
            Resource.objects.published()
            .select_related("publisher_organisation", "publisher_municipality", "publisher_region")
            .prefetch_related(
                "areas",
                Prefetch("projects", queryset=Project.objects.published().order_by("slug")),
            )
            .order_by("kind", "title", "slug")
        ),
        _("De offentliggjorte værktøjer, cases og rapporter."),
    ),
)

PUBLIC = PublicOutputs(
    feeds=(Feed("feeds/ressourcer/", ResourceFeed(), "feed_resources"),),
    sitemaps={"resources": ResourceSitemap},
    pages=("resources:advice", "resources:guide", "resources:list"),
    search_kinds=(
        SearchKind(
            "raad",
            _("Gode råd"),
            search_hits.hit_columns("title", body="body"),
            Advice.objects.published,
            url=lambda row: reverse("resources:advice") + f"#{row['hit_slug']}",
            label=lambda row: _("Godt råd"),
        ),
        SearchKind(
            "ressource",
            _("Ressourcer"),
            search_hits.hit_columns("title", "summary", "body", "kind"),
            Resource.objects.published,
            related=search_related,
            url=lambda row: reverse("resources:detail", args=[row["hit_slug"]]),
            label=_resource_label,
        ),
    ),
    content_sections=CONTENT_SECTIONS,
    content_fixtures=("advice", "resources"),
    reported_pages={
        "resources:detail": lambda slug: Resource.objects.published().filter(slug=slug).first(),
    },
    published_models=(Advice, Resource),
    synthetic=(lambda: Resource.objects.filter(is_synthetic=True),),
)
