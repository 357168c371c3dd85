"""docs/api/*.yaml are the published API reference: they must match what the code serves."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api"


@pytest.mark.parametrize(
    ("urlconf", "filename"),
    [("huiyuan.urls_tenant", "openapi-tenant.yaml"), ("huiyuan.urls_public", "openapi-public.yaml")],
)
def test_committed_openapi_matches_the_code(urlconf, filename):
    out = StringIO()
    call_command("spectacular", urlconf=urlconf, stdout=out)
    committed = (DOCS / filename).read_text(encoding="utf-8")
    assert out.getvalue() == committed, f"docs/api/{filename} is stale: run `make openapi`"
