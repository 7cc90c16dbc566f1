"""Response headers that Django has no setting for, and the admin's guard against NUL bytes."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.urls import get_urlconf

from temperatur.web.language import admin_prefix


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy`` turning off every feature in ``settings.PERMISSIONS_POLICY``.

    ``camera=()`` means no origin, not even the site itself, may use the camera.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class AdminNulByteMiddleware:
    """Answer 400 to an admin address whose parameters contain a NUL byte.

    PostgreSQL refuses NUL bytes in text with an exception, so a NUL in an admin search,
    autocomplete or list filter (``?q=``, ``?term=``, ``?status__exact=``) would end in a
    server error. Forms refuse NUL bytes themselves (Django's validators); the public
    pages' filters turn them into form errors (``projects.filters``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = admin_prefix(get_urlconf())
        if prefix and request.path_info.startswith(prefix):
            for key, values in request.GET.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise BadRequest("NUL byte in an admin parameter")
        return self.get_response(request)
