"""Tenants: the Tenant and Domain rows, plugin enablement, provisioning, sign-up, fleet migration."""
