"""A change to published content that waits for review, stored beside the live row.

Modelled on wagtail's moderation of live pages: a Skribent's edit of a published row
does not touch the row. It is kept here, as the proposed values of the fields that differ
from the row (many-to-many fields as lists of keys), with the row's values when the change
was proposed (``base``), so the review can show what changed field by field and notice
when the row itself changed since. The public pages keep reading the live row until a
Redaktør approves (``temperatur.editors.review``).

One open change per row (a conditional unique constraint): whoever goes on editing the
row without the right to publish edits that change. Closed changes stay as a record.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from temperatur.core.references import user_reference

OPEN_STATES = ("venter", "sendt-tilbage")


def proposable_fields(model):
    """The fields a change may propose: concrete or many-to-many, editable, not the key,
    not the publication flags (publishing is a decision of its own)."""
    return [
        field
        for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if field.editable
        and not field.primary_key
        and field.name not in {"is_published", "ready_for_review"}
    ]


def stored_value(obj, field):
    """A field's value as plain JSON data: many-to-many as the sorted keys."""
    if field.many_to_many:
        overlay = getattr(obj, "_m2m_overlay", {})
        if field.name in overlay:
            return sorted(overlay[field.name])
        if obj.pk is None:
            return []
        return sorted(getattr(obj, field.name).values_list("pk", flat=True))
    value = field.value_from_object(obj)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return field.value_to_string(obj)


def python_value(field, stored):
    """The stored value back as Python (many-to-many: a list of keys)."""
    if field.many_to_many or stored is None:
        return stored
    return field.to_python(stored)


class PendingChangeQuerySet(models.QuerySet):
    def open(self):
        """Waiting for review or sent back to the writer: not yet decided."""
        return self.filter(state__in=OPEN_STATES)

    def waiting(self):
        return self.filter(state=PendingChange.State.WAITING)

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj), for_concrete_model=False),
            object_id=obj.pk,
        )

    def for_objects(self, model, pks):
        return self.filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
            object_id__in=list(pks),
        )


class PendingChange(models.Model):
    class State(models.TextChoices):
        WAITING = "venter", _("Venter på gennemsyn")
        RETURNED = "sendt-tilbage", _("Sendt tilbage til skribenten")
        APPROVED = "godkendt", _("Godkendt og offentliggjort")
        WITHDRAWN = "trukket-tilbage", _("Trukket tilbage")

    content_type = models.ForeignKey(
        ContentType, models.CASCADE, verbose_name=_("indholdstype"), related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("indholdets id"))
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(
        _("indhold"), max_length=200, help_text=_("Indholdets navn, da ændringen blev foreslået.")
    )
    proposed = models.JSONField(
        _("foreslåede værdier"), default=dict, help_text=_("Kun de felter, der ændres.")
    )
    base = models.JSONField(
        _("værdier før ændringen"),
        default=dict,
        help_text=_("De offentliggjorte værdier af de samme felter, da ændringen blev foreslået."),
    )
    state = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.WAITING
    )
    author = user_reference(_("foreslået af"), blank=False)
    last_editor = user_reference(_("senest redigeret af"), blank=False)
    reviewer = user_reference(_("gennemset af"))
    note = models.TextField(
        _("besked fra redaktøren"),
        blank=True,
        help_text=_("Hvorfor ændringen er sendt tilbage, eller hvad der skal rettes."),
    )
    created_at = models.DateTimeField(_("foreslået"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)
    reviewed_at = models.DateTimeField(_("gennemset"), null=True, blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("ændring til gennemsyn")
        verbose_name_plural = _("ændringer til gennemsyn")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(state__in=OPEN_STATES),
                name="temperatur_pendingchange_one_open",
                violation_error_message=_("Der venter allerede en ændring af dette indhold."),
            ),
            models.CheckConstraint(
                condition=Q(state__in=["venter", "sendt-tilbage", "godkendt", "trukket-tilbage"]),
                name="temperatur_pendingchange_state_valid",
            ),
        ]
        indexes = [
            # The review queue: open changes counted by kind (the admin's front page).
            models.Index(fields=["state", "content_type"], name="temperatur_pc_queue_idx"),
            # »Mine ændringer«: a writer's own open changes.
            models.Index(fields=["author", "state"], name="temperatur_pc_author_idx"),
        ]

    def __str__(self):
        return str(self.object_repr)

    @property
    def model(self):
        return self.content_type.model_class()

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    def fields(self):
        """The model fields this change proposes, in the model's order."""
        model = self.model
        if model is None:
            return []
        return [field for field in proposable_fields(model) if field.name in self.proposed]

    def apply_to(self, obj):
        """Put the proposed values on ``obj`` (in memory) and return it.

        Many-to-many values go to ``obj._m2m_overlay``, which the editing forms and the
        edit token read (:func:`stored_value`).
        """
        overlay = {}
        for field in self.fields():
            value = self.proposed[field.name]
            if field.many_to_many:
                overlay[field.name] = list(value)
            else:
                setattr(obj, field.attname, python_value(field, value))
        obj._m2m_overlay = overlay
        obj._pending_change = self
        return obj
