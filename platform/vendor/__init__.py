"""The vendor console: Huiyuan's own staff administering tenants (public schema, SHARED app).

See docs/vendor-console.md. Vendor staff are public-schema ``accounts.User`` rows with a
:class:`vendor.models.VendorStaff` profile and a second factor (TOTP); tenants' staff live in their
own schemas and can never log in here.
"""
