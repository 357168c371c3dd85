from django.contrib import admin

from tenants.models import Domain, Tenant, TenantPlugin


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


class TenantPluginInline(admin.TabularInline):
    model = TenantPlugin
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ("name", "subdomain", "state", "trade", "currency", "time_zone", "created_on")
    list_filter = ("state", "trade", "currency")
    search_fields = ("name", "subdomain", "owner_email", "schema_name")
    readonly_fields = ("schema_name", "created_on", "activated_on")
    inlines = [DomainInline, TenantPluginInline]


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("domain", "tenant", "is_primary")
    search_fields = ("domain",)
