"""The core's standard behaviour, registered through the same hooks as vertical plugins."""
