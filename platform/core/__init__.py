"""Shared kernel: errors, API conventions, middleware, tasks, observability."""
