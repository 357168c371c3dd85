"""Per-seat Stripe billing (shared app, public schema). See docs/billing.md."""
