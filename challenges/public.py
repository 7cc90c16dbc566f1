"""What the challenges app puts on the public site (``temperatur.core.public``): the
measurement feed, the area pages in the sitemap, areas and concrete challenges in the
site search, the areas and measurements in the open data and the fixtures."""

import datetime

from django.db.models import Prefetch
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from temperatur.core import search_hits
from temperatur.core.public import Feed, PublicOutputs, SearchKind, Section
from temperatur.web.feeds import FEED_ITEMS, AtomFeed
from temperatur.web.sitemaps import PageSitemap

from .catalogue import AreaFinding, Challenge, ChallengeArea, Measurement
from .models import ChallengeRecord, ProjectChallenge


class MeasurementFeed(AtomFeed):
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


class AreaSitemap(PageSitemap):
    def items(self):
        return ChallengeArea.objects.order_by("order", "slug")


CHALLENGES = Section(
    "challenges",
    Challenge,
    ("slug", "name", "description", "order"),
    None,
    _("Et områdes konkrete udfordringer (inde i området)."),
    parent_column="challenge_area",
)
FINDINGS = Section(
    "findings",
    AreaFinding,
    ("area", "rank", "projects_reporting", "summary", "quote"),
    None,
    _("Hvad en måling konkluderede om et område (inde i målingen)."),
    parent_column="measurement",
)

REFERENCE_SECTIONS = (
    Section(
        "challenge_areas",
        ChallengeArea,
        ("slug", "name", "description", "order"),
        lambda: ChallengeArea.objects.prefetch_related(
            Prefetch("challenges", queryset=Challenge.objects.order_by("order", "name"))
        ),
        _("Udfordringsområderne med deres konkrete udfordringer."),
        children=(CHALLENGES,),
    ),
    Section(
        "measurements",
        Measurement,
        (
            "slug",
            "name",
            "published_on",
            "publisher",
            "method",
            "projects_covered",
            "source_url",
            "summary",
        ),
        lambda: Measurement.objects.order_by("published_on", "pk").prefetch_related(
            Prefetch(
                "findings",
                queryset=AreaFinding.objects.select_related("area").order_by("rank", "area__order"),
            )
        ),
        _("Målingerne af udfordringerne, med deres konklusioner."),
        children=(FINDINGS,),
    ),
)

PUBLIC = PublicOutputs(
    feeds=(Feed("feeds/maalinger/", MeasurementFeed(), "feed_measurements"),),
    sitemaps={"areas": AreaSitemap},
    pages=("challenges:temperature",),
    search_kinds=(
        SearchKind(
            "omraade",
            _("Udfordringsområder"),
            search_hits.hit_columns("name", body="description"),
            ChallengeArea.objects.all,
            url=lambda row: reverse("challenges:area", args=[row["hit_slug"]]),
            label=lambda row: _("Udfordringsområde"),
        ),
        SearchKind(
            "udfordring",
            _("Konkrete udfordringer"),
            search_hits.hit_columns("name", body="description", extra="area__slug"),
            Challenge.objects.all,
            url=lambda row: (
                reverse("challenges:area", args=[row["hit_extra"]]) + "#challenges-heading"
            ),
            label=lambda row: _("Konkret udfordring"),
        ),
    ),
    reference_sections=REFERENCE_SECTIONS,
    reference_fixtures=("challenge_areas", "measurements"),
    reported_pages={
        "challenges:area": lambda slug: ChallengeArea.objects.filter(slug=slug).first(),
    },
    published_models=(ProjectChallenge, ChallengeRecord),
)
