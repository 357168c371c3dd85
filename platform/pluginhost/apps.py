from django.apps import AppConfig


class PluginHostConfig(AppConfig):
    name = "pluginhost"
    verbose_name = "Plugin host"

    def ready(self) -> None:
        # Build the manager at start-up so unknown hooks and duplicate keys fail the boot.
        from pluginhost.manager import get_plugin_manager

        get_plugin_manager()
