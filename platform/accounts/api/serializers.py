from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import User


class StaffSerializer(serializers.ModelSerializer):
    invitation_pending = serializers.BooleanField(read_only=True)
    stores = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of the stores this person works in; empty: every store."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "name",
            "role",
            "is_active",
            "invitation_pending",
            "stores",
            "last_login",
            "date_joined",
        ]
        read_only_fields = fields


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("Email"))
    password = serializers.CharField(label=_("Password"), trim_whitespace=False)


class InvitationSerializer(serializers.Serializer):
    email = serializers.EmailField(label=_("Email"))
    name = serializers.CharField(label=_("Name"), max_length=100, required=False, allow_blank=True)
    role = serializers.ChoiceField(label=_("Role"), choices=User.Role.choices)
    stores = serializers.ListField(
        label=_("Stores"),
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=500,
        help_text="Ids of the stores the new account may work in; empty or missing: every store.",
    )


class StaffUpdateSerializer(serializers.Serializer):
    stores = serializers.ListField(
        label=_("Stores"),
        child=serializers.IntegerField(min_value=1),
        max_length=500,
        help_text="Ids of the stores this person may work in; empty: every store.",
    )


class AcceptInvitationSerializer(serializers.Serializer):
    token = serializers.CharField()
    password = serializers.CharField(label=_("Password"), trim_whitespace=False)


class LanguageSerializer(serializers.Serializer):
    language = serializers.CharField(label=_("Language"))
