"""No lost edits: optimistic locking of the admin's change forms.

:class:`ConcurrentEditMixin`: the change form carries a signed snapshot of the row (and of
its inline rows) as the editor opened it; saving compares it with the row, locked, inside
the save's transaction. If someone else saved in between, nothing is saved: the editor
gets the form back with their own input, a list of what the other editor changed, and
every field they had not touched brought up to date. A save the database still refuses (a
duplicate saved at the same instant) brings the form back too, never a server error; a
list action on impossible row keys is a 400 (``temperatur.editors.keys``).
"""

import re
from dataclasses import dataclass

from django import forms
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from temperatur.editors.keys import ActionKeysMixin
from temperatur.editors.pending import stored_value as _stored_value
from temperatur.editors.values import format_value

EDIT_TOKEN = "edit_token"
# The salt keeps the module's old name, so forms opened before the move stay valid.
_TOKEN_SALT = "temperatur.editing.snapshot"


def _editable_fields(model, exclude=()):
    """The fields an editor can change in a form: concrete or many-to-many, not the key."""
    return [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.editable and not field.primary_key and field.name not in exclude
    ]


def _python_value(field, stored):
    if field.is_relation:
        return stored  # keys, which the form fields compare as they are
    return field.to_python(stored)


def _current_display(obj, field):
    if field.many_to_many:
        return format_value(field, list(getattr(obj, field.name).all()))
    if field.is_relation:
        return format_value(field, getattr(obj, field.name))
    return format_value(field, field.value_from_object(obj))


def _put(data, html_name, value):
    """Write a field's stored value into POST data, as the browser would have sent it."""
    if isinstance(value, bool):
        if value:
            data[html_name] = "on"
        else:
            data.pop(html_name, None)
    elif isinstance(value, list):
        data.setlist(html_name, [str(item) for item in value])
    else:
        data[html_name] = "" if value is None else str(value)


@dataclass
class Change:
    """One thing another editor changed: where, to what, and what became of it here."""

    TAKEN = "taken"  # brought into the form: the editor had not touched it
    BOTH = "both"  # the editor changed it too: their input stays in the form
    SAVED = "saved"  # saved, but not in this editor's form (read-only, a new inline row)
    REMOVED = "removed"  # an inline row the other editor deleted, removed from the form
    AS_NEW = "as_new"  # an inline row the other editor deleted; the editor's edits made new

    label: str
    value: str
    outcome: str

    @property
    def explanation(self):
        return {
            self.TAKEN: _("Sat ind i formularen."),
            self.BOTH: _("Du har også ændret feltet. Din indtastning står i formularen; vælg."),
            self.SAVED: _("Gemt. Vises, når du har gemt og åbner siden igen."),
            self.REMOVED: _("Slettet af den anden. Rækken er taget ud af formularen."),
            self.AS_NEW: _(
                "Slettet af den anden. Dine ændringer i rækken står nu som en ny række; fjern "
                "den, hvis den ikke skal med."
            ),
        }[self.outcome]


@dataclass
class EditConflict:
    message: str
    changes: list


def _snapshot_token(snapshot):
    return signing.dumps(snapshot, salt=_TOKEN_SALT, compress=True)


def _snapshot_from_token(token):
    try:
        return signing.loads(token, salt=_TOKEN_SALT)
    except signing.BadSignature:
        return None


def _with_edit_token(form_class, token, conflict):
    """``form_class`` plus the hidden token; invalid while there is a conflict."""

    class EditForm(form_class):
        edit_token = forms.CharField(widget=forms.HiddenInput, required=False, initial=token)

        def clean(self):
            cleaned_data = super().clean()
            if conflict is not None:
                raise ValidationError(conflict.message, code="edit_conflict")
            return cleaned_data

    EditForm.__name__ = form_class.__name__
    return EditForm


_ROW_KEY = r"^{prefix}-(\d+)-(.+)$"

SAVE_FAILED = _(
    "Intet er gemt: en anden har netop gemt noget, der ikke kan stå side om side med dine "
    "ændringer (fx den samme række to gange). Dine indtastninger står stadig i formularen. "
    "Kontrollér rækkerne, ret det, der er dobbelt, og gem igen."
)


def _refusing(form_class, message):
    """``form_class``, invalid with ``message`` (the save it would make failed)."""

    class RefusedForm(form_class):
        def clean(self):
            super().clean()
            raise ValidationError(message, code="save_failed")

    RefusedForm.__name__ = form_class.__name__
    return RefusedForm


class ConcurrentEditMixin(ActionKeysMixin):
    """No silent overwrite when two editors change the same row (optimistic locking).

    The token in the change form is a signed snapshot of the editable fields of the row
    and its inline rows as the form showed them. On save the row is locked
    (``select_for_update`` inside the admin's transaction) and its snapshot compared with
    the token. Equal: the save goes ahead. Different: nothing is saved; the form comes
    back with the editor's own input, the list of changes, every field the editor had not
    touched brought up to date, and a new token, so that saving again succeeds.
    """

    #: How the conflict message names the row, e.g. »dette projekt«.
    edit_conflict_subject = _("dette indhold")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return self._guarded_changeform_view(request, object_id, form_url, extra_context)
        try:
            return self._guarded_changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # A row the form checked as unique was saved by someone else between the check
            # and the save (nothing of this save is kept): the form again, the input in it.
            request.save_failed = True
            return self._guarded_changeform_view(request, object_id, form_url, extra_context)

    def _guarded_changeform_view(self, request, object_id, form_url, extra_context):
        if object_id is None or (request.method == "POST" and "_saveasnew" in request.POST):
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                if request.method == "POST":
                    # Until the save commits: a second editor saving now waits here, then
                    # sees this save in the comparison.
                    obj = self.model._default_manager.select_for_update().get(pk=obj.pk)
                    obj = self.editing_version(request, obj)
                snapshot, rows = self._edit_snapshot(request, obj)
                if request.method == "POST":
                    request.edit_conflict = self._edit_conflict(request, obj, snapshot, rows)
                request.edit_token = _snapshot_token(snapshot)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def editing_version(self, request, obj):
        """The row as this editor edits it (``ReviewedChangesMixin``: a pending version)."""
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "save_failed", False):
            form = _refusing(form, SAVE_FAILED)
        if not change or obj is None or not hasattr(request, "edit_token"):
            return form
        return _with_edit_token(form, request.edit_token, getattr(request, "edit_conflict", None))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["edit_conflict"] = getattr(request, "edit_conflict", None)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _inline_formsets(self, request, obj):
        """``(prefix, FormSet, inline)``, with the prefixes the change view gives them."""
        prefixes = {}
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            prefix = formset_class.get_default_prefix()
            prefixes[prefix] = prefixes.get(prefix, 0) + 1
            if prefixes[prefix] != 1 or not prefix:
                prefix = f"{prefix}-{prefixes[prefix]}"
            yield prefix, formset_class, inline

    def _edit_snapshot(self, request, obj):
        """The token's content, and the inline rows by prefix and key (to name them)."""
        snapshot = {
            "fields": {f.name: _stored_value(obj, f) for f in _editable_fields(self.model)},
            "inlines": {},
        }
        rows = {}
        for prefix, formset_class, inline in self._inline_formsets(request, obj):
            fields = _editable_fields(formset_class.model, exclude={formset_class.fk.name})
            queryset = inline.get_queryset(request).filter(**{formset_class.fk.name: obj})
            if hasattr(inline, "editing_rows"):  # as the inline shows them to this editor
                queryset = inline.editing_rows(request, list(queryset))
            rows[prefix] = {str(row.pk): row for row in queryset}
            snapshot["inlines"][prefix] = {
                key: {f.name: _stored_value(row, f) for f in fields}
                for key, row in rows[prefix].items()
            }
        return snapshot, rows

    def _edit_conflict(self, request, obj, current, rows):
        """``None`` when the row is as the editor's form showed it, else an EditConflict.

        On a conflict ``request.POST`` is replaced by a copy with the other editor's
        changes brought in where the editor had not changed the field, and a new token.
        """
        loaded = _snapshot_from_token(request.POST.get(EDIT_TOKEN, ""))
        if loaded == current:
            return None
        data = request.POST.copy()
        data[EDIT_TOKEN] = _snapshot_token(current)
        subject = self.edit_conflict_subject
        if loaded is None:
            request.POST = data
            return EditConflict(
                message=gettext(
                    "Formularen viste ikke, hvilken udgave af %(subject)s du redigerede, så "
                    "det kan ikke ses, om andre har gemt ændringer imens. Kontrollér felterne, "
                    "og gem igen."
                )
                % {"subject": subject},
                changes=[],
            )
        fields = flatten_fieldsets(self.get_fieldsets(request, obj))
        form_class = super().get_form(request, obj, change=True, fields=fields)
        changes = self._merge_fields(obj, loaded["fields"], current["fields"], form_class, data)
        for prefix, formset_class, _inline in self._inline_formsets(request, obj):
            changes += self._merge_rows(
                prefix,
                formset_class,
                loaded.get("inlines", {}).get(prefix, {}),
                current["inlines"].get(prefix, {}),
                rows.get(prefix, {}),
                data,
            )
        request.POST = data
        return EditConflict(
            message=gettext(
                "Nogen andre har gemt ændringer i %(subject)s, mens du redigerede. Intet er "
                "gemt endnu, og dine egne indtastninger står stadig i formularen. Se nedenfor, "
                "hvad der er ændret, ret det, der skal rettes, og gem igen."
            )
            % {"subject": subject},
            changes=changes,
        )

    def _merge_fields(self, obj, loaded, current, form_class, data):
        changes = []
        for field in _editable_fields(self.model):
            name = field.name
            if name not in current or loaded.get(name) == current[name]:
                continue
            form_field = form_class.base_fields.get(name)
            if form_field is None:
                outcome = Change.SAVED
            elif form_field.has_changed(
                _python_value(field, loaded.get(name)),
                form_field.widget.value_from_datadict(data, {}, name),
            ):
                outcome = Change.BOTH
            else:
                _put(data, name, current[name])
                outcome = Change.TAKEN
            changes.append(
                Change(capfirst(field.verbose_name), _current_display(obj, field), outcome)
            )
        return changes

    def _merge_rows(self, prefix, formset_class, loaded, current, rows, data):
        """Bring another editor's changes to the inline rows into the posted formset."""
        model = formset_class.model
        fields = _editable_fields(model, exclude={formset_class.fk.name})
        base_fields = formset_class.form.base_fields
        pk_name = model._meta.pk.name
        initial = int(data.get(f"{prefix}-INITIAL_FORMS") or 0)
        index = {data.get(f"{prefix}-{i}-{pk_name}"): i for i in range(initial)}
        noun = capfirst(model._meta.verbose_name)

        def edited(i, values):
            return any(
                base_fields[f.name].has_changed(
                    _python_value(f, values.get(f.name)),
                    base_fields[f.name].widget.value_from_datadict(
                        data, {}, f"{prefix}-{i}-{f.name}"
                    ),
                )
                for f in fields
                if f.name in base_fields
            )

        changes, removed, as_new = [], set(), set()
        for key, values in current.items():
            row = rows[key]
            if key not in loaded:
                changes.append(Change(f"{noun} »{row}«", gettext("Tilføjet"), Change.SAVED))
                continue
            for field in fields:
                if loaded[key].get(field.name) == values[field.name]:
                    continue
                i = index.get(key)
                label = f"{noun} »{row}«: {field.verbose_name}"
                display = _current_display(row, field)
                html_name = f"{prefix}-{i}-{field.name}"
                form_field = base_fields.get(field.name)
                if i is None or form_field is None:
                    outcome = Change.SAVED
                elif form_field.has_changed(
                    _python_value(field, loaded[key].get(field.name)),
                    form_field.widget.value_from_datadict(data, {}, html_name),
                ):
                    outcome = Change.BOTH
                else:
                    _put(data, html_name, values[field.name])
                    outcome = Change.TAKEN
                changes.append(Change(label, display, outcome))
        for key, values in loaded.items():
            if key in current or key not in index:
                continue
            i = index[key]
            name = gettext("række %(number)d") % {"number": i + 1}
            if edited(i, values):
                as_new.add(i)
                changes.append(Change(f"{noun} ({name})", gettext("Slettet"), Change.AS_NEW))
            else:
                removed.add(i)
                changes.append(Change(f"{noun} ({name})", gettext("Slettet"), Change.REMOVED))
        if removed or as_new:
            self._renumber_rows(data, prefix, pk_name, initial, removed, as_new)
        return changes

    @staticmethod
    def _renumber_rows(data, prefix, pk_name, initial, removed, as_new):
        """Drop the ``removed`` rows and turn the ``as_new`` rows into new (extra) rows."""
        pattern = re.compile(_ROW_KEY.format(prefix=re.escape(prefix)))
        by_row = {}
        for key in list(data.keys()):
            match = pattern.match(key)
            if match:
                by_row.setdefault(int(match[1]), {})[match[2]] = data.getlist(key)
                del data[key]
        total = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
        kept = [i for i in range(initial) if i not in removed and i not in as_new]
        order = kept + sorted(as_new) + list(range(initial, total))
        for new_index, old_index in enumerate(order):
            values = by_row.get(old_index, {})
            if old_index in as_new:
                values[pk_name] = [""]
            for suffix, value in values.items():
                data.setlist(f"{prefix}-{new_index}-{suffix}", value)
        data[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
        data[f"{prefix}-TOTAL_FORMS"] = str(len(order))
