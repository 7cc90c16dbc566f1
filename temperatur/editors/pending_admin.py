"""The changes waiting for review in the admin: their list, the review page and the queue.

- :class:`PendingChangeAdmin`: the list of changes (a writer sees only their own) and the
  review page, field by field (published value → proposed value, and whether the row moved
  since), with »Godkend og offentliggør«, »Send tilbage til skribenten« and »Træk
  ændringen tilbage«. Who may decide is the row's ``publish_<model>`` permission.
- :func:`review_queue`: what waits for review, by kind, and the editor's own changes and
  drafts, for the admin's front page (``templates/admin/index.html``).

Saving changes as pending changes is ``review_admin.py``; the writes, ``review.py``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from temperatur.core.workflow import is_publishable
from temperatur.editors import review
from temperatur.editors.pending import PendingChange, python_value, stored_value
from temperatur.editors.review_admin import may_publish, review_url
from temperatur.editors.values import EMPTY, format_value

# The review page


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
        level = messages.SUCCESS
        try:
            if "_approve" in post and may_review:
                obj = review.approve_change(change=change, reviewer=request.user)
                if obj is None:
                    level = messages.WARNING
                    done = gettext("Indholdet er slettet; ændringen er lukket.")
                else:
                    done = gettext("Ændringen af »%(name)s« er godkendt og offentliggjort.") % {
                        "name": obj
                    }
            elif "_return" in post and may_review:
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
                done = gettext("Ændringen af »%(name)s« er sendt tilbage til skribenten.") % {
                    "name": change.object_repr
                }
            elif "_withdraw" in post and may_withdraw:
                review.withdraw_change(change=change, user=request.user)
                done = gettext("Ændringen af »%(name)s« er trukket tilbage.") % {
                    "name": change.object_repr
                }
            else:
                raise PermissionDenied
        except review.ReviewError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, done, level)
        return HttpResponseRedirect(reverse("admin:temperatur_pendingchange_changelist"))


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
    base = reverse("admin:temperatur_pendingchange_changelist")
    for model in models:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        # Changes of rows that still exist (a deleted row's change waits for nothing).
        count = (
            PendingChange.objects.waiting()
            .filter(content_type=content_type, object_id__in=model._default_manager.values("pk"))
            .count()
        )
        if count:
            waiting.append(
                {
                    "name": capfirst(model._meta.verbose_name_plural),
                    "count": count,
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
