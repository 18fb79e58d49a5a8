"""The public submission limit is one limit for all gateway replicas: two gateway processes
of their own, each allowing 4 submissions a minute, together allow a member of the public 4,
not 8, while the collection api's own backstop (10 per replica) would have let more through."""
import uuid

import httpx
import pytest

from services.stack.runner import GATEWAY, wait_serving
from tests.gateway.helpers import bearer

pytestmark = pytest.mark.integration
LIMIT = 4


@pytest.fixture
def two_gateways(stack):
    started = [stack.start_service(GATEWAY, "api", supervised=False,
                                   MINSHENG_PUBLIC_SUBMISSIONS_PER_MINUTE=str(LIMIT)) for _ in range(2)]
    for process in started:
        wait_serving(process)
    yield [process.http_url for process in started]
    for process in started:
        stack.stop_process(process)


async def test_two_gateway_replicas_enforce_one_limit(two_gateways, issuer, new_town):
    citizen = bearer(issuer.issue(f"citizen-{uuid.uuid4().hex[:8]}", new_town, "public"))
    proposal = {"title": "路灯", "content": "不亮", "location": "一村", "category": "照明",
                "completionTimeFrame": "一个月", "channel": "WEB", "proposer": {"name": "李四", "phone": "13800000001"}}
    answers = []
    async with httpx.AsyncClient(timeout=30) as client:
        for i in range(LIMIT + 2):  # alternating replicas, as a load balancer would
            url = f"{two_gateways[i % 2]}/v1/towns/{new_town}/proposals"
            answers.append(await client.post(url, headers=citizen, json=proposal))
        staff = bearer(issuer.issue(f"staff-{new_town}", new_town, "staff"))
        listed = (await client.get(f"{two_gateways[0]}/v1/towns/{new_town}/proposals", headers=staff)).json()
    assert [a.status_code for a in answers] == [200] * LIMIT + [429, 429]
    for refused in answers[LIMIT:]:
        error = refused.json()["error"]
        assert error["status"] == "RESOURCE_EXHAUSTED" and int(refused.headers["Retry-After"]) >= 1
        assert [d["reason"] for d in error["details"] if "reason" in d] == ["RATE_LIMITED"]
    assert len(listed["proposals"]) == LIMIT  # nothing stored for the refused ones
