"""The editors' workplace: publishing, no lost edits, history, draft preview and lockout.

Building blocks for the ModelAdmins of ``projects``, ``challenges`` and ``resources``:

- :class:`WorkflowAdminMixin`: the status column and filter (kladde, klar til gennemsyn,
  offentliggjort) and the actions »Offentliggør«, »Afpublicér« and »Markér som klar til
  gennemsyn«. Only users with the model's ``publish_<model>`` permission may publish or
  unpublish, in an action or a form (``temperatur.core.workflow``); publishing a row publishes
  its ready child rows too, and others' changes to published rows wait for review
  (``temperatur.editors.review_admin``).
- :class:`ConcurrentEditMixin`: optimistic locking. The change form carries a signed
  snapshot of the row (and of its inline rows) as the editor opened it; saving compares
  it with the row, locked, inside the save's transaction. If someone else saved in
  between, nothing is saved: the editor gets the form back with their own input, a list
  of what the other editor changed, and every field they had not touched brought up to
  date. A save the database still refuses (a duplicate saved at the same instant) brings
  the form back too, never a server error; a list action on impossible row keys is a 400
  (:class:`ActionKeysMixin`).
- :class:`HistoryAdmin`: the history of a row (django-simple-history) in Danish, field by
  field, old → new, with who and when, and restore of any earlier version.
- :class:`DraftPreviewMixin`: »Vis kladde«, the public page of an unpublished row, for
  staff only, never cached.

Also the lockout page of django-axes (:func:`lockout_response`); the address it locks is
``temperatur.web.proxies.client_ip``.
"""

import itertools
import re
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, model_ngettext, quote, unquote
from django.core import signing
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import IntegrityError, router, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

from temperatur.core.workflow import PublicationState, publish_codename, state_fields
from temperatur.editors import review
from temperatur.editors.pending import stored_value as _stored_value
from temperatur.editors.review_admin import ReviewedChangesMixin, report_children
from temperatur.editors.values import format_value

# Publishing


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "tilstand"

    def lookups(self, request, model_admin):
        return PublicationState.choices

    def queryset(self, request, queryset):
        if self.value() in PublicationState.values:
            return queryset.filter(PublicationState(self.value()).condition)
        return queryset


class WorkflowAdminMixin(ReviewedChangesMixin):
    """Publishing for a model with ``PublicationMixin`` (``temperatur.core.workflow``), and review
    of changes to published rows by those who may not publish (``temperatur.editors.review_admin``).
    """

    actions = ["publish", "unpublish", "mark_ready_for_review"]

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm(f"{self.opts.app_label}.{publish_codename(self.model)}")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request) and "is_published" not in fields:
            fields.append("is_published")
        return fields

    def save_model(self, request, obj, form, change):
        if not self.has_publish_permission(request):
            # The field is read-only for them, so the form ignores a crafted value; this also
            # keeps a restored old version from changing whether the row is public.
            manager = type(obj)._default_manager
            obj.is_published = change and manager.filter(pk=obj.pk, is_published=True).exists()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("status"), ordering="is_published")
    def publication_status(self, obj):
        return obj.get_publication_state_display()

    def _set_state(self, request, queryset, change, reason):
        """Apply ``change`` to each selected row; save (and record) those it changed.

        Row by row, so that each change is in the history with who made it, and the
        caches and the project pages' »Senest opdateret« follow (signals).
        """
        with transaction.atomic(using=router.db_for_write(self.model)):
            rows = list(
                self.model._default_manager.select_for_update()
                .filter(pk__in=queryset.values("pk"))
                .order_by("pk")
            )
            for obj in rows:
                if change(obj):
                    obj._history_user = request.user
                    obj._change_reason = reason
                    obj.save(update_fields=state_fields(self.model))
        return rows

    def _require_publish_permission(self, request):
        # Django hides the action from them and refuses it; say no here too.
        if not self.has_publish_permission(request):
            raise PermissionDenied

    def _report(self, request, count, message, level=messages.SUCCESS):
        if count:
            self.message_user(
                request,
                message % {"count": count, "items": model_ngettext(self.opts, count)},
                level,
            )

    @admin.action(description=_("Offentliggør"), permissions=["publish"])
    def publish(self, request, queryset):
        """Publish the selected rows that may be, and with them their ready child rows."""
        self._require_publish_permission(request)
        result = review.publish_rows(
            model=self.model,
            pks=list(queryset.values_list("pk", flat=True)),
            user=request.user,
            reason=gettext("Offentliggjort fra oversigten"),
        )
        self._report(
            request,
            len(result.published),
            _("%(count)d %(items)s er nu offentliggjort."),
        )
        for row, problems in result.refused:
            self.message_user(
                request,
                gettext("»%(name)s« er ikke offentliggjort: %(problems)s")
                % {"name": row, "problems": " ".join(str(text) for text in problems.values())},
                messages.ERROR,
            )
        report_children(self, request, result.children)

    @admin.action(description=_("Afpublicér"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._require_publish_permission(request)

        def change(obj):
            if not obj.is_published:
                return False
            obj.is_published = False
            return True

        rows = self._set_state(request, queryset, change, gettext("Afpubliceret fra oversigten"))
        self._report(
            request,
            len(rows),
            _("%(count)d %(items)s er nu skjult for offentligheden."),
        )

    @admin.action(description=_("Markér som klar til gennemsyn"), permissions=["change"])
    def mark_ready_for_review(self, request, queryset):
        def change(obj):
            if obj.is_published or obj.ready_for_review:
                return False
            obj.ready_for_review = True
            return True

        rows = self._set_state(
            request, queryset, change, gettext("Markeret som klar til gennemsyn fra oversigten")
        )
        self._report(
            request,
            sum(not obj.is_published for obj in rows),
            _("%(count)d %(items)s er markeret som klar til gennemsyn."),
        )
        self._report(
            request,
            sum(obj.is_published for obj in rows),
            _(
                "%(count)d %(items)s er allerede offentliggjort og er ikke ændret. Afpublicér "
                "først, hvis de skal gennemses igen."
            ),
            messages.WARNING,
        )


# No lost edits

EDIT_TOKEN = "edit_token"
_TOKEN_SALT = (
    "temperatur.editing.snapshot"  # unchanged by the move: tokens in open forms stay valid
)


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


class ActionKeysMixin:
    """A list action on rows whose keys cannot exist (a crafted ``_selected_action=abc``)
    is a bad request (400), not a server error from the database lookup."""

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(_is_key(self.model, value) for value in selected):
            raise BadRequest("selected rows with impossible keys")
        return super().response_action(request, queryset)


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


# History

HISTORY_TYPES = {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}


def _is_key(model, value):
    """Whether ``value`` can be a primary key of ``model`` (else a lookup would raise)."""
    try:
        model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return True


class HistoryAdmin(SimpleHistoryAdmin):
    """The history of a tracked row, in Danish, and restore of an earlier version."""

    object_history_template = "admin/temperatur/object_history.html"
    object_history_list_template = "admin/temperatur/_object_history_list.html"
    object_history_form_template = "admin/temperatur/object_history_form.html"
    history_list_per_page = 50
    #: Changed on every save or publication; the list shows when anyway.
    history_excluded_fields = ("created_at", "updated_at", "published_changed_at")

    def history_view(self, request, object_id, extra_context=None):
        if not _is_key(self.model, unquote(object_id)):
            raise Http404
        exists = self.model._default_manager.filter(pk=unquote(object_id)).exists()
        return super().history_view(
            request, object_id, {"object_exists": exists, **(extra_context or {})}
        )

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)  # none for a row loaded before history was kept
        for record, older in itertools.zip_longest(records, records[1:]):
            record.kind = HISTORY_TYPES.get(record.history_type, record.history_type)
            if record.history_type != "~":
                continue
            # The oldest on this page is compared with the one before it, on the next page.
            older = older or record.prev_record
            if older is None:
                record.is_first_known = True  # e.g. loaded from the fixtures
                continue
            delta = record.diff_against(
                older,
                excluded_fields=self.history_excluded_fields,
                foreign_keys_are_objs=foreign_keys_are_objs,
            )
            record.history_delta_changes = [self._change(change) for change in delta.changes]

    def _change(self, change):
        field = self.model._meta.get_field(change.field)

        def value(raw):
            if field.many_to_many:
                through_name = get_m2m_reverse_field_name(field)
                raw = [row[through_name] for row in raw]
            return format_value(field, raw)

        return {
            "field": capfirst(field.verbose_name),
            "old": value(change.old),
            "new": value(change.new),
        }

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history_model = self.model.history.model
        if not (_is_key(self.model, unquote(object_id)) and _is_key(history_model, version_id)):
            raise Http404  # e.g. a version number with letters in it
        record = get_object_or_404(
            history_model, **{self.opts.pk.attname: unquote(object_id), "history_id": version_id}
        )
        request.restoring = record
        context = {
            "record": record,
            "record_kind": HISTORY_TYPES.get(record.history_type),
            # The restore form has the row's own fields only (simple-history shows no inlines).
            "inline_admin_formsets": [],
            **(extra_context or {}),
        }
        return super().history_form_view(request, object_id, version_id, context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        record = getattr(request, "restoring", None)
        if record is None:
            return form
        # The restored row's own fields come from the old version; its many-to-many
        # relations must too (the old version keeps them in tables of its own).
        initial = {
            field.name: [
                getattr(row, f"{get_m2m_reverse_field_name(field)}_id")
                for row in getattr(record, field.name).all()
            ]
            for field in self.model._meta.many_to_many
            if field.name in form.base_fields and hasattr(record, field.name)
        }

        class RestoreForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(initial)

        RestoreForm.__name__ = form.__name__
        return RestoreForm

    def save_model(self, request, obj, form, change):
        record = getattr(request, "restoring", None)
        if record is not None:
            obj._change_reason = gettext("Gendannet fra udgaven fra %(date)s") % {
                "date": format_value(None, record.history_date)
            }
        super().save_model(request, obj, form, change)


# Draft preview


class DraftPreviewMixin:
    """»Vis kladde«: the public page of a row, drafts included, for staff only.

    Subclasses implement ``preview_response(request, obj, context)``, rendering the public
    template with ``context`` added (the banner's). The view lives inside the admin, so
    only logged-in staff reach it (others go to the login page) and it is never cached:
    the page cache leaves the admin alone, and the response says ``private, no-store``.
    """

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_preview"
        view = self.admin_site.admin_view(self.preview_view)
        return [path("<path:object_id>/kladde/", view, name=name), *super().get_urls()]

    def preview_url(self, obj):
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_preview"
        return reverse(name, args=[quote(obj.pk)], current_app=self.admin_site.name)

    def preview_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )
        response = self.preview_response(
            request, obj, {"preview": {"object": obj, "change_url": change_url}}
        )
        if hasattr(response, "render"):
            response.render()
        patch_cache_control(response, private=True, no_store=True)
        return response

    def preview_response(self, request, obj, context):
        raise NotImplementedError

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and not obj.is_published:
            context["preview_url"] = self.preview_url(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


# Failed logins (django-axes)


def lockout_response(request, original_response=None, credentials=None):
    """The page for a locked-out login, in the admin's look: why, and how long to wait."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        **admin.site.each_context(request),
        "title": _("Kontoen er midlertidigt låst"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cooloff.total_seconds() // 60),
        "unlocked_at": timezone.localtime() + cooloff,
    }
    return render(request, "axes/lockout.html", context, status=429)
