"""Site-wide models: what belongs to the website as a whole, not to one area of the domain."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from temperatur.core.references import user_reference

# Changes to published content waiting for review: a model of this app, in its own module.
from temperatur.editors.pending import PendingChange  # noqa: F401


class FeedbackQuerySet(models.QuerySet):
    def set_status(self, status, *, user=None):
        """Give every row ``status``; resolving deletes the reader's e-mail, as the form promises.

        One UPDATE; returns the number of rows.
        """
        changes = {"status": status, "updated_at": timezone.now()}
        if user is not None:
            changes["handled_by"] = user
        if status == Feedback.Status.RESOLVED:
            changes["email"] = ""
        return self.update(**changes)


class Feedback(models.Model):
    """A reader's report of an error on a public page (»Rapportér en fejl«)."""

    class Status(models.TextChoices):
        NEW = "ny", _("Ny")
        IN_PROGRESS = "under-behandling", _("Under behandling")
        RESOLVED = "loest", _("Løst")

    page_path = models.CharField(
        _("side"), max_length=500, help_text=_("Adressen på den side, læseren skrev fra.")
    )
    page_title = models.CharField(_("sidens titel"), max_length=250, blank=True)
    content_type = models.ForeignKey(
        ContentType,
        models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("indholdstype"),
        help_text=_("Hvad siden viser, fx et projekt."),
    )
    object_id = models.PositiveBigIntegerField(_("indholdets id"), null=True, blank=True)
    content_object = GenericForeignKey("content_type", "object_id")
    message = models.TextField(_("besked"))
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_(
            "Læserens e-mail, hvis den er oplyst. Brug den kun til at svare om fejlen; den "
            "slettes automatisk, når henvendelsen markeres som løst."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    handled_by = user_reference(_("behandlet af"))
    notes = models.TextField(
        _("interne noter"),
        blank=True,
        help_text=_("Vises kun for redaktionen, fx hvad der er rettet, og hvem der har svaret."),
    )
    created_at = models.DateTimeField(_("modtaget"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("fejlrapport fra en læser")
        verbose_name_plural = _("fejlrapporter fra læsere")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["ny", "under-behandling", "loest"]),
                name="temperatur_feedback_status_valid",
            ),
            # The form promises the reader that the e-mail is deleted once the case is solved.
            models.CheckConstraint(
                condition=~Q(status="loest") | Q(email=""),
                name="temperatur_feedback_resolved_without_email",
            ),
        ]
        indexes = [
            # The inbox: the newest reports first, filtered by status.
            models.Index(fields=["status", "-created_at"], name="temperatur_fb_status_idx"),
        ]

    def __str__(self):
        excerpt = " ".join(self.message.split())
        return excerpt if len(excerpt) <= 60 else f"{excerpt[:59]}…"

    def save(self, *args, **kwargs):
        if self.status == self.Status.RESOLVED and self.email:
            self.email = ""
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "email"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.page_path
