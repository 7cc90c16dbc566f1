"""Named rows: the reference data that content points to (regions, municipalities, domains,
organisations, funding rounds, challenge areas, concrete challenges, measurements).

Each such row has a name, shown wherever the row is, and a unique slug, by which addresses,
filters and fixtures (natural keys) name it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from temperatur.core.naturalkeys import SlugNaturalKeyMixin, SlugQuerySet


class NamedRow(SlugNaturalKeyMixin, models.Model):
    """A row of reference data, shown by its ``name`` and found by its ``slug``.

    Names of up to 100 characters: a model with longer names declares both fields again
    with its own ``max_length`` (where it declares them is then where they stand). The
    inherited fields come before a subclass's own, where every such model has always had
    them: the admin's CSV export and the fixtures list the fields in the model's order.
    """

    name = models.CharField(_("navn"), max_length=100)
    slug = models.SlugField(_("kort navn i adresser"), max_length=100, unique=True)

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


def display_order_field():
    """The order editors give the rows of a short list (domains, challenge areas)."""
    return models.PositiveSmallIntegerField(
        _("rækkefølge"), default=0, help_text=_("Lavere tal vises først.")
    )
