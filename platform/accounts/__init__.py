"""Staff accounts. Lives in every tenant schema (merchant staff) and in public (vendor staff)."""
