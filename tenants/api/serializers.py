from __future__ import annotations

from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

CURRENCIES = {
    "TWD": _("New Taiwan dollar"),
    "CNY": _("Chinese yuan"),
    "HKD": _("Hong Kong dollar"),
    "MOP": _("Macanese pataca"),
    "SGD": _("Singapore dollar"),
    "MYR": _("Malaysian ringgit"),
    "USD": _("US dollar"),
    "EUR": _("Euro"),
    "GBP": _("Pound sterling"),
    "JPY": _("Japanese yen"),
    "AUD": _("Australian dollar"),
    "CAD": _("Canadian dollar"),
}
TIME_ZONES = sorted(available_timezones() - {"localtime", "Factory"})


class SignupSerializer(serializers.Serializer):
    shop_name = serializers.CharField(max_length=100, label=_("Shop name"))
    subdomain = serializers.CharField(max_length=63, label=_("Subdomain"), trim_whitespace=True)
    email = serializers.EmailField(label=_("Email"))
    password = serializers.CharField(write_only=True, label=_("Password"), trim_whitespace=False)
    trade = serializers.ChoiceField(choices=settings.TRADES, label=_("Trade"))
    language = serializers.ChoiceField(choices=settings.LANGUAGES, label=_("Language"))
    currency = serializers.ChoiceField(choices=list(CURRENCIES.items()), label=_("Currency"))
    time_zone = serializers.ChoiceField(choices=TIME_ZONES, label=_("Time zone"))

    def validate_subdomain(self, value: str) -> str:
        from django.utils.translation import gettext

        from tenants.services.signup import subdomain_taken
        from tenants.validators import subdomain_error

        reason = subdomain_error(value)
        if reason is None and subdomain_taken(value):
            reason = gettext("This subdomain is already taken. Please choose another one.")
        if reason:
            raise serializers.ValidationError(reason)
        return value

    def validate(self, attrs: dict) -> dict:
        from accounts.models import User

        probe = User(email=attrs["email"], name=attrs["shop_name"])
        try:
            validate_password(attrs["password"], probe)
        except ValidationError as exc:
            raise serializers.ValidationError({"password": exc.messages}) from exc
        return attrs


class SignupResultSerializer(serializers.Serializer):
    tenant = serializers.DictField()
    login_url = serializers.URLField()
