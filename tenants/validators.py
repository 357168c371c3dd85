"""Rules for shop subdomains: lowercase letters, digits and inner hyphens, 3-30 characters, not
reserved. Uppercase is refused rather than silently lowered so the merchant sees exactly the
address they will type."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

SUBDOMAIN_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
MIN_LENGTH = 3
MAX_LENGTH = 30
RESERVED = frozenset(
    [
        "www",
        "admin",
        "api",
        "static",
        "media",
        "app",
        "apps",
        "assets",
        "cdn",
        "mail",
        "email",
        "smtp",
        "imap",
        "pop",
        "ftp",
        "ssh",
        "vpn",
        "ns",
        "ns1",
        "ns2",
        "public",
        "template",
        "tenant",
        "tenants",
        "pool",
        "support",
        "help",
        "docs",
        "status",
        "billing",
        "pay",
        "payment",
        "payments",
        "stripe",
        "vendor",
        "console",
        "dashboard",
        "login",
        "logout",
        "signup",
        "register",
        "account",
        "accounts",
        "auth",
        "oauth",
        "sso",
        "id",
        "blog",
        "news",
        "shop",
        "store",
        "stores",
        "test",
        "testing",
        "dev",
        "demo-admin",
        "staging",
        "prod",
        "production",
        "internal",
        "localhost",
        "huiyuan",
        "root",
        "system",
        "webhook",
        "webhooks",
        "healthz",
        "metrics",
        "sentry",
        "celery",
        "redis",
        "postgres",
        "db",
    ]
)


def subdomain_error(subdomain: str) -> str | None:
    """A translated reason the subdomain cannot be used, or None if it is well-formed."""
    if not subdomain:
        return _("Please choose a subdomain.")
    if subdomain != subdomain.lower():
        return _("Use lowercase letters only.")
    if "." in subdomain:
        return _("A subdomain cannot contain dots.")
    if len(subdomain) < MIN_LENGTH:
        return _("Use at least %(n)d characters.") % {"n": MIN_LENGTH}
    if len(subdomain) > MAX_LENGTH:
        return _("Use at most %(n)d characters.") % {"n": MAX_LENGTH}
    if not SUBDOMAIN_RE.match(subdomain) or "--" in subdomain:
        return _("Use letters a-z, digits and single hyphens; start and end with a letter or digit.")
    if subdomain in RESERVED:
        return _("This subdomain is reserved. Please choose another one.")
    return None
