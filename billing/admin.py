from django.contrib import admin

from billing.metrics import mrr
from billing.models import Plan, StripeEvent, TenantBilling


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "currency", "seat_price", "trial_days", "active", "stripe_price_id")
    list_filter = ("currency", "active")
    readonly_fields = ("stripe_product_id", "stripe_price_id", "stripe_price_amount")


@admin.register(TenantBilling)
class TenantBillingAdmin(admin.ModelAdmin):
    list_display = (
        "tenant",
        "plan",
        "status",
        "seats",
        "seats_wanted",
        "trial_ends_at",
        "grace_ends_at",
        "mrr",
    )
    list_filter = ("status", "plan")
    search_fields = ("tenant__name", "tenant__subdomain", "stripe_customer_id", "stripe_subscription_id")
    readonly_fields = [f.name for f in TenantBilling._meta.fields if f.name.startswith("stripe_")] + [
        "seats",
        "seat_version",
        "last_event_created",
        "updated_at",
    ]

    @admin.display(description="MRR")
    def mrr(self, obj: TenantBilling) -> str:
        return f"{mrr(obj)} {obj.plan.currency}" if obj.plan else "-"


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ("id", "type", "outcome", "tenant", "created", "received_at")
    list_filter = ("type", "outcome")
    search_fields = ("id",)

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
