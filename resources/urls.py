from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("raad/", views.advice_list, name="advice"),
    path("kom-i-gang/", views.guide, name="guide"),
    path("ressourcer/", views.resource_list, name="list"),
    path("ressourcer/<slug:slug>/", views.resource_detail, name="detail"),
]
