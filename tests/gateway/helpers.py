"""What the gateway's tests share: an HTTP client of the real gateway with tokens, a webhook
receiver on the loopback, and the steps that move a proposal into review over HTTP."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from services.collection.domain import DEFAULT_CRITERIA
from services.platform.auth import TokenIssuer
from services.stack.infra import HOST
from services.stack.runner import GATEWAY, LocalStack
from tests.helpers import wait_for

YEAR = 2024
PROPOSER = {"name": "欧阳测试", "phone": "13912345678"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Http:
    """A town's callers over HTTP/JSON: staff, a deputy, a member of the public, the district."""

    def __init__(self, client: httpx.AsyncClient, issuer: TokenIssuer, town: str):
        self.client = client
        self.town = town
        self.staff = bearer(issuer.issue(f"staff-{town}", town, "staff"))
        self.deputy = bearer(issuer.issue(f"deputy-{town}-001", town, "deputy"))
        self.public = bearer(issuer.issue(f"citizen-{town}", town, "public"))
        self.district = bearer(issuer.issue("district-standing-committee", None, "district"))

    async def ok(self, method: str, path: str, headers: dict, **kwargs) -> dict:
        answer = await self.client.request(method, path, headers=headers, **kwargs)
        assert answer.status_code == 200, answer.text
        return answer.json()

    async def open_cycle(self) -> dict:
        now = time.time()
        return await self.ok("POST", f"/v1/towns/{self.town}/collectionCycles", self.staff, json={
            "year": YEAR, "title": f"{YEAR}年民生实事项目征集", "announcement": "公告正文",
            "opensAt": _rfc3339(now - 60), "closesAt": _rfc3339(now + 3600)})

    async def submit(self, headers: dict | None = None, **changes) -> dict:
        proposal = {"title": "村道硬化", "content": "修缮村内主干道", "location": "一村", "category": "交通",
                    "estimatedCostYuan": "300000", "completionTimeFrame": "当年内", "channel": "ONLINE_PLATFORM",
                    "proposer": PROPOSER} | changes
        return await self.ok("POST", f"/v1/towns/{self.town}/proposals", headers or self.public, json=proposal)

    async def shortlist(self, name: str) -> dict:
        results = [{"criterion": c, "passed": True} for c in DEFAULT_CRITERIA]
        return await self.ok("POST", f"/v1/{name}:screen", self.staff,
                             json={"results": results, "outcome": "SHORTLISTED"})

    async def review_item(self) -> str:
        """Opens the year's review with its work group; the item the shortlisted proposal became."""
        review = f"towns/{self.town}/reviews/{YEAR}"
        await self.ok("POST", f"/v1/towns/{self.town}/reviews", self.staff, json={"year": YEAR, "title": "审查论证"})
        await self.ok("POST", f"/v1/{review}:formWorkGroup", self.staff, json={"members": [
            {"name": "王代表", "role": "DEPUTY", "expertise": "综合", "account": f"deputy-{self.town}-001"},
            {"name": "李工", "role": "SECTOR_EXPERT", "expertise": "交通", "account": f"expert-{self.town}-001"}]})

        async def arrived():
            return (await self.ok("GET", f"/v1/{review}/items", self.staff)).get("items")
        return (await wait_for(arrived, what="the review item"))[0]["name"]

    async def assess(self, item: str) -> dict:
        await self.ok("POST", f"/v1/{item}:assignAssessors", self.staff, json={"memberIds": ["m1"]})
        await self.ok("POST", f"/v1/{item}:recordActivity", self.deputy, json={"activity": {
            "kind": "SITE_INSPECTION", "date": f"{YEAR}-01-15", "participants": ["王代表"], "findings": "属实"}})
        score = {"score": 4, "note": ""}
        return await self.ok("POST", f"/v1/{item}:assess", self.deputy, json={"assessment": {
            **{d: score for d in ("urgency", "maturity", "benefit", "cost", "completableWithinYear", "legality",
                                  "safetyEnvironment")},
            "estimatedCostYuan": "300000", "fundingSecuredYuan": "300000", "landSecured": True, "designReady": True,
            "recommendation": "RECOMMEND", "reason": "审查意见",
            "project": {"title": "村道硬化项目", "description": "实施内容", "location": "一村", "budgetYuan": "300000",
                        "fundingSource": "镇财政", "responsibleUnit": "镇建设办",
                        "completionDeadline": f"{YEAR}-11-30"}}})

    async def subscribe(self, endpoint: str, *event_types: str, towns: list[str] | None = None) -> dict:
        return await self.ok("POST", "/v1/subscriptions", self.district, json={
            "system": "finance-bureau", "towns": towns or [self.town], "endpoint": endpoint,
            "eventTypes": [f"cn.gov.minsheng.{t}.v1" for t in event_types]})


def _rfc3339(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def gateway_url(stack: LocalStack) -> str:
    return stack.api(GATEWAY).http_url


class Receiver:
    """A subscriber's endpoint on the loopback: records every delivery (headers and body) and
    answers each with the next of `statuses` (the last one repeated)."""

    def __init__(self, *statuses: int):
        self.statuses = list(statuses or (204,))
        self.deliveries: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.deliveries.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.url = f"http://{HOST}:{self.server.server_port}/events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def events(self) -> list[dict]:
        return [json.loads(body) for _, body in self.deliveries]
