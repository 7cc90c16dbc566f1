"""The foreign keys that several models declare alike: one declaration each.

The migrations see the same fields as before: these functions only spell them once.
"""

from django.conf import settings
from django.db import models


def optional_reference(to, related_name, verbose_name, *, help_text="", on_delete=models.PROTECT):
    """A reference an editor may leave empty, e.g. when the sources do not give it.

    ``PROTECT`` by default: the row referred to cannot be deleted while it is referred to.
    """
    return models.ForeignKey(
        to,
        on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
        help_text=help_text,
    )


def user_reference(verbose_name, *, blank=True):
    """Who did something to a row. The row outlives the user (``SET_NULL``), and the user
    model gets no reverse accessor (``related_name="+"``)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=blank,
        related_name="+",
        verbose_name=verbose_name,
    )
