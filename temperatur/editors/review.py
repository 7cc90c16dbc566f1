"""Review of changes to published content, and publishing: the writes, each in one transaction.

- :func:`propose_change`: a Skribent's edit of a published row becomes (or updates) the
  row's open :class:`~temperatur.editors.pending.PendingChange`; the row is not touched.
- :func:`approve_change`: a Redaktør puts the proposed values on the row, checked again
  as a form would check them; the history records who proposed and who approved.
- :func:`return_change` and :func:`withdraw_change`: back to the writer with a note, or
  dropped.
- :func:`publish_rows`: publish rows, refusing those that lack what publishing requires,
  and with each the rows of its registered children that are ready for review
  (``temperatur.core.workflow.register_publication_child``).

Keyword-only functions; the admin (``review_admin.py``, ``pending_admin.py``) wires them to
forms.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.utils import timezone
from django.utils.translation import gettext

from temperatur.core.workflow import publication_children, publish_permission, state_fields
from temperatur.editors.pending import PendingChange, proposable_fields, stored_value

#: How many of the child rows left as drafts a publication names.
DRAFTS_NAMED = 5


class ReviewError(Exception):
    """The change cannot be approved as it is; the message says why, in Danish."""


def _atomic(model):
    return transaction.atomic(using=router.db_for_write(model))


def _locked_open(change):
    """``change`` read again and locked until the transaction ends: whoever decided it
    meanwhile wins, and this decision is refused."""
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if not change.is_open:
        raise ReviewError(gettext("Ændringen er allerede behandlet."))
    return change


def _user_name(user):
    if user is None:
        return gettext("ukendt")
    return user.get_full_name() or user.get_username()


# Showing what waits


def open_change(obj):
    """The change of ``obj`` that waits for review or was sent back, if any."""
    if obj is None or obj.pk is None:
        return None
    return PendingChange.objects.open().for_object(obj).select_related("author").first()


def apply_open_changes(rows):
    """Put the open change of each published row of ``rows`` on it (in memory); one query."""
    rows = [row for row in rows if row.pk is not None and row.is_published]
    if not rows:
        return
    by_pk = {row.pk: row for row in rows}
    for change in PendingChange.objects.open().for_objects(type(rows[0]), by_pk):
        change.apply_to(by_pk[change.object_id])


# Proposing


def propose_change(*, obj, user, field_names):
    """Keep ``obj``'s values of ``field_names`` as the open change of its (published) row.

    ``obj`` is the row as the editor's form made it, not saved (many-to-many values in
    ``obj._m2m_overlay``). Only fields that differ from the live row are kept; fields the
    form did not have keep what an earlier version of the change proposed. Returns the open
    change, or ``None`` when nothing differs any more (an open change is then withdrawn).
    """
    model = type(obj)
    fields = [f for f in proposable_fields(model) if f.name in set(field_names)]
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    with _atomic(model):
        live = model._default_manager.select_for_update().get(pk=obj.pk)
        change = (
            PendingChange.objects.open()
            .select_for_update()
            .filter(content_type=content_type, object_id=obj.pk)
            .first()
        )
        names = {f.name for f in fields}
        proposed, base = {}, {}
        if change is not None:
            proposed = {k: v for k, v in change.proposed.items() if k not in names}
            base = {k: v for k, v in change.base.items() if k in proposed}
        for f in fields:
            new, old = stored_value(obj, f), stored_value(live, f)
            if new != old:
                proposed[f.name] = new
                # The row as the writer first saw it: the review shows if it moved since.
                base[f.name] = change.base.get(f.name, old) if change is not None else old
        if not proposed:
            if change is not None:
                change.state = PendingChange.State.WITHDRAWN
                change.last_editor = user
                change.save(update_fields=["state", "last_editor", "updated_at"])
            return None
        if change is None:
            change = PendingChange(content_type=content_type, object_id=obj.pk, author=user)
        change.proposed, change.base = proposed, base
        change.state = PendingChange.State.WAITING
        change.last_editor = user
        change.object_repr = str(live)[:200]
        change.save()
        return change


# Deciding


def _validation_messages(error):
    if hasattr(error, "message_dict"):
        return [text for texts in error.message_dict.values() for text in texts]
    return list(error.messages)


def approve_change(*, change, reviewer):
    """Put the proposed values on the row and close the change; returns the row.

    Checked first as the editor's form was (fields, rules, unique values, what publishing
    requires): on a problem nothing is saved and :class:`ReviewError` says what. Returns
    ``None`` when the row no longer exists (the change is then withdrawn).
    """
    model = change.model
    with _atomic(model):
        change = _locked_open(change)
        obj = model._default_manager.select_for_update().filter(pk=change.object_id).first()
        if obj is None:
            change.state = PendingChange.State.WITHDRAWN
            change.reviewer, change.reviewed_at = reviewer, timezone.now()
            change.save()
            return None
        change.apply_to(obj)
        try:
            obj.full_clean()
        except ValidationError as error:
            raise ReviewError(
                gettext("Ændringen kan ikke godkendes, som den er: %(problems)s")
                % {"problems": " ".join(_validation_messages(error))}
            ) from None
        obj._history_user = reviewer
        obj._change_reason = gettext("Ændring fra %(author)s, godkendt af %(reviewer)s") % {
            "author": _user_name(change.author),
            "reviewer": _user_name(reviewer),
        }
        try:
            with transaction.atomic(using=router.db_for_write(model)):
                obj.save()
                for name, pks in obj._m2m_overlay.items():
                    related = model._meta.get_field(name).related_model
                    getattr(obj, name).set(related._default_manager.filter(pk__in=pks))
        except IntegrityError:
            raise ReviewError(
                gettext(
                    "Ændringen kan ikke godkendes, fordi den strider mod andet indhold (fx en "
                    "adresse, der allerede er i brug). Send den tilbage med en besked."
                )
            ) from None
        change.state = PendingChange.State.APPROVED
        change.reviewer, change.reviewed_at = reviewer, timezone.now()
        change.save()
        return obj


def return_change(*, change, reviewer, note):
    """Send the change back to its writer with ``note``; the row is not touched."""
    with _atomic(PendingChange):
        change = _locked_open(change)
        change.state = PendingChange.State.RETURNED
        change.note = note
        change.reviewer, change.reviewed_at = reviewer, timezone.now()
        change.save()
        return change


def withdraw_change(*, change, user):
    """Drop the change; the row is not touched."""
    with _atomic(PendingChange):
        change = _locked_open(change)
        change.state = PendingChange.State.WITHDRAWN
        change.last_editor = user
        change.save()
        return change


# Publishing


@dataclass
class Published:
    """What :func:`publish_rows` did."""

    published: list = field(default_factory=list)
    #: ``[(row, {field name: message})]``: not published, and why.
    refused: list = field(default_factory=list)
    #: ``[(child model, rows published with their parents, [rows still drafts])]``.
    children: list = field(default_factory=list)


def _publish(row, *, user, reason):
    row.is_published = True
    row._history_user = user
    row._change_reason = reason
    row.save(update_fields=state_fields(type(row)))


def publish_rows(*, model, pks, user, reason):
    """Publish the rows of ``model`` with keys ``pks``, and with them their ready child rows.

    A row that lacks what publishing requires (``publication_problems``) is refused. The
    registered child rows of every selected row that is published afterwards are
    published where they are ready for review (:func:`publish_children`).
    """
    result = Published()
    with _atomic(model):
        rows = list(model._default_manager.select_for_update().filter(pk__in=pks).order_by("pk"))
        for row in rows:
            if row.is_published:
                continue
            if problems := row.publication_problems():
                result.refused.append((row, problems))
                continue
            _publish(row, user=user, reason=reason)
            result.published.append(row)
        parents = [row for row in rows if row.is_published]
        result.children = publish_children(model=model, parents=parents, user=user)
    return result


def publish_children(*, model, parents, user):
    """Publish the ready rows of the registered children of ``parents`` (rows of ``model``),
    where ``user`` may publish them. ``[(child model, published, [rows still drafts])]``."""
    counts = []
    if not parents:
        return counts
    with _atomic(model):
        for child_model, fk in publication_children(model):
            if not user.has_perm(publish_permission(child_model)):
                continue
            rows = child_model._default_manager.filter(**{f"{fk}__in": parents})
            ready = rows.select_for_update().filter(is_published=False, ready_for_review=True)
            published = 0
            for child in ready.order_by("pk"):
                if child.publication_problems():
                    continue
                reason = gettext("Offentliggjort sammen med »%(parent)s«") % {
                    "parent": getattr(child, fk)
                }
                _publish(child, user=user, reason=reason)
                published += 1
            drafts = list(rows.filter(is_published=False).order_by("pk")[: DRAFTS_NAMED + 1])
            counts.append((child_model, published, drafts))
    return counts
