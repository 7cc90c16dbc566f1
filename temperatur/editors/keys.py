"""Row keys from the request: an impossible key is a bad request or a 404, never a server
error (a primary key with letters in it, a NUL byte)."""

from django.contrib.admin import helpers
from django.core.exceptions import BadRequest, ValidationError


def is_key(model, value):
    """Whether ``value`` can be a primary key of ``model`` (else a lookup would raise)."""
    try:
        model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return True


class ActionKeysMixin:
    """A list action on rows whose keys cannot exist (a crafted ``_selected_action=abc``)
    is a bad request (400), not a server error from the database lookup."""

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_key(self.model, value) for value in selected):
            raise BadRequest("selected rows with impossible keys")
        return super().response_action(request, queryset)
