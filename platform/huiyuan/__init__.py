"""The Huiyuan Django project package.

Plugin authors write ``from huiyuan import hookimpl``: the marker is re-exported here so the
public import path stays stable even if the plugin host moves.
"""

from pluginhost.markers import hookimpl, hookspec

__all__ = ["hookimpl", "hookspec"]
