from django.db import models
from django.db.models import Case, Count, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from challenges.models import ChallengeArea
from projects.models import Municipality, Organisation, Project, Region
from temperatur.core.history import ContentHistory
from temperatur.core.links import slug_url
from temperatur.core.naturalkeys import SlugNaturalKeyMixin, SlugQuerySet
from temperatur.core.references import optional_reference
from temperatur.core.workflow import (
    PublicationFields,
    PublicationMixin,
    PublicationQuerySetMixin,
    not_in_review_when_published,
)
from temperatur.core.years import MAX_YEAR, MIN_YEAR


class PublishedQuerySet(PublicationQuerySetMixin, SlugQuerySet):
    def published(self):
        return self.filter(is_published=True)


# The order in which a reader reaches resources (``ResourceQuerySet.reachable_first``).
REACHABLE_FIRST = ("reach", "title", "slug")


class ResourceQuerySet(PublishedQuerySet):
    def reachable_first(self):
        """The resources a reader can reach first: with a link, then with a text of their own
        (a summary or a body), then the rest; by title within each."""
        reach = Case(
            When(~Q(url=""), then=Value(0)),
            When(~Q(summary="") | ~Q(body=""), then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return self.alias(reach=reach).order_by(*REACHABLE_FIRST)

    def first_of_each_kind(self, limit):
        """The first ``limit`` resources of each kind, reachable first, each carrying
        ``of_its_kind``: how many of its kind there are in all. One query, which reads no
        more rows than it shows, however many resources there are."""
        kind = {"partition_by": F("kind")}
        return (
            self.reachable_first()
            .annotate(
                place=Window(RowNumber(), order_by=[F(name) for name in REACHABLE_FIRST], **kind),
                of_its_kind=Window(Count("pk"), **kind),
            )
            .filter(place__lte=limit)
        )


class Advice(PublicationMixin, SlugNaturalKeyMixin, models.Model):
    number = models.PositiveSmallIntegerField(
        _("nummer"), unique=True, help_text=_("Rådets nummer i rapportens rækkefølge.")
    )
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("kort navn i adresser"), max_length=200, unique=True)
    body = models.TextField(_("forklaring"), blank=True)
    areas = models.ManyToManyField(
        ChallengeArea,
        blank=True,
        related_name="advice",
        verbose_name=_("udfordringsområder"),
        help_text=_("De udfordringsområder, rådet hjælper med."),
    )
    publication = PublicationFields(created_at=False)

    objects = PublishedQuerySet.as_manager()
    history = ContentHistory(
        m2m_fields=["areas"],
        verbose_name=_("tidligere version af godt råd"),
        verbose_name_plural=_("tidligere versioner af gode råd"),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("godt råd")
        verbose_name_plural = _("gode råd")
        permissions = [("publish_advice", _("Kan offentliggøre gode råd"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1), name="resources_advice_number_positive"
            ),
            not_in_review_when_published("resources_advice_published_not_in_review"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("resources:advice") + f"#{self.slug}"


class Resource(PublicationMixin, SlugNaturalKeyMixin, models.Model):
    class Kind(models.TextChoices):
        TOOL = "vaerktoej", _("Værktøj")
        CASE = "case", _("Case")
        REPORT = "rapport", _("Rapport")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=250)
    slug = models.SlugField(_("kort navn i adresser"), max_length=250, unique=True)
    summary = models.TextField(_("resumé"), blank=True)
    body = models.TextField(_("tekst"), blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    publisher_organisation = optional_reference(
        Organisation, "resources", _("udgiver (organisation)")
    )
    publisher_municipality = optional_reference(Municipality, "resources", _("udgiver (kommune)"))
    publisher_region = optional_reference(Region, "resources", _("udgiver (region)"))
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    areas = models.ManyToManyField(
        ChallengeArea, blank=True, related_name="resources", verbose_name=_("udfordringsområder")
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="resources", verbose_name=_("projekter")
    )
    publication = PublicationFields(synthetic=True)

    objects = ResourceQuerySet.as_manager()
    history = ContentHistory(
        m2m_fields=["areas", "projects"],
        verbose_name=_("tidligere version af ressource"),
        verbose_name_plural=_("tidligere versioner af ressourcer"),
    )

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("ressource")
        verbose_name_plural = _("ressourcer")
        permissions = [("publish_resource", _("Kan offentliggøre ressourcer"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["vaerktoej", "case", "rapport"]),
                name="resources_resource_kind_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(publisher_organisation__isnull=True, publisher_municipality__isnull=True)
                    | Q(publisher_organisation__isnull=True, publisher_region__isnull=True)
                    | Q(publisher_municipality__isnull=True, publisher_region__isnull=True)
                ),
                name="resources_resource_one_publisher",
                violation_error_message=_(
                    "Vælg højst én udgiver: en organisation, en kommune eller en region."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="resources_resource_year_range",
            ),
            not_in_review_when_published("resources_resource_published_not_in_review"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("resources:detail", self.slug)

    @property
    def publisher(self):
        return self.publisher_organisation or self.publisher_municipality or self.publisher_region

    @property
    def has_text(self):
        """Whether the resource has a text of its own (a summary or a body)."""
        return bool(self.summary or self.body)
