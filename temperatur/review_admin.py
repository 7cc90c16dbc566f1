"""Review of changes to published content in the admin (the services: ``temperatur.review``).

- :class:`ReviewedChangesMixin`, part of every workflow ModelAdmin
  (``temperatur.editing.WorkflowAdminMixin``): for a user without the model's
  ``publish_<model>`` permission, saving a published row stores a pending change instead,
  also for the published rows of its inlines; opening the row again shows that pending
  version. Publishing a row in its form also publishes its ready child rows.
- :class:`WorkflowInlineMixin`, for the inlines of workflow models: »offentliggjort« is
  read-only for those who may not publish, and their rows show their pending versions.
- :class:`PendingChangeAdmin`: the list of changes (a writer sees their own) and the
  review page, field by field, with »Godkend«, »Send tilbage« and »Træk tilbage«.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext, quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from projects.workflow import is_publishable, publication_children, publish_permission

from . import review
from .pending import PendingChange, proposable_fields, python_value, stored_value
from .values import EMPTY, format_value


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


# The review page


def review_url(change):
    return reverse("admin:temperatur_pendingchange_change", args=[change.pk])


def _display(field, stored):
    """A stored value as the review shows it: names for keys, whole texts."""
    if stored is None or stored == "" or stored == []:
        return EMPTY
    if field.many_to_many:
        return format_value(field, list(field.related_model._default_manager.filter(pk__in=stored)))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=stored).first()
        return (
            str(related)
            if related is not None
            else gettext("slettet (nr. %(pk)s)") % {"pk": stored}
        )
    value = python_value(field, stored)
    if isinstance(value, str) and not field.choices:
        return value  # the whole text: a change may be anywhere in it
    return format_value(field, value)


def review_rows(change, live):
    """Field by field: the label, the published value, the proposed value, and the value
    when the change was proposed where the published one has moved since."""
    rows = []
    for field in change.fields():
        now = stored_value(live, field) if live is not None else None
        base = change.base.get(field.name, now)
        rows.append(
            {
                "label": capfirst(field.verbose_name),
                "live": _display(field, now),
                "proposed": _display(field, change.proposed[field.name]),
                "moved": _display(field, base) if live is not None and base != now else None,
            }
        )
    return rows


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Besked til skribenten"),
        help_text=_("Skal udfyldes, når ændringen sendes tilbage: hvad skal rettes?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StateFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("aaben", _("Venter eller sendt tilbage")), *PendingChange.State.choices]

    def queryset(self, request, queryset):
        if self.value() == "aaben":
            return queryset.open()
        if self.value() in PendingChange.State.values:
            return queryset.filter(state=self.value())
        return queryset


class PendingChangeAdmin(admin.ModelAdmin):
    """The changes waiting for review; a writer sees only their own."""

    list_display = ["object_repr", "kind", "author", "state", "updated_at"]
    list_display_links = ["object_repr"]
    list_filter = [StateFilter, ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["author", "content_type"]
    search_fields = ["object_repr"]
    search_help_text = _("Søg på indholdets navn.")
    list_per_page = 50
    review_template = "admin/temperatur/pendingchange/review.html"

    def _is_editor(self, request):
        user = request.user
        return (
            user.is_active
            and user.is_staff
            and any(
                user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
                for model in self.admin_site._registry
                if is_publishable(model)
            )
        )

    def _reviews_all(self, request):
        return any(
            may_publish(request.user, model)
            for model in self.admin_site._registry
            if is_publishable(model)
        )

    def has_module_permission(self, request):
        return self._is_editor(request)

    def has_view_permission(self, request, obj=None):
        return self._is_editor(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._reviews_all(request):
            return queryset
        return queryset.filter(Q(author=request.user) | Q(last_editor=request.user))

    @admin.display(description=_("indholdstype"), ordering="content_type__model")
    def kind(self, obj):
        model = obj.model
        return capfirst(model._meta.verbose_name) if model else EMPTY

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, unquote(object_id))
        if change is None or change.model is None or not self.has_view_permission(request):
            raise Http404
        model = change.model
        user = request.user
        may_review = change.is_open and may_publish(user, model)
        may_withdraw = change.is_open and (may_review or change.author_id == user.pk)
        form = ReviewForm(request.POST or None)
        if request.method == "POST":
            response = self._decide(request, change, form, may_review, may_withdraw)
            if response is not None:
                return response
        live = model._default_manager.filter(pk=change.object_id).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Ændring af %(kind)s »%(name)s«")
            % {"kind": model._meta.verbose_name, "name": change.object_repr},
            "change": change,
            "live": live,
            "live_opts": model._meta,
            "rows": review_rows(change, live),
            "form": form,
            "may_review": may_review,
            "may_withdraw": may_withdraw,
            "edit_url": live and self._admin_url(model, "change", live.pk),
            "public_url": live and live.is_published and _public_url(live),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.review_template, context)

    def _admin_url(self, model, view, *args):
        try:
            return reverse(
                f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}",
                args=[quote(arg) for arg in args],
            )
        except NoReverseMatch:
            return None

    def _decide(self, request, change, form, may_review, may_withdraw):
        """Carry out the button pressed; a redirect, or ``None`` to show the page again."""
        post = request.POST
        changelist = HttpResponseRedirect(reverse("admin:temperatur_pendingchange_changelist"))
        try:
            if "_approve" in post and may_review:
                obj = review.approve_change(change=change, reviewer=request.user)
                if obj is None:
                    self.message_user(
                        request,
                        gettext("Indholdet er slettet; ændringen er lukket."),
                        messages.WARNING,
                    )
                else:
                    self.message_user(
                        request,
                        gettext("Ændringen af »%(name)s« er godkendt og offentliggjort.")
                        % {"name": obj},
                        messages.SUCCESS,
                    )
                return changelist
            if "_return" in post and may_review:
                if not form.is_valid() or not form.cleaned_data["note"].strip():
                    if form.is_valid():
                        form.add_error(
                            "note",
                            gettext("Skriv til skribenten, hvad der skal rettes."),
                        )
                    return None
                review.return_change(
                    change=change, reviewer=request.user, note=form.cleaned_data["note"]
                )
                self.message_user(
                    request,
                    gettext("Ændringen af »%(name)s« er sendt tilbage til skribenten.")
                    % {"name": change.object_repr},
                    messages.SUCCESS,
                )
                return changelist
            if "_withdraw" in post and may_withdraw:
                review.withdraw_change(change=change, user=request.user)
                self.message_user(
                    request,
                    gettext("Ændringen af »%(name)s« er trukket tilbage.")
                    % {"name": change.object_repr},
                    messages.SUCCESS,
                )
                return changelist
        except review.ReviewError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.path)
        raise PermissionDenied


def _public_url(obj):
    get_url = getattr(obj, "get_absolute_url", None)
    try:
        return get_url() if get_url else None
    except NoReverseMatch:
        return None


# The review queue on the admin's front page


def _changelist_url(model, query=""):
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return None
    return f"{url}?{query}" if query else url


def review_queue(request, site=admin.site):
    """What waits for review, by kind, and the user's own changes and drafts.

    ``ready``: rows marked »klar til gennemsyn«; ``waiting``: changes to published rows;
    both ``[{"name", "count", "url"}]``. ``mine``: the user's open changes (sent back
    first); ``drafts``: ``[{"name", "rows": [(row, url)], "count"}]``, unpublished rows the
    user created. A fixed number of queries per kind of content.
    """
    user = request.user
    models = [
        model
        for model, model_admin in site._registry.items()
        if is_publishable(model) and model_admin.has_view_or_change_permission(request)
    ]
    models.sort(key=lambda model: str(model._meta.verbose_name_plural))
    ready, drafts = [], []
    for model in models:
        count = model._default_manager.filter(is_published=False, ready_for_review=True).count()
        if count:
            ready.append(
                {
                    "name": capfirst(model._meta.verbose_name_plural),
                    "count": count,
                    "url": _changelist_url(model, "tilstand=klar"),
                }
            )
        created = getattr(model, "history", None)
        if created is None:
            continue
        mine = model._default_manager.filter(
            is_published=False,
            pk__in=created.filter(history_type="+", history_user=user).values("id"),
        ).order_by("-pk")
        rows = list(mine[:11])
        if rows:
            drafts.append(
                {
                    "name": capfirst(model._meta.verbose_name_plural),
                    "rows": [(row, _admin_change_url(model, row.pk)) for row in rows[:10]],
                    "more": len(rows) > 10,
                }
            )
    waiting = []
    changes = PendingChange.objects.waiting().select_related("content_type")
    by_kind = {}
    for change in changes.order_by("content_type_id"):
        by_kind.setdefault(change.content_type, []).append(change)
    base = reverse("admin:temperatur_pendingchange_changelist")
    for content_type, items in by_kind.items():
        model = content_type.model_class()
        if model not in models:
            continue
        waiting.append(
            {
                "name": capfirst(model._meta.verbose_name_plural),
                "count": len(items),
                "url": f"{base}?status=venter&content_type__id__exact={content_type.pk}",
            }
        )
    mine = [
        (change, review_url(change))
        for change in PendingChange.objects.open()
        .filter(Q(author=user) | Q(last_editor=user))
        .order_by("-state", "-updated_at")[:20]
    ]
    return {"ready": ready, "waiting": waiting, "mine": mine, "drafts": drafts}


def _admin_change_url(model, pk):
    return reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[quote(pk)]
    )
