"""The resource FilterSet: tools, cases and reports by kind, challenge area and words.

Filter values in URLs are slugs (the Kind values, the areas' slugs), never ids. Invalid
input becomes a form error, never an exception: the guarded fields (``temperatur.core.fields``)
refuse NUL bytes, enormous values and too many values.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from challenges.models import ChallengeArea
from temperatur.core.fields import (
    BuiltOnceFilterSetMixin,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
)
from temperatur.core.search import MAX_QUERY_LENGTH, search

from .models import Resource


def search_related():
    """What else a resource is found by: the names of its areas and its publisher.
    The resource list's search and the site search (/soeg/) both use it."""
    return ("areas", "publisher_organisation", "publisher_municipality", "publisher_region")


class ResourceFilter(BuiltOnceFilterSetMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Søg"),
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Ord i titel, resumé eller tekst, eller navnet på område eller udgiver."),
        widget=forms.TextInput(attrs={"class": "form-input", "type": "search"}),
    )
    kind = MultipleChoiceFilter(label=_("Type"), choices=Resource.Kind.choices)
    area = ModelMultipleChoiceFilter(
        label=_("Udfordringsområde"),
        queryset=ChallengeArea.objects.all(),
        method="filter_area",
        help_text=_("Ressourcer om mindst ét af de valgte områder."),
    )

    class Meta:
        model = Resource
        fields = []

    def filter_q(self, queryset, name, value):
        """Resources matching ``value`` in the title, summary or body, or in the names of
        their areas and publisher (the site's search)."""
        return search(queryset, value, related=search_related())

    def filter_area(self, queryset, name, value):
        if not value:  # none chosen
            return queryset
        # EXISTS rather than a join, so a resource in two chosen areas appears once.
        in_areas = Resource.areas.through.objects.filter(
            resource=OuterRef("pk"), challengearea__in=value
        )
        return queryset.filter(Exists(in_areas))
