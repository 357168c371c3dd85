from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from vendor import conf


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("Email"))
    password = serializers.CharField(label=_("Password"), trim_whitespace=False, max_length=256)


class CodeSerializer(serializers.Serializer):
    code = serializers.CharField(label=_("Code"), max_length=12)


class VerifySerializer(serializers.Serializer):
    code = serializers.CharField(label=_("Code"), max_length=12, required=False, allow_blank=True)
    recovery_code = serializers.CharField(
        label=_("Recovery code"), max_length=32, required=False, allow_blank=True
    )

    def validate(self, attrs):  # type: ignore[no-untyped-def]
        if not attrs.get("code") and not attrs.get("recovery_code"):
            raise serializers.ValidationError({"code": [_("Enter the code from your authenticator app.")]})
        return attrs


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"), max_length=1000)


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"), max_length=1000, required=False, allow_blank=True)


class PluginToggleSerializer(serializers.Serializer):
    plugin = serializers.CharField(label=_("Plugin"), max_length=64)
    enabled = serializers.BooleanField(label=_("Enabled"))


class DeletionSerializer(serializers.Serializer):
    confirm = serializers.CharField(
        label=_("Confirmation"), max_length=63, help_text="The shop's subdomain, typed again."
    )
    reason = serializers.CharField(label=_("Reason"), max_length=1000, required=False, allow_blank=True)


class SupportGrantCreateSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("Reason"), max_length=1000)
    minutes = serializers.IntegerField(
        label=_("Minutes"),
        required=False,
        help_text="Length of the access; default and maximum come from VENDOR_SUPPORT_*_MINUTES.",
    )

    def validate_minutes(self, value: int) -> int:
        low, high = conf.get("SUPPORT_MIN_MINUTES"), conf.get("SUPPORT_MAX_MINUTES")
        if not low <= value <= high:
            raise serializers.ValidationError(
                _("Support access lasts between %(low)d and %(high)d minutes.") % {"low": low, "high": high}
            )
        return value
