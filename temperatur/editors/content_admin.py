"""What the admins of the editors' rows share: one base class for content (publishable,
tracked), one for the reference data it refers to, and the form's »Offentliggørelse«
section."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from temperatur.editors.conflicts import ConcurrentEditMixin
from temperatur.editors.history_admin import HistoryAdmin
from temperatur.editors.kit import HTTPS_URLS, TIMESTAMPS
from temperatur.editors.publishing import WorkflowAdminMixin


class ContentAdmin(WorkflowAdminMixin, ConcurrentEditMixin, HistoryAdmin):
    """The admin of content with a publishing workflow and a history.

    Publishing and review (``WorkflowAdminMixin``), no overwriting of another editor's
    changes (``ConcurrentEditMixin``), the history with restore (``HistoryAdmin``); lists of
    50 rows, addresses read as https.
    """

    formfield_overrides = HTTPS_URLS
    list_per_page = 50


class ReferenceAdmin(ConcurrentEditMixin, admin.ModelAdmin):
    """The admin of reference data (``temperatur.core.named.NamedRow``: regions, domains,
    challenge areas, measurements …).

    The slug is written from the name as the editor types it; no overwriting of another
    editor's changes (``ConcurrentEditMixin``); lists of 50 rows, addresses read as https.
    """

    prepopulated_fields = {"slug": ("name",)}
    formfield_overrides = HTTPS_URLS
    list_per_page = 50


def publication_fieldset(description=None, *, timestamps=TIMESTAMPS):
    """The »Offentliggørelse« section: the two flags, then ``timestamps`` (those of the
    model's time fields the form shows, or none), with ``description`` above them."""
    fields = ["ready_for_review", "is_published"]
    if timestamps:
        fields.append(timestamps)
    options = {"fields": fields}
    if description:
        options["description"] = description
    return (_("Offentliggørelse"), options)
