"""The visitor's address, as the connection or the site's own proxies report it.

Behind proxies (nginx, a load balancer) every request comes from a proxy's address; each
proxy appends the address it was connected from to ``X-Forwarded-For``. With
``TRUSTED_PROXY_COUNT = n`` the visitor is the n-th address from the right: the one the
outermost of the site's own proxies saw. Anything further left was written by the client
and is never believed. The login lockout (django-axes) and the error-report rate limit
both ask :func:`client_ip`, so one setting makes both count visitors, not the proxy.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The visitor's address; the connection's when no proxy is trusted, or when the
    header is missing, too short or holds no address at the trusted position."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(addresses) >= count:
            candidate = addresses[-count]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")
