"""API conventions: OpenAPI schema and offline Swagger UI per site, one error shape, translated."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import make_client

ROOT = Path(__file__).resolve().parents[3]
ZH_HANT_CATALOGUE = ROOT / "platform" / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.mo"
NOT_AUTHENTICATED_EN = "Authentication credentials were not provided."


def schema_of(client, **extra) -> dict:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/schema/", **extra)
    assert response.status_code == 200, response.content[:500]
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    return document


def test_tenant_schema_lists_tenant_endpoints(tenant_a) -> None:  # type: ignore[no-untyped-def]
    client = make_client("alpha")
    for document in (
        schema_of(client, QUERY_STRING="format=json"),
        schema_of(client, HTTP_ACCEPT="application/vnd.oai.openapi+json"),
    ):
        paths = document["paths"]
        assert "/api/v1/auth/login/" in paths
        assert "/api/v1/plugins/" in paths
        assert "/api/v1/signup/" not in paths  # sign-up is a public-site endpoint


def test_public_schema_lists_signup(db) -> None:  # type: ignore[no-untyped-def]
    paths = schema_of(make_client(None), QUERY_STRING="format=json")["paths"]
    assert "/api/v1/signup/" in paths
    assert "/api/v1/auth/login/" not in paths  # log-in happens on a shop's own host


@pytest.mark.parametrize("subdomain", ["alpha", None])
def test_swagger_ui_uses_only_local_assets(db, subdomain: str | None) -> None:  # type: ignore[no-untyped-def]
    client = make_client(subdomain)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "swagger" in html.lower()
    assets = re.findall(r"""<(?:script|link)\b[^>]*?\b(?:src|href)=["']([^"']+)["']""", html)
    assert assets, html[:1000]
    for url in assets:
        assert not re.match(r"(?i)^(https?:)?//", url), f"external asset {url}"
    local = [u for u in assets if u.startswith("/static/drf_spectacular_sidecar/")]
    assert any(u.endswith(".js") for u in local), assets
    assert any(u.endswith(".css") for u in local), assets
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs"):
        assert cdn not in html
    # And the assets are really served (by whitenoise, on the same host).
    for url in (next(u for u in local if u.endswith(".js")), next(u for u in local if u.endswith(".css"))):
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content if asset.streaming else [asset.content])


def test_unknown_api_path_is_404(tenant_a) -> None:  # type: ignore[no-untyped-def]
    client = make_client("alpha")
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert b"window.__HUIYUAN__" not in response.content  # not swallowed by the single-page app


def test_not_authenticated_error_shape(tenant_a) -> None:  # type: ignore[no-untyped-def]
    response = make_client("alpha").get("/api/v1/plugins/")
    assert response.status_code in (401, 403)
    assert response.json() == {
        "error": {"code": "not_authenticated", "message": NOT_AUTHENTICATED_EN, "fields": {}}
    }


def test_validation_error_shape(tenant_a) -> None:  # type: ignore[no-untyped-def]
    response = make_client("alpha").post("/api/v1/auth/login/", {}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert isinstance(error["message"], str) and error["message"]
    assert set(error["fields"]) == {"email", "password"}
    assert all(isinstance(m, str) for messages in error["fields"].values() for m in messages)


def test_drf_messages_are_translated_for_zh_hant(tenant_a) -> None:  # type: ignore[no-untyped-def]
    """DRF ships zh_Hant for "Not found." (找不到資源。): the error body carries it."""
    client = Client(HTTP_HOST="alpha.localhost", HTTP_ACCEPT_LANGUAGE="zh-hant")
    response = client.get("/api/v1/auth/invitations/not-a-real-token/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "找不到資源。", "fields": {}}}
    english = make_client("alpha").get("/api/v1/auth/invitations/not-a-real-token/")
    assert english.json()["error"]["message"] == "Not found."


def cjk(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def test_not_authenticated_message_is_translated_for_zh_hans(tenant_a) -> None:  # type: ignore[no-untyped-def]
    """DRF ships this one for zh_Hans: shows the error body follows Accept-Language."""
    client = Client(HTTP_HOST="alpha.localhost", HTTP_ACCEPT_LANGUAGE="zh-hans")
    error = client.get("/api/v1/plugins/").json()["error"]
    assert error == {"code": "not_authenticated", "message": "未提供身份认证信息，请先登录。", "fields": {}}


def test_not_authenticated_message_is_translated_for_zh_hant(tenant_a) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="alpha.localhost", HTTP_ACCEPT_LANGUAGE="zh-hant")
    error = client.get("/api/v1/plugins/").json()["error"]
    assert error["code"] == "not_authenticated"
    assert error["fields"] == {}
    if not ZH_HANT_CATALOGUE.exists():
        # DRF 3.18's zh_Hant catalogue leaves this message untranslated; the project's own
        # catalogue (platform/locale/zh_Hant) is meant to provide it.
        assert error["message"] == NOT_AUTHENTICATED_EN
        pytest.skip(f"{ZH_HANT_CATALOGUE.relative_to(ROOT)} not compiled yet: translation not asserted")
    assert error["message"] != NOT_AUTHENTICATED_EN, "not translated: add it to platform/locale/zh_Hant"
    assert cjk(error["message"]), error["message"]


def test_validation_error_is_translated_for_zh_hant(tenant_a) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    client = Client(HTTP_HOST="alpha.localhost", HTTP_ACCEPT_LANGUAGE="zh-hant")
    response = client.post("/api/v1/auth/login/", "{}", content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert all(cjk(m) for messages in error["fields"].values() for m in messages), error["fields"]
    with translation.override("zh-hant"):
        expected = translation.gettext("Please correct the highlighted fields.")
    assert error["message"] == expected
    if not ZH_HANT_CATALOGUE.exists():
        pytest.skip(f"{ZH_HANT_CATALOGUE.relative_to(ROOT)} not compiled yet: core message not asserted")
    assert cjk(error["message"]), error["message"]
