"""Review of changes to published content in the admin (the services:
``temperatur.editors.review``).

- :class:`ReviewedChangesMixin`, part of every workflow ModelAdmin
  (``temperatur.editors.publishing.WorkflowAdminMixin``): for a user without the model's
  ``publish_<model>`` permission, saving a published row stores a pending change instead,
  also for the published rows of its inlines; opening the row again shows that pending
  version. Publishing a row in its form also publishes its ready child rows.
- :class:`WorkflowInlineMixin`, for the inlines of workflow models: »offentliggjort« is
  read-only for those who may not publish, and their rows show their pending versions.

The list of changes, the review page and the review queue are in ``pending_admin.py``.
"""

from django.contrib import messages
from django.contrib.admin.utils import model_ngettext
from django.urls import reverse
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext

from temperatur.core.workflow import is_publishable, publication_children, publish_permission
from temperatur.editors import review
from temperatur.editors.pending import PendingChange, proposable_fields


def may_publish(user, model):
    return user.has_perm(publish_permission(model))


def with_m2m_overlay(form_class):
    """``form_class`` whose many-to-many fields start from the pending version's values."""

    class PendingVersionForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, pks in getattr(self.instance, "_m2m_overlay", {}).items():
                if name in self.fields:
                    self.initial[name] = list(pks)

    PendingVersionForm.__name__ = form_class.__name__
    return PendingVersionForm


def _propose_from_form(request, form):
    """Keep what ``form`` (valid, of a published row) would save as the row's open change."""
    obj = form.instance
    names = {f.name for f in proposable_fields(type(obj))} & set(form.fields)
    many = {f.name for f in type(obj)._meta.many_to_many}
    obj._m2m_overlay = {
        **getattr(obj, "_m2m_overlay", {}),
        **{name: [item.pk for item in form.cleaned_data[name]] for name in names & many},
    }
    # The form's many-to-many values are part of the change, not saved on the row.
    form.save_m2m = lambda: None
    return review.propose_change(obj=obj, user=request.user, field_names=names)


def _is_published_row(obj):
    return (
        obj.pk is not None
        and not obj._state.adding
        and type(obj)._default_manager.filter(pk=obj.pk, is_published=True).exists()
    )


class ReviewedChangesMixin:
    """Changes to published rows by those who may not publish them wait for review."""

    def _proposes_changes(self, request, obj):
        return (
            obj is not None
            and is_publishable(type(obj))
            and not may_publish(request.user, type(obj))
            and _is_published_row(obj)
        )

    def editing_version(self, request, obj):
        """The row as this user edits it: with its open change, for one who may not publish."""
        if obj is not None and obj.is_published and not may_publish(request.user, self.model):
            change = review.open_change(obj)
            if change is not None:
                change.apply_to(obj)
        return obj

    def get_object(self, request, object_id, from_field=None):
        return self.editing_version(request, super().get_object(request, object_id, from_field))

    def get_form(self, request, obj=None, change=False, **kwargs):
        return with_m2m_overlay(super().get_form(request, obj, change=change, **kwargs))

    def save_model(self, request, obj, form, change):
        if change and self._proposes_changes(request, obj):
            request.proposed_change = (str(obj), _propose_from_form(request, form))
            return
        published_before = change and _is_published_row(obj)
        super().save_model(request, obj, form, change)
        if obj.is_published and not published_before:
            request.published_now = obj

    def save_formset(self, request, form, formset, change):
        model = formset.model
        if not is_publishable(model) or may_publish(request.user, model):
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        proposed = 0
        for row_form in formset.saved_forms:
            row = row_form.instance
            if _is_published_row(row):
                _propose_from_form(request, row_form)
                proposed += 1
            else:
                if row._state.adding:
                    row.is_published = False  # only those who may publish do
                row.save()
                row_form.save_m2m()
        for row in formset.deleted_objects:
            row.delete()
        if proposed:
            messages.info(
                request,
                gettext(
                    "Dine ændringer i %(count)d %(items)s venter på gennemsyn; det offentlige "
                    "site viser de offentliggjorte udgaver, indtil en redaktør godkender dem."
                )
                % {"count": proposed, "items": model_ngettext(model._meta, proposed)},
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        published = getattr(request, "published_now", None)
        if published is not None:
            children = review.publish_children(
                model=type(published), parents=[published], user=request.user
            )
            report_children(self, request, children)

    def log_change(self, request, obj, message):
        if hasattr(request, "proposed_change"):
            message = gettext("Ændring foreslået; den venter på gennemsyn.")
        return super().log_change(request, obj, message)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # The admin's »… blev ændret« would be untrue for a change that waits for review.
        if hasattr(request, "proposed_change") and level == messages.SUCCESS:
            name, change = request.__dict__.pop("proposed_change")
            if change is None:
                message = gettext(
                    "»%(name)s« selv er ikke ændret i forhold til den offentliggjorte udgave."
                ) % {"name": name}
            else:
                message = gettext(
                    "Din ændring af »%(name)s« venter nu på gennemsyn. Det offentlige site "
                    "viser den offentliggjorte udgave, indtil en redaktør godkender ændringen."
                ) % {"name": name}
        return super().message_user(request, message, level, *args, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and is_publishable(type(obj)):
            pending = getattr(obj, "_pending_change", None) or review.open_change(obj)
            context["review"] = {
                "change": pending,
                "url": pending and review_url(pending),
                "proposes": self._proposes_changes(request, obj),
                "children": _open_child_changes(obj),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)


def _open_child_changes(obj):
    """The open changes of the rows that belong to ``obj`` (its registered children)."""
    changes = []
    for child_model, fk in publication_children(type(obj)):
        pks = child_model._default_manager.filter(**{fk: obj}).values_list("pk", flat=True)
        changes += PendingChange.objects.open().for_objects(child_model, pks)
    return [(change, review_url(change)) for change in changes]


def report_children(model_admin, request, children):
    """Say which child rows were published along, and which are still drafts."""
    for child_model, published, drafts in children:
        opts = child_model._meta
        if published:
            model_admin.message_user(
                request,
                gettext("%(count)d %(items)s, der var klar til gennemsyn, er offentliggjort med.")
                % {"count": published, "items": model_ngettext(opts, published)},
                messages.SUCCESS,
            )
        if drafts:
            names = [f"»{row}«" for row in drafts[: review.DRAFTS_NAMED]]
            if len(drafts) > review.DRAFTS_NAMED:
                names.append(gettext("flere"))
            model_admin.message_user(
                request,
                gettext(
                    "Stadig kladde og ikke offentlig: %(items)s %(names)s. Markér dem som klar "
                    "til gennemsyn, og offentliggør dem, når de er færdige."
                )
                % {
                    "items": capfirst(opts.verbose_name_plural),
                    "names": get_text_list(names, gettext("og")),
                },
                messages.WARNING,
            )


class WorkflowInlineMixin:
    """An inline of a workflow model: publishing only for those who may; pending versions."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not may_publish(request.user, self.model) and "is_published" not in fields:
            fields.append("is_published")
        return fields

    def editing_rows(self, request, rows):
        """``rows`` as this user edits them (the edit token of the parent's form reads it)."""
        if not may_publish(request.user, self.model):
            review.apply_open_changes(rows)
        return rows

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if may_publish(request.user, self.model):
            return formset
        inline = self

        class PendingVersionFormSet(formset):
            form = with_m2m_overlay(formset.form)

            def get_queryset(self):
                queryset = super().get_queryset()
                if not getattr(self, "_pending_versions", False):
                    self._pending_versions = True
                    inline.editing_rows(request, queryset)  # fills the queryset's cache
                return queryset

        PendingVersionFormSet.__name__ = formset.__name__
        return PendingVersionFormSet


def review_url(change):
    return reverse("admin:temperatur_pendingchange_change", args=[change.pk])
