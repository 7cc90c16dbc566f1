from django.urls import path

from . import views

app_name = "challenges"

urlpatterns = [
    path("", views.temperature_view, name="temperature"),
    path("<slug:slug>/", views.area_view, name="area"),
]
