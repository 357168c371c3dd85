"""Django REST framework messages its zh_Hant catalogue lacks; listed here so makemessages keeps
our translations of them (our LOCALE_PATHS catalogue wins over DRF's own)."""

from django.utils.translation import gettext_noop

MISSING_FROM_DRF_ZH_HANT = [
    gettext_noop("Authentication credentials were not provided."),
    gettext_noop("Incorrect authentication credentials."),
    gettext_noop("Request was throttled."),
    gettext_noop("Malformed request."),
    gettext_noop("A server error occurred."),
    gettext_noop("Invalid token."),
]
