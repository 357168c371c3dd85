"""The plugin host: pluggy hookspecs, discovery through the `huiyuan.plugins` entry points,
per-tenant enablement and the typed functions the core calls hooks through."""
