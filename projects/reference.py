"""The reference data projects refer to: regions, municipalities, domains, organisations and
funding rounds (re-exported by ``projects.models``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from temperatur.core.named import NamedRow, display_order_field
from temperatur.core.references import optional_reference
from temperatur.core.years import MAX_YEAR, MIN_YEAR


class Region(NamedRow):
    code = models.PositiveIntegerField(
        _("regionskode"), unique=True, help_text=_("Den officielle regionskode, fx 1081.")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")


class Municipality(NamedRow):
    code = models.PositiveIntegerField(
        _("kommunekode"), unique=True, help_text=_("Den officielle kommunekode, fx 101.")
    )
    region = models.ForeignKey(
        Region, models.PROTECT, related_name="municipalities", verbose_name=_("region")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")


class Domain(NamedRow):
    order = display_order_field()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("fagområde")
        verbose_name_plural = _("fagområder")


class Organisation(NamedRow):
    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        JOINT = "faellesorganisation", _("Fællesoffentlig organisation")
        UNIVERSITY = "universitet", _("Universitet")
        SUPPLIER = "leverandoer", _("Leverandør")
        COUNCIL = "raad", _("Råd eller forening")
        AUTHORITY = "myndighed", _("Statslig myndighed")

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kort navn i adresser"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    region = optional_reference(
        Region,
        "organisations",
        _("region"),
        help_text=_(
            "Fx den region, et hospital hører under. Lad feltet stå tomt, hvis det ikke "
            "giver mening."
        ),
    )
    url = models.URLField(_("hjemmeside"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")


class FundingRound(NamedRow):
    year = models.PositiveSmallIntegerField(_("år"))
    projects_reported = models.PositiveSmallIntegerField(
        _("antal projekter i runden"),
        null=True,
        blank=True,
        help_text=_(
            "Så mange projekter fik støtte i runden ifølge kilderne, også dem der ikke "
            "er beskrevet her."
        ),
    )
    budget_dkk = models.PositiveBigIntegerField(_("samlet bevilling (kr.)"), null=True, blank=True)
    budget_is_approximate = models.BooleanField(
        _("bevillingen er afrundet"),
        default=False,
        help_text=_("Sæt flueben, når kilden afrunder beløbet; siden skriver da »ca.«."),
    )
    description = models.TextField(
        _("beskrivelse"),
        blank=True,
        help_text=_(
            "Hvad kilderne siger om runden, fx temaer og projekter, der ikke er beskrevet."
        ),
    )
    source_url = models.URLField(_("kilde"), max_length=500, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("ansøgningsrunde")
        verbose_name_plural = _("ansøgningsrunder")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="projects_fundinground_year_range",
            ),
        ]
