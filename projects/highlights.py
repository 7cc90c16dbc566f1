"""Highlights of the first year (re-exported by ``projects.models``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from temperatur.core.history import ContentHistory
from temperatur.core.naturalkeys import SlugNaturalKeyMixin, SlugQuerySet
from temperatur.core.references import optional_reference
from temperatur.core.workflow import (
    PublicationFields,
    PublicationMixin,
    PublicationQuerySetMixin,
    not_in_review_when_published,
)

from .reference import Municipality, Organisation


class HighlightQuerySet(PublicationQuerySetMixin, SlugQuerySet):
    def published(self):
        """Published highlights that belong to no project or to a published one."""
        return self.filter(
            Q(project__isnull=True) | Q(project__is_published=True), is_published=True
        )


class Highlight(PublicationMixin, SlugNaturalKeyMixin, models.Model):
    """A highlight of the first year from the report's executive summary."""

    slug = models.SlugField(_("kort navn i adresser"), max_length=100, unique=True)
    text = models.TextField(_("tekst"))
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    project = optional_reference(
        "projects.Project", "highlights", _("projekt"), on_delete=models.CASCADE
    )
    municipality = optional_reference(Municipality, "highlights", _("kommune"))
    organisation = optional_reference(Organisation, "highlights", _("organisation"))
    publication = PublicationFields(
        published_help_text=_(
            "Kun offentliggjorte erfaringer vises på forsiden og projektets side."
        ),
        created_at=False,
        updated_at=False,
    )

    objects = HighlightQuerySet.as_manager()
    history = ContentHistory(
        verbose_name=_("tidligere version af fremhævet erfaring"),
        verbose_name_plural=_("tidligere versioner af fremhævede erfaringer"),
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("fremhævet erfaring fra første år")
        verbose_name_plural = _("fremhævede erfaringer fra første år")
        permissions = [("publish_highlight", _("Kan offentliggøre fremhævede erfaringer"))]
        constraints = [not_in_review_when_published("projects_highlight_published_not_in_review")]

    def __str__(self):
        return self.text[:80]
