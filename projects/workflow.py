"""The publishing workflow of projects, observed challenges, resources and advice.

Content moves from *kladde* to *klar til gennemsyn* to *offentliggjort*, and can be taken
down again (»Afpublicér«). The database keeps two booleans: ``is_published``, which the
public querysets, the fixtures and the exports have always used, and ``ready_for_review``.
A published row is never also waiting for review (a check constraint per model), and
publishing clears the flag. Only a user with the model's ``publish_<model>`` permission
may change ``is_published`` (enforced in the admin, ``temperatur.editing``).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    DRAFT = "kladde", _("Kladde")
    READY = "klar", _("Klar til gennemsyn")
    PUBLISHED = "offentliggjort", _("Offentliggjort")

    @property
    def condition(self):
        """The rows in this state, as a ``Q`` on the two flags."""
        if self is PublicationState.PUBLISHED:
            return Q(is_published=True)
        return Q(is_published=False, ready_for_review=self is PublicationState.READY)


def ready_for_review_field():
    return models.BooleanField(
        _("klar til gennemsyn"),
        default=False,
        help_text=_(
            "Sæt flueben, når teksten er færdig og kan ses igennem af en redaktør, der "
            "offentliggør den. Fjernes automatisk ved offentliggørelse."
        ),
    )


def synthetic_field():
    """Marks rows made up by ``generate_demo_data``; the site shows a banner while any exist."""
    return models.BooleanField(
        _("eksempeldata"),
        default=False,
        editable=False,
        help_text=_(
            "Opdigtet til demonstration og ydelsesmålinger. Siden viser et banner, når der "
            "findes eksempeldata."
        ),
    )


def not_in_review_when_published(name):
    """The check constraint ``name``: a published row is not also waiting for review."""
    return models.CheckConstraint(
        condition=Q(is_published=False) | Q(ready_for_review=False),
        name=name,
        violation_error_message=_(
            "Indhold, der er offentliggjort, kan ikke samtidig vente på gennemsyn."
        ),
    )


def publish_codename(model):
    """``publish_project`` for Project: the permission to publish and unpublish rows."""
    return f"publish_{model._meta.model_name}"


def is_publishable(model):
    return issubclass(model, PublicationMixin)


class PublicationQuerySetMixin:
    def in_state(self, state):
        return self.filter(PublicationState(state).condition)


class PublicationMixin:
    """For models with ``is_published`` and ``ready_for_review``; put it before Model."""

    @property
    def publication_state(self):
        if self.is_published:
            return PublicationState.PUBLISHED
        if self.ready_for_review:
            return PublicationState.READY
        return PublicationState.DRAFT

    def get_publication_state_display(self):
        return self.publication_state.label

    def _clear_review_when_published(self):
        if self.is_published:
            self.ready_for_review = False

    def clean(self):
        # Before the constraints are validated, so ticking both boxes is not an error.
        super().clean()
        self._clear_review_when_published()

    def save(self, *args, **kwargs):
        self._clear_review_when_published()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "is_published" in update_fields:
            kwargs["update_fields"] = {*update_fields, "ready_for_review"}
        super().save(*args, **kwargs)
