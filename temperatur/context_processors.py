from django.conf import settings


def site(request):
    """Settings that every page's layout shows."""
    return {
        "ACCESSIBILITY_STATEMENT_URL": settings.ACCESSIBILITY_STATEMENT_URL,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
    }
