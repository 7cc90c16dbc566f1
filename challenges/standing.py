"""Where each project stands: the areas (and concrete challenges) it met, as a table.

``Standing`` is a summary of ``ProjectChallenge.objects.counted()`` and nothing else:
one row per project, measurement and area it met (and per concrete challenge), with the
highest severity there. The pages count from it instead of from the observations and
records, which at 10,000 projects costs a fraction of the time (``make bench``).

It is derived, never edited: :func:`refresh` writes a project's rows again from the one
definition of the observations that count (``challenges.prevalence``), in the same
transaction as the write that changed them, for every write path:

- ``save()`` and ``delete()`` of an observation or a record, one by one or as a
  ``QuerySet.delete()``, fixtures included (signals, connected in ``apps.py``);
- ``QuerySet.update()`` of observations or records (``StandingQuerySetMixin``);
- ``bulk_create()`` and raw SQL, which send no signals, call :func:`refresh` or
  :func:`rebuild` themselves (the demo data does);
- after ``migrate``, whose data migrations send no signals either, :func:`rebuild`
  writes the whole table again.

The property test in ``tests/challenges/test_standing.py`` checks the table against a
recount from scratch after random sequences of writes.
"""

import functools

from django.db import connection, models, transaction
from django.db.models import F, IntegerField, Max, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from projects.models import Project

from . import population


def kind_condition(*, item="area", challenges=None, prefix=""):
    """The rows of one kind: an area as a whole (``item="area"``) or concrete challenges.

    ``challenges`` (Challenge rows or a subquery of their ids): those challenges' rows only,
    named by id, which says the kind too (and lets the database look each one up in the
    challenges' index, where "challenge IS NOT NULL" made SQLite read them all).
    """
    if challenges is not None:
        return models.Q(**{f"{prefix}challenge__in": challenges})
    return models.Q(**{f"{prefix}challenge__isnull": item == "area"})


def met_condition(*, measurement=None, item="area", challenges=None, prefix=""):
    """The condition on the rows that say a project met an area (``item="challenge"``: a
    challenge; ``challenges``: one of those, as ``kind_condition``), for
    ``Standing.objects.met()`` and for a query that joins the table (``prefix``: the path
    to it, e.g. ``"standings__"``).

    In ``measurement`` when one is given; otherwise in any measurement or outside them
    (the rows whose ``measurement_key`` is NULL). One row per project and item.
    """
    condition = kind_condition(item=item, challenges=challenges, prefix=prefix)
    if measurement is None:
        return condition & models.Q(**{f"{prefix}measurement_key__isnull": True})
    return condition & models.Q(**{f"{prefix}measurement_key": measurement.pk})


class StandingQuerySet(models.QuerySet):
    def met(self, *, measurement=None, item="area", challenges=None):
        """The rows that say a project met an area: ``met_condition``'s rows."""
        return self.filter(met_condition(measurement=measurement, item=item, challenges=challenges))

    def per_measurement(self, *, item="area", challenges=None):
        """One row per project, measurement key (0: outside them) and item."""
        return self.filter(
            kind_condition(item=item, challenges=challenges), measurement_key__isnull=False
        )


class Standing(models.Model):
    """A project met an area (or a concrete challenge) in a measurement: a derived row."""

    # Not dumped: written again as its sources load (temperatur/management/commands/dumpdata.py).
    derived_from_other_rows = True

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="standings", verbose_name=_("projekt")
    )
    # The measurement's id, 0 outside the measurements (``models.measurement_key``), NULL
    # for "in any measurement or outside them".
    measurement_key = models.PositiveIntegerField(_("måling"), null=True)
    area = models.ForeignKey(
        "challenges.ChallengeArea", models.CASCADE, verbose_name=_("udfordringsområde")
    )
    # NULL: the area as a whole. No index of its own: with ``challenge IS NULL`` SQLite
    # would read half the table through it (the indexes below serve every reading).
    challenge = models.ForeignKey(
        "challenges.Challenge",
        models.CASCADE,
        null=True,
        db_index=False,
        verbose_name=_("konkret udfordring"),
    )
    severity = models.PositiveSmallIntegerField(_("højeste alvor"), null=True)

    objects = StandingQuerySet.as_manager()

    class Meta:
        verbose_name = _("projektets stilling")
        verbose_name_plural = _("projekternes stilling")
        ordering = ["project", "measurement_key", "area", "challenge"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                F("project"),
                models.functions.Coalesce(F("measurement_key"), Value(-1)),
                F("area"),
                models.functions.Coalesce(F("challenge"), Value(0)),
                name="challenges_standing_unique",
            ),
        ]
        indexes = [
            # The counts of a view (prevalence.tally): rows of one kind and measurement
            # for the view's projects, read from the index alone (``challenge`` too, or
            # SQLite reads each row to check that it is NULL).
            models.Index(
                fields=["measurement_key", "area", "project", "severity", "challenge"],
                condition=models.Q(challenge__isnull=True),
                name="challenges_standing_area_idx",
            ),
            # One area's rows per measurement (an area's page: its line through the
            # measurements), from the index alone.
            models.Index(
                fields=["area", "measurement_key", "project", "severity", "challenge"],
                condition=models.Q(challenge__isnull=True, measurement_key__isnull=False),
                name="challenges_standing_ameas_idx",
            ),
            # An area's projects, most severe first (heatmap.projects_meeting): SQLite reads
            # the rows a severity at a time and sorts only as many groups by title as a
            # page needs (at 10,000 projects the first page read 2,077 projects, not
            # 5,897). PostgreSQL, whose DESC puts NULLs first, orders without it.
            models.Index(
                fields=["area", "-severity", "project"],
                condition=models.Q(challenge__isnull=True, measurement_key__isnull=True),
                name="challenges_standing_sev_idx",
            ),
            models.Index(
                fields=["measurement_key", "challenge", "project", "severity"],
                condition=models.Q(challenge__isnull=False),
                name="challenges_standing_chal_idx",
            ),
            # A project's own rows of one kind: the areas a listed project met, the heat
            # map's cells, refresh(); read from the index alone.
            models.Index(
                fields=["project", "measurement_key", "challenge", "area", "severity"],
                name="challenges_standing_proj_idx",
            ),
        ]

    def __str__(self):
        return f"{self.project_id} – {self.area_id}"


def _summaries(observations):
    """``(sql, params)`` of each kind of row, in the table's column order."""
    from .models import measurement_key

    nothing = Cast(Value(None), IntegerField())
    kinds = (
        (measurement_key(), nothing),
        (measurement_key(), F("challenge_id")),
        (nothing, nothing),
        (nothing, F("challenge_id")),
    )
    for key, challenge in kinds:
        rows = (
            observations if challenge is nothing else observations.filter(challenge__isnull=False)
        )
        rows = (
            rows.order_by()
            .annotate(key=key, chal=challenge)
            .values("project_id", "key", "area_id", "chal")
            .annotate(high=Max("severity"))
            .values_list("project_id", "key", "area_id", "chal", "high")
        )
        yield rows.query.sql_with_params()


def _insert_into():
    table = connection.ops.quote_name(Standing._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(Standing._meta.get_field(name).column)
        for name in ("project", "measurement_key", "area", "challenge", "severity")
    )
    return f"INSERT INTO {table} ({columns})"


def _insert(observations):
    with connection.cursor() as cursor:
        for sql, params in _summaries(observations):
            cursor.execute(f"{_insert_into()} SELECT * FROM ({sql}) s", params)


# Compiling the four summaries takes the ORM several times as long as the database takes to
# run them for one project, and every save of an observation or a record runs them. Their
# SQL depends only on the schema and on how many projects they are for, so it is compiled
# once per number of projects, with stand-in ids (negative: never a project's) that the
# real ids replace in the parameters.
@functools.lru_cache(maxsize=16)
def _statements_for(vendor, count):
    from .models import ProjectChallenge

    stand_ins = tuple(-1_000_000_001 - n for n in range(count))
    observations = ProjectChallenge.objects.counted(of_published_projects=False).filter(
        project_id__in=stand_ins
    )
    statements = tuple(
        (f"{_insert_into()} SELECT * FROM ({sql}) s", tuple(params))
        for sql, params in _summaries(observations)
    )
    return statements, stand_ins


def _insert_for(project_ids):
    statements, stand_ins = _statements_for(connection.vendor, len(project_ids))
    ids = dict(zip(stand_ins, project_ids, strict=True))
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, [ids.get(param, param) for param in params])


def refresh(project_ids):
    """Write the rows of the projects ``project_ids`` again from their observations."""
    project_ids = sorted({pk for pk in project_ids if pk is not None})
    if not project_ids:
        return
    with transaction.atomic():
        Standing.objects.filter(project_id__in=project_ids).delete()
        _insert_for(project_ids)


def rebuild():
    """Write the whole table again (after bulk loads, raw SQL and migrations)."""
    from .models import ProjectChallenge

    with transaction.atomic():
        Standing.objects.all().delete()
        _insert(ProjectChallenge.objects.counted(of_published_projects=False))


class StandingQuerySetMixin:
    """For the observations' and records' QuerySets: ``update()`` refreshes the summary."""

    def update(self, **kwargs):
        with transaction.atomic():
            before = set(self.values_list("project_id", flat=True))
            updated = super().update(**kwargs)
            after = set(self.values_list("project_id", flat=True)) if "project" in kwargs else set()
            refresh(before | after)
        return updated


class RefreshesStanding:
    """For observations and records: ``save()`` refreshes the summary in its transaction."""

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)


# Signal receivers, connected in ChallengesConfig.ready().


def remember_project(sender, instance, raw=False, **kwargs):
    """Before a save: the project the row belonged to, in case the save moves it."""
    if raw or instance.pk is None:
        instance._standing_previous_project = None
        return
    instance._standing_previous_project = (
        sender._base_manager.filter(pk=instance.pk).values_list("project_id", flat=True).first()
    )


def saved(sender, instance, **kwargs):
    refresh({instance.project_id, getattr(instance, "_standing_previous_project", None)})


def deleted(sender, instance, **kwargs):
    refresh({instance.project_id})


def migrated(sender, using, **kwargs):
    """After ``migrate``: the whole table again, when it exists on that database."""
    from django.db import connections

    tables = connections[using].introspection.table_names()
    if Standing._meta.db_table not in tables or using != connection.alias:
        return
    rebuild()
    if population.TABLE in tables:
        population.rebuild(using)
