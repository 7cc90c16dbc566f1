"""The counts over every published project, kept by the database with the rows they count.

The front page, the unfiltered temperature and its exports, an area's page and the
measurements' coverage count every published project. At 10,000 projects that meant
reading about 100,000 rows of the summary (``challenges.standing``) and 20,000 records
for every such page. ``PopulationCount`` holds the sums instead, a few rows per area and
measurement:

- ``t``: the published projects;
- ``r``: the recorded ones (a published record), per measurement key (0: outside the
  measurements) and, under key -1, in any measurement or outside them;
- ``m``: per summary row kind (measurement key, -1 where the summary has NULL; area;
  challenge, 0 for the area as a whole): the projects that met it, and the sum and number
  of their known highest severities, so a mean is exact.

Triggers write them (:data:`TRIGGERS`, installed by migration 0014), in the statement that
changes what they count: a summary row written or removed, a record written, changed or
removed, a project added, removed, published or taken down. So no write path can pass
them by (``bulk_create``, ``QuerySet.update()``, raw SQL and cascades included) and no
count can drift from its rows; the property test in ``tests/challenges/test_standing.py``
recounts them from scratch (:func:`recount_rows`) after random sequences of writes.

Two rules keep them right in corner cases:

- only additions insert rows; a subtraction updates the row it finds, so emptying the
  tables in any order (a test database's flush) leaves no negative row behind;
- on PostgreSQL each trigger first takes one transaction-level advisory lock, so the
  writers that change counts run one after another until they commit: a record saved while
  another editor takes its project down is counted by whichever trigger runs second, and
  two writers never wait for each other's count rows (a deadlock). On SQLite writers are
  one at a time anyway.

``challenges.counting`` reads these rows when a count is over every published project.
"""

from django.db import connections, models, transaction
from django.utils.translation import gettext_lazy as _

from temperatur.core.statements import kept_queryset

TABLE = "challenges_populationcount"
ANY = -1  # the measurement key of "in any measurement or outside them"
# Any constant: the key of PostgreSQL's advisory lock that the counting writers share.
LOCK_KEY = 7_301_447


class PopulationCount(models.Model):
    """A sum over every published project; written by the database's triggers only."""

    # Not dumped: written again as its sources load (temperatur/management/commands/dumpdata.py).
    derived_from_other_rows = True

    KINDS = [
        ("t", _("offentliggjorte projekter")),
        ("r", _("registrerede projekter")),
        ("m", _("projekter, der mødte området eller udfordringen")),
    ]

    kind = models.CharField(_("art"), max_length=1, choices=KINDS)
    measurement_key = models.IntegerField(_("målingsnøgle"))
    area_id = models.IntegerField(_("udfordringsområde"))
    challenge_id = models.IntegerField(_("konkret udfordring"))
    projects = models.IntegerField(_("projekter"))
    severity_sum = models.BigIntegerField(_("sum af kendt højeste alvor"))
    severity_count = models.IntegerField(_("projekter med kendt alvor"))

    class Meta:
        db_table = TABLE
        verbose_name = _("optælling over alle offentliggjorte projekter")
        verbose_name_plural = _("optællinger over alle offentliggjorte projekter")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "measurement_key", "area_id", "challenge_id"],
                name="challenges_populationcount_unique",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.measurement_key} {self.area_id} {self.challenge_id}"

    @classmethod
    def published_projects(cls):
        """The number of published projects (the project list's count when unfiltered),
        as the triggers keep it: no row until a project is first published."""
        counted = kept_queryset(
            ("published-projects",),
            lambda: cls.objects.filter(kind="t").values_list("projects", flat=True),
        )
        return next(iter(counted), 0)


def recorded_projects(measurement):
    """The number of published projects recorded in ``measurement`` (an id or an
    ``OuterRef``), as a one-value QuerySet; none when there are none."""
    return PopulationCount.objects.filter(kind="r", measurement_key=measurement).values("projects")


# The triggers, written once for SQLite and PostgreSQL. Each statement's conditions are in
# its WHERE, so one list of statements is a trigger body in both.

COLUMNS = ("kind", "measurement_key", "area_id", "challenge_id")
SUMS = ("projects", "severity_sum", "severity_count")


def _published(project_id):
    return f"EXISTS (SELECT 1 FROM projects_project p WHERE p.id = {project_id} AND p.is_published)"


def _published_records(project_id):
    """How many published records the project has (published or not itself)."""
    return (
        "(SELECT COUNT(*) FROM challenges_challengerecord r "
        f"WHERE r.project_id = {project_id} AND r.is_published)"
    )


def _counted(record):
    """Whether a record (``NEW`` or ``OLD``) makes its project recorded."""
    return f"{record}.is_published AND {_published(f'{record}.project_id')}"


def _summary_row(row):
    """A summary row (``NEW``, ``OLD`` or ``s``) as its count row and its increments."""
    return (
        "'m'",
        f"COALESCE({row}.measurement_key, {ANY})",
        f"{row}.area_id",
        f"COALESCE({row}.challenge_id, 0)",
        "1",
        f"COALESCE({row}.severity, 0)",
        f"CASE WHEN {row}.severity IS NULL THEN 0 ELSE 1 END",
    )


def _record_row(record):
    return ("'r'", f"COALESCE({record}.measurement_id, 0)", "0", "0", "1", "0", "0")


RECORDED = ("'r'", str(ANY), "0", "0", "1", "0", "0")
TOTAL = ("'t'", str(ANY), "0", "0", "1", "0", "0")


def add(values, where, source=""):
    """Add ``values`` (a count row's key and increments) where ``where`` holds, for each
    row of ``source`` (a FROM clause's tables) if given."""
    columns = ", ".join(COLUMNS + SUMS)
    sums = ", ".join(f"{column} = {TABLE}.{column} + excluded.{column}" for column in SUMS)
    return (
        f"INSERT INTO {TABLE} ({columns}) SELECT {', '.join(values)}"
        f"{' FROM ' + source if source else ''} WHERE {where} "
        f"ON CONFLICT ({', '.join(COLUMNS)}) DO UPDATE SET {sums}"
    )


def subtract(values, where, source=""):
    """Subtract ``values`` from the count row they name, if there is one (never inserts)."""
    sums = ", ".join(
        f"{column} = {TABLE}.{column} - {value}"
        for column, value in zip(SUMS, values[4:], strict=True)
    )
    key = " AND ".join(
        f"{TABLE}.{column} = {value}" for column, value in zip(COLUMNS, values[:4], strict=True)
    )
    return f"UPDATE {TABLE} SET {sums}{' FROM ' + source if source else ''} WHERE {key} AND {where}"


def _project_share(change, project):
    """``add`` or ``subtract`` a project's whole share: itself, its summary rows, its
    published records and its being recorded."""
    return [
        change(TOTAL, "1 = 1"),
        change(_summary_row("s"), f"s.project_id = {project}.id", "challenges_standing s"),
        change(
            _record_row("rec"),
            f"rec.project_id = {project}.id AND rec.is_published",
            "challenges_challengerecord rec",
        ),
        change(RECORDED, f"{_published_records(f'{project}.id')} > 0"),
    ]


def _summary_row_added(row):
    return [add(_summary_row(row), _published(f"{row}.project_id"))]


def _summary_row_removed(row):
    return [subtract(_summary_row(row), _published(f"{row}.project_id"))]


def _record_added(record, leaving=""):
    """Before a record is written: its share, and its project's being recorded when it is
    the project's first published record. ``leaving``: SQL of how many of the project's
    published records the table holds that are about to go (the old row of an update)."""
    first = f"{_published_records(f'{record}.project_id')}{leaving} = 0"
    return [
        add(_record_row(record), _counted(record)),
        add(RECORDED, f"{_counted(record)} AND {first}"),
    ]


def _record_removed(record):
    """Before a record goes: its share, and its project's being recorded when it was the
    project's last published record."""
    last = f"{_published_records(f'{record}.project_id')} = 1"
    return [
        subtract(_record_row(record), _counted(record)),
        subtract(RECORDED, f"{_counted(record)} AND {last}"),
    ]


# (name, table, event (AFTER unless it says BEFORE), condition on the row or None, statements)
TRIGGERS = (
    ("standing_added", "challenges_standing", "INSERT", None, _summary_row_added("NEW")),
    ("standing_removed", "challenges_standing", "DELETE", None, _summary_row_removed("OLD")),
    (
        "standing_changed",
        "challenges_standing",
        "UPDATE",
        None,
        _summary_row_removed("OLD") + _summary_row_added("NEW"),
    ),
    # The records' triggers run before each row is written: there, on both databases, the
    # table holds the rows the same statement wrote before it, and not this one. (After a
    # statement that writes several rows, PostgreSQL runs every row's AFTER trigger on the
    # finished table, so "the project's first published record" could not be told.)
    ("record_added", "challenges_challengerecord", "BEFORE INSERT", None, _record_added("NEW")),
    ("record_removed", "challenges_challengerecord", "BEFORE DELETE", None, _record_removed("OLD")),
    (
        "record_changed",
        "challenges_challengerecord",
        "BEFORE UPDATE",
        None,
        # As the old row removed, then the new one added (the old row is still there).
        _record_removed("OLD")
        + _record_added(
            "NEW",
            leaving=" - CASE WHEN OLD.is_published AND OLD.project_id = NEW.project_id "
            "THEN 1 ELSE 0 END",
        ),
    ),
    ("project_added", "projects_project", "INSERT", None, [add(TOTAL, "NEW.is_published")]),
    (
        "project_removed",
        "projects_project",
        "DELETE",
        None,
        # Its summary rows and records went before it (Django deletes what depends on a
        # row first), each subtracted while the project was still published.
        [subtract(TOTAL, "OLD.is_published")],
    ),
    (
        "project_published",
        "projects_project",
        "UPDATE",
        "NEW.is_published AND NOT OLD.is_published",
        _project_share(add, "NEW"),
    ),
    (
        "project_taken_down",
        "projects_project",
        "UPDATE",
        "OLD.is_published AND NOT NEW.is_published",
        _project_share(subtract, "OLD"),
    ),
)


def _trigger_sql(vendor, name, table, event, condition, statements):
    name = f"challenges_population_{name}"
    if not event.startswith("BEFORE "):
        event = f"AFTER {event}"
    body = "".join(f"{statement}; " for statement in statements)
    if vendor == "sqlite":
        when = f" WHEN {condition}" if condition else ""
        return [f"CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW{when} BEGIN {body}END"]
    if vendor == "postgresql":
        when = f" WHEN ({condition})" if condition else ""
        # A BEFORE trigger returns the row to write (NULL would skip it).
        row = "NULL" if event.startswith("AFTER ") else "OLD" if event.endswith("DELETE") else "NEW"
        return [
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"PERFORM pg_advisory_xact_lock({LOCK_KEY}); {body}RETURN {row}; END $$",
            f"CREATE TRIGGER {name} {event} ON {table} FOR EACH ROW{when} "
            f"EXECUTE FUNCTION {name}()",
        ]
    raise NotImplementedError(f"No population counts on {vendor}: SQLite and PostgreSQL only.")


def _drop_sql(vendor, name, table):
    name = f"challenges_population_{name}"
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
    return [f"DROP TRIGGER IF EXISTS {name}"]


# The counts from scratch: the definition the triggers keep.
RECOUNT = f"""
SELECT 't' AS kind, {ANY} AS measurement_key, 0 AS area_id, 0 AS challenge_id,
       COUNT(*) AS projects, 0 AS severity_sum, 0 AS severity_count
FROM projects_project p WHERE p.is_published
UNION ALL
SELECT 'r', COALESCE(r.measurement_id, 0), 0, 0, COUNT(*), 0, 0
FROM challenges_challengerecord r INNER JOIN projects_project p ON p.id = r.project_id
WHERE r.is_published AND p.is_published GROUP BY COALESCE(r.measurement_id, 0)
UNION ALL
SELECT 'r', {ANY}, 0, 0, COUNT(DISTINCT r.project_id), 0, 0
FROM challenges_challengerecord r INNER JOIN projects_project p ON p.id = r.project_id
WHERE r.is_published AND p.is_published
UNION ALL
SELECT 'm', COALESCE(s.measurement_key, {ANY}), s.area_id, COALESCE(s.challenge_id, 0),
       COUNT(*), COALESCE(SUM(s.severity), 0), COUNT(s.severity)
FROM challenges_standing s INNER JOIN projects_project p ON p.id = s.project_id
WHERE p.is_published
GROUP BY COALESCE(s.measurement_key, {ANY}), s.area_id, COALESCE(s.challenge_id, 0)
"""


def _lock(cursor):
    if cursor.db.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def install(apps=None, schema_editor=None):
    """Create the triggers and write the counts (migration 0014)."""
    using = schema_editor.connection.alias if schema_editor else "default"
    uninstall(schema_editor=schema_editor)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for name, table, event, condition, statements in TRIGGERS:
            for sql in _trigger_sql(cursor.db.vendor, name, table, event, condition, statements):
                cursor.execute(sql)
    rebuild(using)


def uninstall(apps=None, schema_editor=None):
    using = schema_editor.connection.alias if schema_editor else "default"
    with connections[using].cursor() as cursor:
        for name, table, _event, _condition, _statements in TRIGGERS:
            for sql in _drop_sql(cursor.db.vendor, name, table):
                cursor.execute(sql)


def rebuild(using="default"):
    """Write every count again from scratch (after ``migrate``; a repair, never needed by
    a write)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        _lock(cursor)
        cursor.execute(f"DELETE FROM {TABLE}")
        columns = ", ".join(COLUMNS + SUMS)
        # Only rows that count something (a subtraction may leave a row at zero).
        cursor.execute(
            f"INSERT INTO {TABLE} ({columns}) SELECT * FROM ({RECOUNT}) c WHERE c.projects <> 0"
        )


def stored_rows(using="default"):
    """The counts as stored, without rows that count nothing."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(COLUMNS + SUMS)} FROM {TABLE}")
        return _nonzero(cursor.fetchall())


def recount_rows(using="default"):
    """The counts from scratch, as ``stored_rows`` gives them."""
    with connections[using].cursor() as cursor:
        cursor.execute(RECOUNT)
        return _nonzero(cursor.fetchall())


def _nonzero(rows):
    return {tuple(row) for row in rows if any(row[4:])}
