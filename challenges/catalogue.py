"""The catalogue the observations refer to: challenge areas, concrete challenges,
measurements and what each measurement found (re-exported by ``challenges.models``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from temperatur.core.links import slug_url
from temperatur.core.named import NamedRow, display_order_field


class ChallengeArea(NamedRow):
    description = models.TextField(_("beskrivelse"), blank=True)
    order = display_order_field()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("udfordringsområde")
        verbose_name_plural = _("udfordringsområder")

    def get_absolute_url(self):
        return slug_url("challenges:area", self.slug)


class Challenge(NamedRow):
    area = models.ForeignKey(
        ChallengeArea,
        models.CASCADE,
        related_name="challenges",
        verbose_name=_("udfordringsområde"),
    )
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kort navn i adresser"), max_length=200, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["area__order", "order", "name"]
        verbose_name = _("konkret udfordring")
        verbose_name_plural = _("konkrete udfordringer")


class Measurement(NamedRow):
    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kort navn i adresser"), max_length=200, unique=True)
    published_on = models.DateField(_("offentliggjort"))
    publisher = models.CharField(
        _("udgiver"), max_length=200, blank=True, help_text=_("Hvem der stod bag målingen.")
    )
    method = models.TextField(_("metode"), blank=True)
    projects_covered = models.PositiveSmallIntegerField(
        _("antal projekter omfattet"), null=True, blank=True
    )
    source_url = models.URLField(_("kilde"), max_length=500, blank=True)
    summary = models.TextField(_("resumé"), blank=True)

    class Meta:
        ordering = ["published_on"]
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")


class AreaFindingQuerySet(models.QuerySet):
    def get_by_natural_key(self, measurement, area):
        return self.get(measurement__slug=measurement, area__slug=area)


class AreaFinding(models.Model):
    """What a measurement published about a challenge area as a whole."""

    measurement = models.ForeignKey(
        Measurement, models.CASCADE, related_name="findings", verbose_name=_("måling")
    )
    area = models.ForeignKey(
        ChallengeArea, models.CASCADE, related_name="findings", verbose_name=_("udfordringsområde")
    )
    rank = models.PositiveSmallIntegerField(
        _("placering"),
        null=True,
        blank=True,
        help_text=_("Områdets placering i målingen (1 = vigtigst), hvis målingen rangordner."),
    )
    projects_reporting = models.PositiveSmallIntegerField(
        _("antal projekter, der oplevede området"), null=True, blank=True
    )
    summary = models.TextField(_("konklusion"))
    quote = models.TextField(
        _("citat"),
        blank=True,
        help_text=_(
            "Målingens egne ord om området, ordret fra kilden (målingens kildeadresse). "
            "Uden anførselstegn."
        ),
    )

    objects = AreaFindingQuerySet.as_manager()

    class Meta:
        ordering = ["measurement__published_on", "rank", "area__order"]
        verbose_name = _("konklusion om område")
        verbose_name_plural = _("konklusioner om områder")
        constraints = [
            models.UniqueConstraint(
                fields=["measurement", "area"],
                name="challenges_areafinding_unique",
                violation_error_message=_(
                    "Målingen har allerede en konklusion om dette udfordringsområde. Ret den "
                    "eksisterende i stedet."
                ),
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1),
                name="challenges_areafinding_rank_positive",
            ),
        ]

    def __str__(self):
        return f"{self.measurement}: {self.area}"

    def natural_key(self):
        return (self.measurement.slug, self.area.slug)

    natural_key.dependencies = ["challenges.measurement", "challenges.challengearea"]
