"""Saving an import of observed challenges: all rows or none, exactly as previewed.

The preview (``observation_import.check_file``) carries a signed snapshot of every
observation the file touches, as it was then (:func:`preview_snapshot`). Saving checks the
file again inside one transaction, with those observations locked, and refuses
everything, naming the line, if any of them changed, appeared or disappeared in between:
the preview promises that nothing is saved if something changed meanwhile.

The changes of published observations that the editor may not publish become their
changes waiting for review (``temperatur.editors.review.propose_change``), not saved on the row.
"""

from collections import defaultdict

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from temperatur.editors.review import propose_change

from . import record_import
from .observation_import import check_file

SNAPSHOT_SALT = "challenges.observation_import.preview"


def preview_snapshot(result):
    """The affected observations as the preview of ``result`` showed them, signed."""
    rows = {str(row.line): [list(row.key), row.before] for row in result.rows if row.key}
    return signing.dumps(rows, salt=SNAPSHOT_SALT, compress=True)


def _snapshot_rows(snapshot):
    try:
        return signing.loads(snapshot, salt=SNAPSHOT_SALT)
    except signing.BadSignature:
        return None


def _changed_since_preview(result, shown):
    """A message for each row whose observation is no longer what the preview showed."""
    problems = []
    for row in result.rows:
        if shown.get(str(row.line)) == [list(row.key), row.before]:
            continue
        was = shown.get(str(row.line), [None, None])[1]
        if was is None and row.before is not None:
            what = _("er oprettet af en anden")
        elif was is not None and row.before is None:
            what = _("er slettet")
        else:
            what = _("er ændret")
        problems.append(
            _(
                "Linje %(line)d (%(project)s, %(area)s): den oplevede udfordring %(what)s, "
                "siden du så forhåndsvisningen."
            )
            % {
                "line": row.line,
                "project": row.observation.project,
                "area": row.observation.area,
                "what": what,
            }
        )
    return problems


def import_observations(*, text, user, file_name, can_change, can_publish, snapshot):
    """Check ``text`` again and save every row in one transaction, or none.

    ``snapshot`` is the preview's (:func:`preview_snapshot`): if any affected observation
    is not as it showed, nothing is saved and ``errors`` names the lines. Returns the
    ImportCheck; ``saved`` says whether the rows were saved. Each new or changed
    observation is saved with ``save()`` and recorded in the admin's log; the changes of
    published observations that ``user`` may not publish wait for review instead.
    """
    shown = _snapshot_rows(snapshot)
    name = file_name[:100]
    try:
        with transaction.atomic():
            result = check_file(text, can_change=can_change, can_publish=can_publish, lock=True)
            if not result.is_valid:
                return result
            if shown is None:
                result.errors.append(_("Forhåndsvisningen kan ikke læses. Upload filen igen."))
                return result
            if problems := _changed_since_preview(result, shown):
                result.errors += [
                    *problems,
                    _("Intet er gemt. Upload filen igen for at se, hvordan den passer nu."),
                ]
                return result
            _save_rows(result, user=user, name=name)
    except IntegrityError:
        result.errors.append(
            _(
                "Rækkerne kunne ikke gemmes, fordi nogen har ændret de samme oplevede "
                "udfordringer imens. Intet er gemt. Upload filen igen for at se, hvordan "
                "den passer nu."
            )
        )
        return result
    result.saved = True
    return result


def _save_rows(result, *, user, name):
    added = [row.observation for row in result.rows if row.action == "new"]
    changed, proposed = defaultdict(list), []
    for row in result.rows:
        if row.action != "update":
            continue
        if row.reviewed:
            propose_change(obj=row.observation, user=user, field_names=row.changed_names)
            proposed.append(row.observation)
        else:
            changed[tuple(row.changed)].append(row.observation)
    for observation in [*added, *(obs for group in changed.values() for obs in group)]:
        observation.save()
    # The records the import created, then its observations: one entry each, one message.
    created = [*record_import.save(result.records), *added]
    if created:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=created,
            action_flag=ADDITION,
            change_message=_("Oprettet ved import fra CSV-filen »%(name)s«.") % {"name": name},
        )
    for fields, observations in changed.items():
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=observations,
            action_flag=CHANGE,
            change_message=_("Ændret ved import fra CSV-filen »%(name)s«: %(fields)s.")
            % {"name": name, "fields": ", ".join(fields)},
        )
    if proposed:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=proposed,
            action_flag=CHANGE,
            change_message=_(
                "Ændring foreslået ved import fra CSV-filen »%(name)s«; den venter på gennemsyn."
            )
            % {"name": name},
        )
