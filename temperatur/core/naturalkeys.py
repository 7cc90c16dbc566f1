"""Natural keys on ``slug``, so that fixtures name things instead of numbering them."""

from django.db import models


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKeyMixin:
    """Give a model with a unique ``slug`` the natural key ``[slug]``."""

    def natural_key(self):
        return (self.slug,)
