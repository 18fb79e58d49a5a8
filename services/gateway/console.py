"""The web console (services/console) as the gateway's api role serves it: the built assets
under /console/, its settings at /console/config.json, and, on a local stack only, the sign-in
that mints the stack's tokens for the demo users.

Every console answer carries the security headers: a Content-Security-Policy without inline
scripts (the build emits none), no framing, no sniffing, no referrer; and HSTS when the request
came over TLS (directly, or through a proxy or ingress that says so in X-Forwarded-Proto)."""
import json
import re
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from services.gateway.settings import GatewaySettings
from services.platform import auth

PREFIX = "/console"
# Hashed file names (Vite's assets/name-hash.js): cached for a year; index.html never.
HASHED = re.compile(r"-[A-Za-z0-9_-]{8,}\.(js|css|wasm|woff2?|png|svg)$")
SIGN_IN_ROLES = (auth.PUBLIC, auth.STAFF, auth.DEPUTY, auth.DISTRICT)
SIGN_IN_TTL_SECONDS = 8 * 3600
HSTS = "max-age=31536000; includeSubDomains"


def policy(oidc_issuer: str | None) -> str:
    """The console's CSP: its own scripts and styles only; WebAssembly (libsodium) may compile;
    it calls this gateway, and the identity provider when one is configured."""
    idp = f" {_origin(oidc_issuer)}" if oidc_issuer else ""
    return ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self'{idp}; form-action 'self'{idp}; frame-ancestors 'none'; base-uri 'self'; "
            "object-src 'none'")


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


class Console:
    def __init__(self, settings: GatewaySettings, towns):
        self.settings = settings
        self.towns = [{"id": t.id, "name": t.name} for t in towns]
        self.folder = Path(settings.console_dir).resolve() if settings.console_dir else None
        self.issuer = _local_issuer(settings.local_sign_in_key_file)
        self.csp = policy(settings.oidc_issuer)

    def routes(self) -> list[Route]:
        if self.folder is None:
            return []
        return [Route(PREFIX, lambda request: RedirectResponse(f"{PREFIX}/")),
                Route(f"{PREFIX}/config.json", self.config),
                Route(f"{PREFIX}/local-sign-in", self.sign_in, methods=["POST"]),
                Route(PREFIX + "/{file:path}", self.asset)]

    def _secure(self, request: Request, response: Response) -> Response:
        response.headers.update({
            "Content-Security-Policy": self.csp, "X-Content-Type-Options": "nosniff",
            "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
            "Cross-Origin-Opener-Policy": "same-origin"})
        if request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https":
            response.headers["Strict-Transport-Security"] = HSTS
        return response

    async def config(self, request: Request) -> Response:
        oidc = ({"issuer": self.settings.oidc_issuer, "clientId": self.settings.oidc_client_id}
                if self.settings.oidc_issuer else None)
        body = {"towns": self.towns, "localSignIn": self.issuer is not None, "oidc": oidc}
        return self._secure(request, JSONResponse(body, headers={"Cache-Control": "no-store"}))

    async def sign_in(self, request: Request) -> Response:
        """The local stack's demo users: {role, town, subject?} -> a token. 404 unless enabled."""
        if self.issuer is None:
            return self._secure(request, JSONResponse({"error": {"message": "not found"}}, status_code=404))
        try:
            asked = json.loads(await request.body())
            role, town, subject = asked["role"], asked.get("town"), asked.get("subject")
        except (ValueError, KeyError, TypeError, AttributeError):
            role, town, subject = None, None, None
        problem = _sign_in_problem(role, town, subject, {t["id"] for t in self.towns})
        if problem:
            return self._secure(request, JSONResponse({"error": {"message": problem}}, status_code=400))
        town = None if role == auth.DISTRICT else town
        subject = subject or "-".join(part for part in (role, town) if part)
        token = self.issuer.issue(subject, town, role, ttl_seconds=SIGN_IN_TTL_SECONDS)
        return self._secure(request, JSONResponse({"token": token, "subject": subject, "role": role, "town": town}))

    async def asset(self, request: Request) -> Response:
        """A built file; any other path is the single-page app's (index.html routes it)."""
        wanted = (self.folder / request.path_params["file"]).resolve()
        if wanted.is_file() and wanted.is_relative_to(self.folder):
            cache = "public, max-age=31536000, immutable" if HASHED.search(wanted.name) else "no-cache"
            return self._secure(request, FileResponse(wanted, headers={"Cache-Control": cache}))
        return self._secure(request, FileResponse(self.folder / "index.html", headers={"Cache-Control": "no-cache"}))


def _sign_in_problem(role, town, subject, towns: set[str]) -> str | None:
    if role not in SIGN_IN_ROLES:
        return f"role: one of {', '.join(SIGN_IN_ROLES)}"
    if role != auth.DISTRICT and town not in towns:
        return "town: one of the stack's towns"
    if subject is not None and (not isinstance(subject, str) or not 0 < len(subject) <= auth.MAX_SUBJECT
                                or not subject.isprintable()):
        return f"subject: printable text of at most {auth.MAX_SUBJECT} characters"
    return None


def _local_issuer(key_file: str | None) -> auth.TokenIssuer | None:
    if not key_file:
        return None
    return auth.TokenIssuer(serialization.load_pem_private_key(Path(key_file).read_bytes(), password=None))
