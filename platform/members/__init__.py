"""Customers and their membership: one person record, membership attached to it."""
