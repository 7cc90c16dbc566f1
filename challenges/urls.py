from django.urls import path

from . import area, views

app_name = "challenges"

urlpatterns = [
    path("", views.temperature_view, name="temperature"),
    path("<slug:slug>/", area.area_view, name="area"),
]
