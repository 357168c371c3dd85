"""Sign-up: a shop gets its own schema, domain and owner account in one transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core.errors import DomainError
from core.tasks import enqueue
from tenants.models import Domain, Tenant, TenantPlugin
from tenants.services.provisioning import claim_schema
from tenants.validators import subdomain_error


@dataclass(frozen=True)
class SignupData:
    shop_name: str
    subdomain: str
    email: str
    password: str
    trade: str
    language: str
    currency: str
    time_zone: str


@dataclass(frozen=True)
class SignupResult:
    tenant: Tenant
    login_url: str


def tenant_host(subdomain: str) -> str:
    return f"{subdomain}.{settings.BASE_DOMAIN}"


def tenant_base_url(subdomain: str) -> str:
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{settings.PUBLIC_SCHEME}://{tenant_host(subdomain)}{port}"


def subdomain_taken(subdomain: str) -> bool:
    return (
        Tenant.objects.filter(subdomain=subdomain).exists()
        or Domain.objects.filter(domain=tenant_host(subdomain)).exists()
    )


def _taken_error() -> DomainError:
    message = _("This subdomain is already taken. Please choose another one.")
    return DomainError(message, code="subdomain_taken", fields={"subdomain": [message]})


def sign_up(data: SignupData) -> SignupResult:
    """Claim a pre-migrated schema and make it the shop's; exactly one of two racing sign-ups for
    the same subdomain wins (unique subdomain), the other gets a field error and changes nothing."""
    from accounts.services import create_owner, handoff_url
    from billing.services import start_trial

    error = subdomain_error(data.subdomain)
    if error:
        raise DomainError(error, fields={"subdomain": [error]})
    if subdomain_taken(data.subdomain):
        raise _taken_error()
    try:
        with transaction.atomic():
            tenant = claim_schema()
            tenant.name = data.shop_name.strip()
            tenant.subdomain = data.subdomain
            tenant.state = Tenant.State.ACTIVE
            tenant.trade = data.trade
            tenant.language = data.language
            tenant.currency = data.currency
            tenant.time_zone = data.time_zone
            tenant.owner_email = data.email.strip().lower()
            tenant.activated_on = timezone.now()
            tenant.save()
            Domain.objects.create(domain=tenant_host(data.subdomain), tenant=tenant, is_primary=True)
            if data.trade in installed_plugin_names():
                TenantPlugin.objects.create(tenant=tenant, plugin=data.trade, enabled=True)
            with schema_context(tenant.schema_name):
                owner = create_owner(data.email, data.password, data.shop_name.strip(), data.language)
                login_url = handoff_url(owner, tenant_base_url(data.subdomain))
            connection.set_schema_to_public()
            start_trial(tenant)  # local TenantBilling (trialing); Stripe is only needed at Checkout
    except IntegrityError as exc:
        if "subdomain" in str(exc) or "domain" in str(exc):
            raise _taken_error() from exc
        raise
    from tenants.tasks import refill_pool

    enqueue(refill_pool, slow=True)  # cloning is slow: never inside the sign-up response
    return SignupResult(tenant, login_url)


def installed_plugin_names() -> set[str]:
    from pluginhost.manager import plugin_infos

    return {name for name, info in plugin_infos().items() if not info.default}
