"""Serializer building blocks shared by the apps' APIs."""

from __future__ import annotations

import copy
from typing import Any

from rest_framework import serializers


class OutputModelSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A read-only ModelSerializer that introspects its model once per class, not once per use.

    ``ModelSerializer.get_fields()`` rebuilds every field from the model's metadata each time a
    serializer is instantiated (nested list serializers included): for an order with its lines,
    payments and commissions that was a sixth of a checkout's CPU. The result depends only on the
    class (its ``Meta`` and declared fields), so it is built once and each use gets a deep copy,
    exactly as DRF already does for declared fields. Only for output serializers: their fields
    never depend on the request or the instance.
    """

    def get_fields(self) -> dict[str, Any]:
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            cls._built_fields = built  # type: ignore[attr-defined]
        return copy.deepcopy(built)
