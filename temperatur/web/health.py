"""``/healthz/``: whether the application and its database answer, for load balancers.

``200 ok`` when a ``SELECT 1`` succeeds, ``503`` when the database does not answer.
When the cache does not answer, the site still works (pages are served uncached), so the
answer stays ``200`` and says ``degraded`` with the reason: the balancer keeps the
machine, and monitoring sees it. Plain text, never cached, GET and HEAD only (``405``
otherwise). It is included in the root URLconf as
``path("healthz/", include("temperatur.web.health"))``.
"""

import logging

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; charset=utf-8"


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("Health check: the database does not answer.", exc_info=True)
        return False


def cache_answers():
    """Whether the shared cache answers; at once ``False`` while its circuit breaker is open
    (temperatur/cache_backends.py), so this never costs more than the cache's timeout."""
    try:
        caches["default"].get("healthz")
    except Exception:
        return False
    return True


@never_cache
@require_safe
def healthz(request):
    if not database_answers():
        return HttpResponse(_("databasen svarer ikke"), status=503, content_type=CONTENT_TYPE)
    if not cache_answers():
        reason = _("cachen svarer ikke; siderne vises uden den")
        return HttpResponse(f"degraded: {reason}", content_type=CONTENT_TYPE)
    return HttpResponse("ok", content_type=CONTENT_TYPE)


urlpatterns = [path("", healthz, name="healthz")]
