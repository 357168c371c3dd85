"""Project-named pluggy markers; plugin authors import `hookimpl` from `huiyuan`."""

import pluggy

PROJECT_NAME = "huiyuan"
ENTRY_POINT_GROUP = "huiyuan.plugins"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)
