"""Import observed challenges (``ProjectChallenge``) from a CSV file, all rows or none.

Interview results usually arrive as a spreadsheet. The editor uploads it as CSV, sees a
preview of every row as it will be saved (or what is wrong with it, by line number), and
confirms; only then is anything saved, every row in one transaction, after checking the
file again against the database as it is by then.

The file
    UTF-8, with or without the byte-order mark Excel's »CSV UTF-8« writes; fields separated
    by semicolons or commas (whichever the header line uses); a header line naming the
    columns of ``COLUMNS`` (``projekt`` and ``omraade`` required, the others optional,
    any order; æ/ø/å may be written out, »område« = »omraade«). Projects, areas,
    challenges and measurements are named by their short name (slug) or their name.

Rows that already exist
    A row with the project, area, challenge and measurement of an observation that
    already exists *updates* it: the file's columns overwrite, columns the file does not
    have are left alone. Interview results are often delivered again with corrections;
    this way a corrected file can simply be imported again, and importing the same file
    twice changes nothing. The preview says which rows are new, which are updated (and
    which fields change) and which are unchanged. Updating needs the right to change
    observed challenges; without it such rows are refused. Two rows of the file with the
    same project, area, challenge and measurement are refused, as the second would
    silently overwrite the first.

Published rows and review
    For an editor who may not publish, a row that updates a *published* observation does
    not change it: the new values become the observation's change waiting for review
    (``temperatur.editors.review``), as an edit in its form would, and the public pages keep the
    published version until a Redaktør approves. Such an editor's preview compares the
    file with the pending version they would see in the form.

Nothing changed since the preview
    The preview carries a signed snapshot of every affected observation as it was then.
    Saving checks the file again inside the transaction, with the observations locked, and
    refuses everything, naming the line, if any of them changed, appeared or disappeared
    in between (``observation_import_save.py``).

Every saved row goes through ``Model.save()``, so the signals that keep the page cache
fresh (and any history) fire; the import is recorded in the admin's LogEntry.

Saving, after checking the file and the preview's snapshot again, is in
``observation_import_save.py``; the admin's upload, preview and confirmation pages are in
``observation_import_admin.py``.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from temperatur.editors.pending import proposable_fields, stored_value

from . import record_import
from .models import ProjectChallenge
from .observation_file import (  # noqa: F401  (the admin's names)
    COLUMN_NAMES,
    COLUMNS,
    MAX_BYTES,
    MAX_ROWS,
    NO,
    SESSION_KEY,
    SEVERITIES,
    YES,
    ImportFileError,
    check_header,
    decode,
    read_rows,
)
from .observation_names import References, resolve
from .observation_names import key as observation_key

# Checking the rows


@dataclass
class Row:
    """One line of the file: the observation as it will be saved, or what is wrong."""

    line: int
    values: dict
    observation: ProjectChallenge | None = None
    is_new: bool = True
    changed: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    #: ``(project, area, challenge, measurement)`` keys, and the observation as it was
    #: before the file's values (``None``: there was none): what the preview promises.
    key: tuple | None = None
    before: dict | None = None
    #: The observation is published and the editor may not publish: the change waits.
    reviewed: bool = False
    changed_names: list = field(default_factory=list)

    @property
    def action(self):
        if self.errors:
            return "error"
        if self.is_new:
            return "new"
        return "update" if self.changed else "unchanged"

    @property
    def action_label(self):
        return {
            "error": _("Fejl"),
            "new": _("Ny"),
            "update": (
                _("Venter på gennemsyn: %(fields)s")
                if self.reviewed
                else _("Opdateres: %(fields)s")
            )
            % {"fields": ", ".join(self.changed)},
            "unchanged": _("Findes allerede, uændret"),
        }[self.action]

    @property
    def cells(self):
        """What the preview shows: the saved values where known, else what the file says."""
        obs, values = self.observation, self.values
        if obs is None:
            return [
                values.get(name, "")
                for name in ("projekt", "omraade", "udfordring", "maaling", "alvor")
            ] + [values.get("beskrivelse", ""), values.get("offentliggjort", "")]
        return [
            obs.project.title,
            obs.area.name,
            obs.challenge.name if obs.challenge else "",
            obs.measurement.name if obs.measurement else "",
            obs.get_severity_display() if obs.severity else _("Ikke oplyst"),
            obs.description,
            _("Ja") if obs.is_published else _("Nej"),
        ]


PREVIEW_HEADERS = [
    gettext_lazy("Projekt"),
    gettext_lazy("Udfordringsområde"),
    gettext_lazy("Konkret udfordring"),
    gettext_lazy("Måling"),
    gettext_lazy("Alvor"),
    gettext_lazy("Beskrivelse"),
    gettext_lazy("Offentliggjort"),
]


@dataclass
class ImportCheck:
    """The result of checking a file: its rows, and errors about the file as a whole."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    saved: bool = False
    #: Records the file asks for that do not exist yet (``record_import``), unsaved.
    records: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors and bool(self.rows) and not any(row.errors for row in self.rows)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in ("new", "update", "unchanged", "error")}

    @property
    def row_errors(self):
        return [(row.line, error) for row in self.rows for error in row.errors]


def _severity(value):
    if value.strip() == "":
        return None, None
    severity = SEVERITIES.get(value.strip().casefold())
    if severity is None:
        return None, _(
            "Alvor skal være 1, 2 eller 3 (eller lav, middel eller høj) – ikke »%(value)s«."
        ) % {"value": value[:50]}
    return severity, None


def _published(value):
    text = value.strip().casefold()
    if text in YES:
        return True, None
    if text in NO:
        return False, None
    return None, _("Offentliggjort skal være »ja« eller »nej« – ikke »%(value)s«.") % {
        "value": value[:50]
    }


def _source_url(value):
    value = value.strip()
    # Editors often paste an address without »https://«, as in the admin.
    if value and "://" not in value:
        value = f"https://{value}"
    return value


def _new_values(row):
    """The fields the file sets: a column it has overwrites, even with an empty cell."""
    values, parsed = row.values, {}
    if "alvor" in values:
        parsed["severity"], error = _severity(values["alvor"])
        row.errors += [error] if error else []
    if "beskrivelse" in values:
        parsed["description"] = values["beskrivelse"]
    if "kilde" in values:
        parsed["source_url"] = _source_url(values["kilde"])
    if "offentliggjort" in values:
        parsed["is_published"], error = _published(values["offentliggjort"])
        row.errors += [error] if error else []
    return parsed


def _validate(row, observation):
    """The model's own field checks, without the queries of its foreign keys and constraints
    (the references and duplicates are checked above, for the whole file at once)."""
    try:
        observation.clean_fields(exclude=["project", "area", "challenge", "measurement"])
        observation.clean()
    except ValidationError as error:
        for name, texts in error.message_dict.items():
            label = "" if name == "__all__" else ProjectChallenge._meta.get_field(name).verbose_name
            row.errors += [f"{capfirst(label)}: {text}" if label else text for text in texts]


def _state(observation):
    """What the preview showed of an existing observation, as plain data."""
    return {
        f.name: stored_value(observation, f)
        for f in [
            *proposable_fields(ProjectChallenge),
            ProjectChallenge._meta.get_field("is_published"),
        ]
    }


def _check_row(row, refs, seen, *, can_change, can_publish):
    found = resolve(row, refs)
    new_values = _new_values(row)
    if found is None:
        return
    project, area, challenge, measurement = found
    key = observation_key(
        project, area, getattr(challenge, "pk", None), getattr(measurement, "pk", None)
    )
    if key in seen:
        row.errors.append(
            _(
                "Samme projekt, område, konkrete udfordring og måling som i linje %(line)d. "
                "Slet den ene af de to linjer."
            )
            % {"line": seen[key]}
        )
        return
    seen[key] = row.line

    row.key = key
    observation = refs.existing.get(key)
    row.before = None if observation is None else _state(observation)
    if observation is None:
        observation = ProjectChallenge(
            project=project, area=area, challenge=challenge, measurement=measurement
        )
    elif not can_change:
        row.errors.append(
            _(
                "Udfordringen findes allerede, og du har ikke ret til at ændre eksisterende "
                "oplevede udfordringer. Fjern linjen, eller bed en redaktør om at importere "
                "filen."
            )
        )
        return
    else:
        row.is_new = False
    if not can_publish and new_values.get("is_published", observation.is_published) != (
        observation.is_published
    ):
        row.errors.append(
            _(
                "Du har ikke ret til at offentliggøre eller skjule oplevede udfordringer. "
                "Sæt »offentliggjort« til det, den er nu, eller fjern kolonnen, og bed en "
                "redaktør om at offentliggøre."
            )
        )
    if row.errors:
        return
    for name, value in new_values.items():
        if getattr(observation, name) != value:
            setattr(observation, name, value)
            if not row.is_new:
                row.changed.append(str(ProjectChallenge._meta.get_field(name).verbose_name))
                row.changed_names.append(name)
    row.reviewed = not row.is_new and observation.is_published and not can_publish
    _validate(row, observation)
    if not row.errors:
        row.observation = observation


def check_file(text, *, can_change=True, can_publish=True, lock=False):
    """Check every row of ``text`` against the database; nothing is saved.

    ``lock``: inside a transaction, lock the observations the file names until it ends.
    """
    result = ImportCheck()
    try:
        header, raw_rows = read_rows(text)
        names = check_header(header)
    except ImportFileError as error:
        result.errors.append(str(error))
        return result
    for line, cells in raw_rows:
        values = {name: cell.strip() for name, cell in zip(names, cells, strict=False)}
        for name in names[len(cells) :]:
            values[name] = ""
        row = Row(line=line, values=values)
        if len(cells) > len(names):
            row.errors.append(
                _(
                    "Linjen har %(cells)d felter, men første linje har %(columns)d kolonner. "
                    "Står der et semikolon eller komma i en tekst uden anførselstegn om?"
                )
                % {"cells": len(cells), "columns": len(names)}
            )
        result.rows.append(row)
    if not result.rows:
        result.errors.append(_("Filen har kun overskriften og ingen rækker."))
        return result
    refs = References(result.rows, lock=lock, pending_versions=not can_publish)
    seen = {}
    for row in result.rows:
        _check_row(row, refs, seen, can_change=can_change, can_publish=can_publish)
    result.records = record_import.plan(result, yes=YES, no=NO, can_publish=can_publish)
    return result
