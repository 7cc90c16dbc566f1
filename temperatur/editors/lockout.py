"""Failed logins: a second, higher limit per address, across usernames (django-axes).

``AXES_LOCKOUT_PARAMETERS`` locks a username from one address after ``AXES_FAILURE_LIMIT``
failures. Someone trying many usernames from one address never reaches that limit for any
of them, so :class:`AddressLimitHandler` also counts every failure from the address,
whatever the username, and locks the address for everyone once they reach
``LOGIN_FAILURE_LIMIT_PER_ADDRESS`` within ``AXES_COOLOFF_TIME``. The address is
``temperatur.web.proxies.client_ip`` (``TRUSTED_PROXY_COUNT``), so behind proxies it is the
visitor's, and a lock never falls on the proxy and every editor behind it.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


class AddressLimitHandler(AxesDatabaseHandler):
    """django-axes' database handler, with the per-address limit (module docstring).

    django-axes compares one number with one limit, so :meth:`get_failures` reports the
    address's failures in units of that limit: with 5 per username and 20 per address,
    20 failures from the address count as 5 (⌊20 · 5 / 20⌋), 19 as 4.
    """

    def address_failures(self, request):
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def get_failures(self, request, credentials=None):
        per_username = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        per_address = self.address_failures(request) * limit
        per_address //= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        request.axes_address_locked = per_username < limit <= per_address
        return max(per_username, per_address)


def lockout_response(request, original_response=None, credentials=None):
    """The page for a locked-out login, in the admin's look: why, and how long to wait; for
    a username locked from this address, or for the address itself."""
    if getattr(request, "axes_address_locked", False):
        title = _("Login er midlertidigt spærret herfra")
        limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        template = "axes/address_lockout.html"
    else:
        title = _("Kontoen er midlertidigt låst")
        limit = settings.AXES_FAILURE_LIMIT
        template = "axes/lockout.html"
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        **admin.site.each_context(request),
        "title": title,
        "failure_limit": limit,
        "minutes": int(cooloff.total_seconds() // 60),
        "unlocked_at": timezone.localtime() + cooloff,
    }
    return render(request, template, context, status=429)
