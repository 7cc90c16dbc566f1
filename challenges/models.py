from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from projects.models import Project, in_published_projects
from temperatur.core.history import ContentHistory
from temperatur.core.references import optional_reference
from temperatur.core.workflow import (
    PublicationFields,
    PublicationMixin,
    PublicationQuerySetMixin,
    not_in_review_when_published,
    published_index,
)

from .catalogue import AreaFinding, Challenge, ChallengeArea, Measurement
from .population import PopulationCount  # noqa: F401
from .standing import RefreshesStanding, Standing, StandingQuerySetMixin  # noqa: F401

__all__ = [
    "AreaFinding",
    "Challenge",
    "ChallengeArea",
    "ChallengeRecord",
    "Measurement",
    "ProjectChallenge",
    "measurement_key",
]


def measurement_key(field="measurement"):
    """A measurement as a value that is never NULL: no measurement is 0.

    Records and observations belong together when project and measurement key agree; the
    records' unique constraint indexes exactly this expression. ``field`` may be an
    ``OuterRef``.
    """
    field = F(field) if isinstance(field, str) else field
    return Coalesce(field, Value(0), output_field=models.IntegerField())


class ChallengeRecordQuerySet(StandingQuerySetMixin, PublicationQuerySetMixin, models.QuerySet):
    def published(self, *, of_published_projects=True):
        """Published records of published projects: those that make a project *recorded*.

        ``of_published_projects=False`` leaves the project's own state to the caller, who
        reads the rows of projects it has chosen already (a project's page, its preview).
        """
        records = self.filter(is_published=True)
        return in_published_projects(records) if of_published_projects else records

    def get_by_natural_key(self, project, measurement=None):
        return self.get(project__slug=project, measurement__slug=measurement)


class ChallengeRecord(RefreshesStanding, PublicationMixin, models.Model):
    """A record (»registrering«): a project's challenges in a measurement, recorded in full.

    A published record says: in this measurement (or outside any measurement, when none
    is given), this project's challenges were recorded across all seven areas, so an
    area without an observation was *not met*. Without a record, nothing is known about
    the areas the project has no observation in: they are *not recorded*, never "not
    met". The definitions that build on this live in ``challenges.prevalence``.
    """

    # What a record says about its project: what editors write (its inline in a project's
    # admin page) and what the open data publishes of it.
    CONTENT_FIELDS = ("measurement", "source_url", "note")

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="records", verbose_name=_("projekt")
    )
    measurement = optional_reference(
        Measurement,
        "records",
        _("måling"),
        help_text=_(
            "Den måling, hvor projektets udfordringer blev registreret. Lad feltet stå tomt "
            "for en registrering uden for målingerne."
        ),
    )
    source_url = models.URLField(
        _("kilde"),
        max_length=500,
        help_text=_(
            "Adressen på den offentlige kilde, der viser projektets udfordringer inden for "
            "alle syv områder."
        ),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Fx hvordan udfordringerne blev registreret. Vises offentligt."),
    )
    publication = PublicationFields()

    objects = ChallengeRecordQuerySet.as_manager()
    history = ContentHistory(
        verbose_name=_("tidligere version af registrering"),
        verbose_name_plural=_("tidligere versioner af registreringer"),
    )

    class Meta:
        ordering = ["project__title", "measurement__published_on", "pk"]
        verbose_name = _("registrering")
        verbose_name_plural = _("registreringer")
        permissions = [("publish_challengerecord", _("Kan offentliggøre registreringer"))]
        constraints = [
            # At most one record per project and measurement; no measurement counts as a
            # value of its own (0). The index also serves the test of whether an
            # observation belongs to a record (ProjectChallengeQuerySet.counted).
            models.UniqueConstraint(
                F("project"),
                Coalesce(F("measurement"), Value(0)),
                name="challenges_challengerecord_unique",
                violation_error_message=_(
                    "Projektet har allerede en registrering for denne måling. Ret den "
                    "eksisterende i stedet."
                ),
            ),
            not_in_review_when_published("challenges_challengerecord_published_not_in_review"),
        ]
        indexes = [
            # The recorded projects of a view in a measurement: records by measurement,
            # published, with their project (prevalence.tally's recorded part).
            published_index("measurement", "project", name="challenges_rec_pub_meas_idx"),
            # The recorded projects among all published ones (the counts' recorded part for
            # the front page and an unfiltered temperature): the published records in
            # project order, from the index alone, so counting the distinct projects needs
            # no sort. With is_published, which SQLite reads from a partial index's
            # columns, not from its condition.
            published_index(
                "project", "measurement", "is_published", name="challenges_rec_pub_proj_idx"
            ),
        ]

    def __str__(self):
        if self.measurement_id:
            return f"{self.project} – {self.measurement}"
        return f"{self.project} – {_('uden for målingerne')}"

    def natural_key(self):
        return (self.project.slug, self.measurement.slug if self.measurement_id else None)

    natural_key.dependencies = ["projects.project", "challenges.measurement"]


class ProjectChallengeQuerySet(StandingQuerySetMixin, PublicationQuerySetMixin, models.QuerySet):
    def published(self, *, of_published_projects=True):
        """Published observations of published projects (``of_published_projects=False``:
        whatever the project's state, which the caller has chosen already)."""
        observations = self.filter(is_published=True)
        return in_published_projects(observations) if of_published_projects else observations

    @staticmethod
    def _in_a_record():
        """True for an observation whose project has a published record in its measurement."""
        record = ChallengeRecord.objects.filter(
            is_published=True, project=OuterRef("project")
        ).annotate(key=measurement_key())
        return Exists(record.filter(key=measurement_key(OuterRef("measurement"))))

    def counted(self, *, of_published_projects=True):
        """The observations that count: published, and part of a published record.

        The one definition (``challenges.prevalence``): an observation counts when it and
        its project are published and the project has a published record in the same
        measurement (or, for an observation outside the measurements, a record outside
        them too). Every count, filter, page and export of "projects that met an area"
        reads observations through this method (or ``with_counts``' flag).
        """
        published = self.published(of_published_projects=of_published_projects)
        return published.filter(self._in_a_record())

    def single(self, *, of_published_projects=True):
        """Published observations that do not count: their project has no record for them."""
        published = self.published(of_published_projects=of_published_projects)
        return published.filter(~self._in_a_record())

    def with_counts(self, *, of_published_projects=True):
        """Published observations, each with ``counts``: whether it is one that counts."""
        published = self.published(of_published_projects=of_published_projects)
        return published.annotate(counts=self._in_a_record())

    def get_by_natural_key(self, project, area, challenge=None, measurement=None):
        return self.get(
            project__slug=project,
            area__slug=area,
            challenge__slug=challenge,
            measurement__slug=measurement,
        )


class ProjectChallenge(RefreshesStanding, PublicationMixin, models.Model):
    """An observed challenge ("oplevet udfordring"): a project met a challenge in an area."""

    # What an observation says about its project: what editors write (its inline in a
    # project's admin page) and what the open data publishes of it.
    CONTENT_FIELDS = ("area", "challenge", "measurement", "severity", "description", "source_url")

    class Severity(models.IntegerChoices):
        LOW = 1, _("Lav")
        MEDIUM = 2, _("Middel")
        HIGH = 3, _("Høj")

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="challenges", verbose_name=_("projekt")
    )
    area = models.ForeignKey(
        ChallengeArea,
        models.PROTECT,
        related_name="observations",
        verbose_name=_("udfordringsområde"),
    )
    challenge = optional_reference(
        Challenge,
        "observations",
        _("konkret udfordring"),
        help_text=_("Valgfri. Skal høre til det valgte udfordringsområde."),
    )
    measurement = optional_reference(
        Measurement,
        "observations",
        _("måling"),
        help_text=_("Den måling, udfordringen blev registreret i, hvis den kendes."),
    )
    severity = models.PositiveSmallIntegerField(
        _("alvor"),
        choices=Severity.choices,
        null=True,
        blank=True,
        help_text=_("1 lav, 2 middel, 3 høj. Lad feltet stå tomt, hvis kilden ikke oplyser det."),
    )
    description = models.TextField(_("beskrivelse"), blank=True)
    source_url = models.URLField(_("kilde"), max_length=500, blank=True)
    publication = PublicationFields()

    objects = ProjectChallengeQuerySet.as_manager()
    history = ContentHistory(
        verbose_name=_("tidligere version af oplevet udfordring"),
        verbose_name_plural=_("tidligere versioner af oplevede udfordringer"),
    )

    class Meta:
        ordering = ["project__title", "area__order", "pk"]
        verbose_name = _("oplevet udfordring")
        verbose_name_plural = _("oplevede udfordringer")
        permissions = [
            ("publish_projectchallenge", _("Kan offentliggøre oplevede udfordringer")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__isnull=True) | Q(severity__gte=1, severity__lte=3),
                name="challenges_projectchallenge_severity_range",
                violation_error_message=_("Alvor skal være 1 (lav), 2 (middel) eller 3 (høj)."),
            ),
            # An empty challenge or measurement counts as a value of its own (0), so the same
            # observation without them cannot be entered twice; works on SQLite and PostgreSQL.
            models.UniqueConstraint(
                F("project"),
                F("area"),
                Coalesce(F("challenge"), Value(0)),
                Coalesce(F("measurement"), Value(0)),
                name="challenges_projectchallenge_unique",
                violation_error_message=_(
                    "Projektet har allerede denne udfordring registreret for samme område og "
                    "måling. Ret den eksisterende i stedet."
                ),
            ),
            not_in_review_when_published("challenges_projectchallenge_published_not_in_review"),
        ]
        indexes = [
            # Prevalence: published observations grouped by area, for a set of projects.
            models.Index(
                fields=["area", "is_published", "project"], name="challenges_area_pub_proj_idx"
            ),
            # Per project and area, the highest severity of the published observations
            # (prevalence.area_counts, heatmap's highest_severities, the front page's
            # "projects with observations", Project.similar_to's shared areas): answered
            # from the index alone, one seek per project, no table rows read.
            models.Index(
                fields=["project", "area", "is_published", "severity", "measurement"],
                name="challenges_proj_area_sev_idx",
            ),
        ]

    def __str__(self):
        return f"{self.project} – {self.area}"

    def natural_key(self):
        return (
            self.project.slug,
            self.area.slug,
            self.challenge.slug if self.challenge_id else None,
            self.measurement.slug if self.measurement_id else None,
        )

    natural_key.dependencies = [
        "projects.project",
        "challenges.challengearea",
        "challenges.challenge",
        "challenges.measurement",
    ]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.challenge_id and self.area_id and self.challenge.area_id != self.area_id:
            raise ValidationError(
                {
                    "challenge": _(
                        "Den konkrete udfordring hører til området »%(area)s«. Vælg en "
                        "udfordring fra det valgte område, eller skift område."
                    )
                    % {"area": self.challenge.area}
                }
            )
