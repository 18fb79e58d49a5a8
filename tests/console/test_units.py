"""The gateway's console settings and answers, without a stack: the sign-in that mints tokens
exists only where a local stack's key is configured, and every answer carries the CSP."""
import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from starlette.applications import Starlette

from services.gateway import console, settings
from services.platform.config import Town

TOWNS = (Town(id="xihu", name="西湖镇"),)


def read(**env) -> tuple[settings.GatewaySettings, list[str]]:
    problems: list[str] = []
    return settings.read(env, "migrate", problems), problems  # a role with no other required setting


def test_console_settings_are_checked(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html>")
    good, problems = read(MINSHENG_CONSOLE_DIR=str(tmp_path), MINSHENG_CONSOLE_OIDC_ISSUER="https://idp.example/realms/d",
                          MINSHENG_CONSOLE_OIDC_CLIENT_ID="console")
    assert problems == [] and good.console_dir == str(tmp_path) and good.local_sign_in_key_file is None
    _, problems = read(MINSHENG_CONSOLE_DIR=str(tmp_path / "missing"), MINSHENG_CONSOLE_OIDC_ISSUER="http://idp",
                       MINSHENG_GATEWAY_LOCAL_SIGN_IN_KEY_FILE=str(tmp_path / "no-key.pem"))
    assert len(problems) == 4, problems  # no index.html, not https, no client id, no key file


def test_the_policy_names_the_identity_provider_and_allows_no_inline_script():
    policy = console.policy("https://idp.example/realms/d")
    assert "connect-src 'self' https://idp.example;" in policy and "form-action 'self' https://idp.example;" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval'" not in policy.replace("wasm-unsafe-eval", "")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><div id=app></div>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-AbCdEf12.js").write_text("export {}")
    return tmp_path


def client(console_settings: settings.GatewaySettings) -> httpx.AsyncClient:
    app = Starlette(routes=console.Console(console_settings, TOWNS).routes())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")


async def test_production_has_no_local_sign_in(folder):
    async with client(settings.GatewaySettings(console_dir=str(folder))) as http:
        refused = await http.post("/console/local-sign-in", json={"role": "staff", "town": "xihu"})
        assert refused.status_code == 404 and "token" not in refused.text
        assert (await http.get("/console/config.json")).json() == {
            "towns": [{"id": "xihu", "name": "西湖镇"}], "localSignIn": False, "oidc": None}
        asset = await http.get("/console/assets/index-AbCdEf12.js")
        assert asset.headers["cache-control"].endswith("immutable") and "content-security-policy" in asset.headers
        (folder.parent / "secret.txt").write_text("not for the web")
        outside = await http.get("/console/..%2fsecret.txt")
        assert outside.status_code == 200 and outside.text.startswith("<!doctype html>")  # the app, not the file


async def test_a_local_stack_signs_in_its_demo_users(folder):
    key = folder / "key.pem"
    key.write_bytes(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    async with client(settings.GatewaySettings(console_dir=str(folder), local_sign_in_key_file=str(key))) as http:
        signed = await http.post("/console/local-sign-in", json={"role": "district", "town": "xihu"})
        assert signed.json()["town"] is None and signed.json()["subject"] == "district"
        bad = await http.post("/console/local-sign-in", json={"role": "deputy", "town": "xihu", "subject": "x" * 101})
        assert bad.status_code == 400 and bad.json()["error"]["message"].startswith("subject")
        assert (await http.post("/console/local-sign-in", json=["deputy"])).status_code == 400
