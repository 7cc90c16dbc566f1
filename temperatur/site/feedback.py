"""»Rapportér en fejl«: readers tell the editors about an error on a public page.

The form has a page of its own, ``/fejl/?side=<path>``, linked from a collapsed details
element at the foot of every project, area and resource page
(``includes/_feedback_form.html``). Without ``side`` (``/fejl/``) it takes a message to the
editors about the site as a whole: the site's contact when no other is configured
(``temperatur.web.contact``). It cannot sit on those pages themselves: they are
stored whole in the page cache (``temperatur/cache.py``) and served to every anonymous
visitor, and a CSRF token in them would be the first visitor's token served to all, which
nobody else could submit (and which would tell everyone that visitor's secret). Django
also marks a page that renders a token with ``Vary: Cookie`` and a cookie, so the cache
would simply refuse to store the project pages at all. The form page is never cached
(``never_cache``), so each visitor gets a token of their own and the CSRF cookie to
match, while the public pages stay cacheable.

Protection, none of it from a third party: Django's CSRF check; a honeypot field that
humans never see (filled in, the report is silently thrown away); at most
``RATE_LIMIT`` posts per client address per ``RATE_WINDOW`` seconds, counted in the
shared cache; and reports only about pages that exist and are public, so the return
address can never lead off the site.
"""

import hashlib
import logging
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import models
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from temperatur.models import Feedback
from temperatur.site import assembly
from temperatur.web.cache_backends import CacheUnavailable
from temperatur.web.language import language_of_path
from temperatur.web.proxies import client_ip

logger = logging.getLogger(__name__)

MAX_MESSAGE_LENGTH = 5000
RATE_LIMIT = 5
RATE_WINDOW = 10 * 60
# The anchor of the feedback box on the public pages, where the thank-you is shown.
ANCHOR = "fejlrapport"
EMAIL_USE = _(
    "Vi bruger kun din e-mail til at svare dig om fejlen. Den slettes, når sagen er løst."
)

# The public pages readers can report errors on: URL name → the object the page shows,
# or None when it does not exist or is not public. A page type joins by being declared in
# its app's ``public.py`` (``reported_pages``) and including »includes/_feedback_form.html«.
PUBLIC_PAGES = assembly.merged("reported_pages")


@dataclass(frozen=True)
class PublicPage:
    path: str
    title: str
    obj: models.Model | None  # None: the site as a whole (a message to the editors)


def whole_site():
    """What a message is about when it names no page: the site as a whole.

    ``/fejl/`` without ``side`` is the site's contact of last resort (temperatur.web.contact);
    the reader comes back to the about page, whose contact section shows the thank-you.
    """
    return PublicPage(path=reverse("about"), title=str(_("Hele sitet")), obj=None)


def public_page(request, value):
    """The public page ``value`` (a path on this site) shows, or None. One query at most.

    Anything else is refused: other hosts and schemes, paths that resolve to no page or
    to a page not listed in PUBLIC_PAGES, and drafts.
    """
    if not value or len(value) > 500:
        return None
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        with translation.override(language_of_path(parts.path)):
            match = resolve(parts.path)
    except Resolver404:
        return None
    lookup = PUBLIC_PAGES.get(match.view_name)
    if lookup is None or set(match.kwargs) != {"slug"}:
        return None
    obj = lookup(match.kwargs["slug"])
    if obj is None:
        return None
    return PublicPage(path=obj.get_absolute_url(), title=str(obj), obj=obj)


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Hvad er forkert eller mangler?"),
        help_text=_(
            "Skriv så præcist som muligt, hvad der er forkert, og gerne hvad der er rigtigt, "
            "og hvor du ved det fra. Højst 5.000 tegn."
        ),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Skriv, hvad der er forkert eller mangler på siden."),
            "max_length": _(
                "Beskeden er for lang: højst %(limit_value)d tegn (den er på %(show_value)d). "
                "Gør den kortere."
            ),
        },
    )
    email = forms.EmailField(
        label=_("Din e-mail (valgfri)"),
        help_text=EMAIL_USE,
        required=False,
        error_messages={
            "invalid": _(
                "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk, eller lad feltet stå tomt."
            )
        },
    )
    # The honeypot: hidden from people by the CSS class »feedback-honeypot«; robots that
    # fill in every field fill in this one too.
    website = forms.CharField(label=_("Lad dette felt være tomt"), required=False)


class MessageForm(FeedbackForm):
    """A message to the editors about the site as a whole: a question, a correction, a tip."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = self.fields["message"]
        message.label = _("Din besked til redaktionen")
        message.help_text = _(
            "Et spørgsmål, en rettelse eller et tip, fx en offentlig kontakt til et projekt. "
            "Skriv gerne, hvor du ved det fra. Højst 5.000 tegn."
        )
        message.error_messages["required"] = _("Skriv din besked til redaktionen.")
        self.fields["email"].help_text = _(
            "Vi bruger kun din e-mail til at svare dig. Den slettes, når sagen er løst."
        )


def over_rate_limit(request):
    """Count this post; True once the address has posted more than RATE_LIMIT in the window.

    Fixed windows of RATE_WINDOW seconds in the shared cache, so every worker counts
    together. Should the cache be unreachable, readers are let through.
    """
    window = int(time.time() // RATE_WINDOW)
    # The address as the login lockout sees it: behind TRUSTED_PROXY_COUNT proxies, the one
    # they report, else the connection's.
    address = hashlib.sha256((client_ip(request) or "").encode()).hexdigest()[:32]
    key = f"feedback-rate:{window}:{address}"
    cache = caches["default"]
    try:
        # Both atomic, in Redis and in the cache folder (temperatur/cache_backends.py), so
        # parallel posts are counted one by one.
        cache.add(key, 0, RATE_WINDOW)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        return False
    except CacheUnavailable:
        return False
    except Exception:
        logger.warning("Cache unavailable; feedback not rate limited.", exc_info=True)
        return False
    return count > RATE_LIMIT


def _form_page(request, page, form, *, status=200, rate_limited=False):
    action = reverse("feedback")
    if page.obj is not None:
        action += "?" + urlencode({"side": page.path})
    context = {"page": page, "form": form, "action": action, "rate_limited": rate_limited}
    return render(request, "temperatur/feedback.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def feedback_view(request):
    if "side" in request.GET:
        page = public_page(request, request.GET.get("side", ""))
        if page is None:
            return render(request, "temperatur/feedback.html", {"page": None}, status=400)
    else:
        page = whole_site()
    form_class = FeedbackForm if page.obj is not None else MessageForm

    if request.method != "POST":
        return _form_page(request, page, form_class())

    if over_rate_limit(request):
        # Keep what the reader wrote, so it can be copied or sent later.
        kept = {name: request.POST.get(name, "") for name in ("message", "email")}
        return _form_page(request, page, form_class(initial=kept), status=429, rate_limited=True)

    if page.obj is not None:
        thanks = _(
            "Tak for din fejlrapport. Redaktionen læser den og retter fejlen, hvis det er en."
        )
    else:
        thanks = _("Tak for din besked. Redaktionen læser den.")
    if request.POST.get("website"):
        # A robot: thank it like a person, keep nothing.
        messages.success(request, thanks)
        return redirect(f"{page.path}#{ANCHOR}")

    form = form_class(request.POST)
    if not form.is_valid():
        return _form_page(request, page, form, status=400)
    Feedback.objects.create(
        page_path=page.path,
        page_title=page.title[:250],
        content_type=None if page.obj is None else ContentType.objects.get_for_model(page.obj),
        object_id=None if page.obj is None else page.obj.pk,
        message=form.cleaned_data["message"],
        email=form.cleaned_data["email"],
    )
    messages.success(request, thanks)
    return redirect(f"{page.path}#{ANCHOR}")
