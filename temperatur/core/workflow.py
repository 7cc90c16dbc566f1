"""The publishing workflow of projects, observed challenges, highlights, resources and advice.

Content moves from *kladde* to *klar til gennemsyn* to *offentliggjort*, and can be taken
down again (»Afpublicér«). The database keeps two booleans: ``is_published``, which the
public querysets, the fixtures and the exports have always used, and ``ready_for_review``.
A published row is never also waiting for review (a check constraint per model), and
publishing clears the flag. Only a user with the model's ``publish_<model>`` permission
may change ``is_published`` (enforced in the admin, ``temperatur.editors.publishing``); changes that
others make to published rows wait beside them for review (``temperatur.editors.review``).

Only what the public sees is news. Every save works out whether it changed something a
visitor can see (:meth:`PublicationMixin.changes_public_content`): the page cache's
content version (``temperatur.web.cache``) and the row's ``published_changed_at`` (»Senest
opdateret« on the public pages, the feeds) move only then, never for a draft.

Some rows belong to another row's page, as a project's observed challenges and highlights
do. :func:`register_publication_child` declares that in one line: a public change to such
a row moves the parent's »Senest opdateret«, and publishing the parent publishes its rows
that are ready for review.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Bookkeeping no visitor sees: a change to these alone is no news.
BOOKKEEPING_FIELDS = frozenset(
    {"ready_for_review", "created_at", "updated_at", "published_changed_at"}
)
PUBLISHED_CHANGED_AT = "published_changed_at"


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


def published_changed_at_field():
    """»Senest opdateret« as the public sees it: the last change a visitor could see."""
    return models.DateTimeField(
        _("senest opdateret offentligt"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Tidspunktet for den seneste ændring, som offentligheden kunne se. Tomt, når "
            "det ikke kendes, fx for indhold indlæst fra kilderne."
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


class PublicationFields:
    """A publishable model's fields, declared once: ``publication = PublicationFields()``.

    Adds, in this order: ``is_published`` (with ``published_help_text``, if given),
    ``ready_for_review``, ``is_synthetic`` (only with ``synthetic=True``), ``created_at``
    and ``updated_at`` (each unless switched off) and ``published_changed_at``. The fields
    are made when the model is, so they come after every field the model declares itself:
    at the end, where the publishable models have always had them. (An abstract model's
    fields would come first, and the admin's CSV export, the history and the list of
    another editor's changes show the fields in the model's order.) The declaration
    itself leaves no attribute behind.
    """

    def __init__(
        self, *, published_help_text="", synthetic=False, created_at=True, updated_at=True
    ):
        self.published_help_text = published_help_text
        self.synthetic = synthetic
        self.created_at = created_at
        self.updated_at = updated_at

    def fields(self):
        """``{name: field}``, new fields in the order the model gets them."""
        fields = {
            "is_published": models.BooleanField(
                _("offentliggjort"), default=False, help_text=self.published_help_text
            ),
            "ready_for_review": ready_for_review_field(),
        }
        if self.synthetic:
            fields["is_synthetic"] = synthetic_field()
        if self.created_at:
            fields["created_at"] = models.DateTimeField(_("oprettet"), auto_now_add=True)
        if self.updated_at:
            fields["updated_at"] = models.DateTimeField(_("senest opdateret"), auto_now=True)
        fields[PUBLISHED_CHANGED_AT] = published_changed_at_field()
        return fields

    def contribute_to_class(self, cls, name):
        for field_name, field in self.fields().items():
            cls.add_to_class(field_name, field)


def not_in_review_when_published(name):
    """The check constraint ``name``: a published row is not also waiting for review."""
    return models.CheckConstraint(
        condition=Q(is_published=False) | Q(ready_for_review=False),
        name=name,
        violation_error_message=_(
            "Indhold, der er offentliggjort, kan ikke samtidig vente på gennemsyn."
        ),
    )


def published_index(*fields, name):
    """An index of the published rows only (partial): the public pages and counts read no
    others. (SQLite reads ``is_published`` from an index's columns, not from its condition:
    a query that tests it from the index alone names it among ``fields``.)"""
    return models.Index(fields=list(fields), condition=Q(is_published=True), name=name)


def publish_codename(model):
    """``publish_project`` for Project: the permission to publish and unpublish rows."""
    return f"publish_{model._meta.model_name}"


def publish_permission(model):
    """``projects.publish_project`` for Project, as ``User.has_perm`` wants it."""
    return f"{model._meta.app_label}.{publish_codename(model)}"


def state_fields(model):
    """The fields a change of publication state saves (``update_fields``)."""
    return ["is_published", "ready_for_review"] + (
        ["updated_at"] if _has_field(model, "updated_at") else []
    )


def is_publishable(model):
    return isinstance(model, type) and issubclass(model, PublicationMixin)


def _has_field(model, name):
    return any(field.name == name for field in model._meta.concrete_fields)


# Rows that belong to another row's page

_CHILDREN = {}  # parent model → [(child model, name of the foreign key to the parent)]
_PARENTS = {}  # child model → (parent model, name of the foreign key)


def register_publication_child(*, parent, model, fk):
    """Declare that ``model`` rows show on the page of the ``parent`` row named by ``fk``.

    Publishing a parent row then publishes its ``model`` rows that are ready for review
    (``temperatur.editors.review.publish_rows``), and a change to a ``model`` row that the public
    sees moves the parent's »Senest opdateret«. Called once per pair, from the child's app
    (the parent's app does not know its children).
    """
    if (model, fk) not in _CHILDREN.setdefault(parent, []):
        _CHILDREN[parent].append((model, fk))
    _PARENTS[model] = (parent, fk)
    uid = f"temperatur.core.workflow.parent_changed.{model._meta.label_lower}"
    for signal in (post_save, post_delete):
        signal.connect(_parent_page_changed, sender=model, dispatch_uid=uid)


def publication_children(parent):
    """``[(child model, foreign key name)]`` registered for ``parent``."""
    return list(_CHILDREN.get(parent, ()))


def publication_parent(model):
    """``(parent model, foreign key name)`` of a registered child model, else ``None``."""
    return _PARENTS.get(model)


def _parent_page_changed(sender, instance, raw=False, **kwargs):
    """A child row's public change is a change to its parent's page (not for fixtures)."""
    if raw:
        return
    signal = "save" if "created" in kwargs else "delete"
    if not instance.changes_public_content(signal):
        return
    parent, fk = _PARENTS[sender]
    parent_id = getattr(instance, sender._meta.get_field(fk).attname)
    if parent_id is not None and _has_field(parent, PUBLISHED_CHANGED_AT):
        parent._base_manager.filter(pk=parent_id, is_published=True).update(
            published_changed_at=timezone.now()
        )


class PublicationQuerySetMixin:
    def in_state(self, state):
        return self.filter(PublicationState(state).condition)


class PublicationMixin:
    """For models with ``is_published`` and ``ready_for_review``; put it before Model.

    Optionally ``published_changed_at`` (:func:`published_changed_at_field`), stamped on
    every change the public sees. :class:`PublicationFields` declares all three.
    """

    #: Fields only editors see (an internal note): changing them is no public change.
    internal_fields = ()
    #: ``(field name, message)``: what a row must have filled in to be published.
    required_for_publication = ()

    @property
    def publication_state(self):
        if self.is_published:
            return PublicationState.PUBLISHED
        if self.ready_for_review:
            return PublicationState.READY
        return PublicationState.DRAFT

    def get_publication_state_display(self):
        return self.publication_state.label

    def publication_problems(self):
        """``{field name: message}`` for each thing that keeps this row from being public."""
        return {
            name: message
            for name, message in self.required_for_publication
            if not getattr(self, name)
        }

    def _clear_review_when_published(self):
        if self.is_published:
            self.ready_for_review = False

    def clean(self):
        # Before the constraints are validated, so ticking both boxes is not an error.
        super().clean()
        self._clear_review_when_published()
        if self.is_published and (problems := self.publication_problems()):
            raise ValidationError(problems)

    # What the public sees

    def _parent_is_public(self):
        parent = _PARENTS.get(type(self))
        if parent is None:
            return True
        parent_model, fk = parent
        parent_id = getattr(self, type(self)._meta.get_field(fk).attname)
        if parent_id is None:
            return True
        return parent_model._base_manager.filter(pk=parent_id, is_published=True).exists()

    def _public_fields(self, update_fields=None):
        skip = BOOKKEEPING_FIELDS | set(self.internal_fields) | {"is_published"}
        return [
            field
            for field in self._meta.concrete_fields
            if not field.primary_key
            and field.name not in skip
            and (update_fields is None or field.name in update_fields)
        ]

    def _save_changes_public_content(self, update_fields):
        """Whether saving now changes what a visitor sees (one query, two for a child row)."""
        if not (self.is_published or (self.pk is not None and not self._state.adding)):
            return False  # a new draft
        if not self._parent_is_public():
            return False
        if self._state.adding:
            return bool(self.is_published)
        fields = self._public_fields(update_fields)
        old = (
            type(self)
            ._base_manager.filter(pk=self.pk)
            .values("is_published", *(field.attname for field in fields))
            .first()
        )
        if old is None:
            return bool(self.is_published)
        if old["is_published"] != self.is_published:
            return True  # published or taken down
        if not self.is_published:
            return False  # a draft stays a draft
        return any(old[field.attname] != getattr(self, field.attname) for field in fields)

    def changes_public_content(self, signal):
        """Whether the change a signal reports (``"save"``, ``"delete"``, ``"m2m"``) is
        one a visitor can see. Read by the page cache (``temperatur.web.cache``)."""
        if signal == "save":
            return getattr(self, "_public_change", True)
        return bool(self.is_published)

    def save(self, *args, **kwargs):
        self._clear_review_when_published()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "is_published" in update_fields:
            update_fields = kwargs["update_fields"] = {*update_fields, "ready_for_review"}
        self._public_change = self._save_changes_public_content(update_fields)
        if (
            self._public_change
            and self.is_published
            and _has_field(type(self), PUBLISHED_CHANGED_AT)
        ):
            self.published_changed_at = timezone.now()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, PUBLISHED_CHANGED_AT}
        super().save(*args, **kwargs)
