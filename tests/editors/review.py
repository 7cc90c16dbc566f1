"""The review of pending changes in the editing tests: the review page of a change, a
published page's text."""

from django.urls import reverse


def review_page(change):
    return reverse("admin:temperatur_pendingchange_change", args=[change.pk])


def public(client, obj):
    response = client.get(obj.get_absolute_url())
    assert response.status_code == 200
    return response.text
