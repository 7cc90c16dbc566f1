"""The project FilterSet: the one definition of "the projects of a view".

The project list and the temperature page (``challenges``) both filter with it,
so a count on the temperature page and the list it links to always agree.
Filter values in URLs are slugs, never ids.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from challenges.models import ChallengeArea, Measurement, ProjectChallenge

from .models import Domain, FundingRound, Municipality, Project, Region

MAX_QUERY_LENGTH = 200


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Søg"),
        method="filter_q",
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Ord i titel, resumé eller beskrivelse."),
    )
    domain = django_filters.ModelMultipleChoiceFilter(
        label=_("Fagområde"),
        queryset=Domain.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    owner_type = django_filters.ChoiceFilter(
        label=_("Ejer"), choices=Project.OwnerType.choices, empty_label=_("Alle")
    )
    region = django_filters.ModelMultipleChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    municipality = django_filters.ModelChoiceFilter(
        label=_("Kommune"),
        queryset=Municipality.objects.all(),
        to_field_name="slug",
        method="filter_municipality",
        empty_label=_("Alle kommuner"),
        help_text=_("Projekter, kommunen ejer eller deltager i."),
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Fase"), choices=Project.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    area = django_filters.ModelMultipleChoiceFilter(
        label=_("Udfordringsområde"),
        queryset=ChallengeArea.objects.all(),
        to_field_name="slug",
        method="filter_area",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Projekter, der har mødt alle de valgte områder."),
    )
    measurement = django_filters.ModelChoiceFilter(
        label=_("Måling"),
        queryset=Measurement.objects.all(),
        to_field_name="slug",
        method="filter_measurement",
        empty_label=_("Alle målinger"),
    )
    funding_round = django_filters.ModelChoiceFilter(
        label=_("Ansøgningsrunde"),
        queryset=FundingRound.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle runder"),
    )

    class Meta:
        model = Project
        fields = []

    def _observations(self):
        """Published observations, within the chosen measurement when there is one."""
        observations = ProjectChallenge.objects.filter(project=OuterRef("pk"), is_published=True)
        measurement = self.form.cleaned_data.get("measurement")
        if measurement is not None:
            observations = observations.filter(measurement=measurement)
        return observations

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_municipality(self, queryset, name, value):
        joined = Project.municipalities.through.objects.filter(
            project=OuterRef("pk"), municipality=value
        )
        return queryset.filter(Q(lead_municipality=value) | Exists(joined))

    def filter_area(self, queryset, name, value):
        for area in value:
            queryset = queryset.filter(Exists(self._observations().filter(area=area)))
        return queryset

    def filter_measurement(self, queryset, name, value):
        return queryset.filter(Exists(self._observations()))
