"""The HTTP/JSON front door on the real stack, with a real HTTP client: every route of the
OpenAPI document reaches its RPC and answers as the document says; bad input is 400 with the
field paths and stores nothing; another town's resources are 403; tokens, request ids and
trace context pass through to the services."""
import json
import uuid

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from services.gateway.errors import HTTP_STATUS
from google.rpc import code_pb2
from tests.gateway.helpers import PROPOSER, bearer

pytestmark = pytest.mark.integration

# Values for the path parameters of every route: ids of the right shape (years are numbers).
PATH_VALUES = {"collectionCycle": "2024", "review": "2024", "candidateList": "2024", "term": "19"}


def violations(answer) -> dict[str, str]:
    body = answer.json()["error"]
    found = [d for d in body["details"] if d["@type"].endswith("google.rpc.BadRequest")]
    return {v["field"]: v["description"] for d in found for v in d["fieldViolations"]}


def schema_validator(document: dict, ref: str) -> Draft202012Validator:
    registry = Registry().with_resource("urn:openapi", Resource(contents=document, specification=DRAFT202012))
    return Draft202012Validator({"$ref": "urn:openapi" + ref}, registry=registry)


async def test_every_route_reaches_its_rpc_and_answers_as_the_document_says(client, town):
    document = (await client.get("/openapi.json")).json()
    error = schema_validator(document, "#/components/responses/Error/content/application~1json/schema")
    called = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            url = path.replace("{town}", town.town)
            for parameter in operation["parameters"]:
                if parameter["in"] == "path":
                    url = url.replace("{%s}" % parameter["name"], PATH_VALUES.get(parameter["name"], "x1"))
            headers = town.district if operation["tags"] == ["SubscriptionService"] else town.staff
            answer = await client.request(method.upper(), url, headers=headers,
                                          json={} if "requestBody" in operation else None)
            where = f"{method.upper()} {url}: {answer.text[:300]}"
            if answer.status_code == 200:
                ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
                schema_validator(document, ok).validate(answer.json())
            else:
                error.validate(answer.json())
                status = answer.json()["error"]["status"]
                assert HTTP_STATUS[code_pb2.Code.Value(status)] == answer.status_code, where
                assert status not in ("UNIMPLEMENTED", "INTERNAL", "UNKNOWN", "UNAVAILABLE"), where
                assert not answer.json()["error"]["message"].startswith("no route"), where
            called += 1
    assert called == sum(len(ops) for ops in document["paths"].values()) >= 45


async def test_a_proposal_round_trips_in_canonical_json(town):
    proposal = await town.submit(town.staff)
    assert proposal["name"].startswith(f"towns/{town.town}/proposals/")
    assert proposal["estimatedCostYuan"] == "300000" and proposal["channel"] == "ONLINE_PLATFORM"
    assert proposal["proposer"] == PROPOSER  # town staff see it whole
    again = await town.ok("GET", f"/v1/{proposal['name']}", town.staff)
    assert again == proposal
    listed = await town.ok("GET", f"/v1/towns/{town.town}/proposals", town.staff,
                           params={"pageSize": "1", "channel": "ONLINE_PLATFORM", "state": "RESERVE_POOL"})
    assert listed["proposals"] == [proposal]
    public = await town.ok("GET", f"/v1/towns/{town.town}/proposals:follow", town.public,
                           params={"receiptCode": proposal["receiptCode"]})
    assert public["proposer"]["name"] == "欧***" and PROPOSER["phone"] not in json.dumps(public)


async def test_bad_input_is_400_with_every_field_path_and_stores_nothing(client, town):
    url = f"/v1/towns/{town.town}/proposals"
    cases = [
        (b'{"title": "x",', {"proposal"}),  # bad JSON
        (b'{"title": "x", "colour": "red", "proposer": {"age": 3}}', {"proposal.colour", "proposal.proposer.age"}),
        (b'{"title": 7, "estimatedCostYuan": "much", "channel": "FAX", "createTime": "yesterday"}',
         {"proposal.title", "proposal.estimated_cost_yuan", "proposal.channel", "proposal.create_time"}),
        (b'["a", "list"]', {"proposal"}),
    ]
    for body, fields in cases:
        answer = await client.post(url, content=body, headers=town.public | {"Content-Type": "application/json"})
        assert answer.status_code == 400 and answer.json()["error"]["status"] == "INVALID_ARGUMENT", answer.text
        assert set(violations(answer)) == fields, answer.text
    unknown = await client.get(url, headers=town.staff, params={"colour": "red", "pageSize": "many"})
    assert unknown.status_code == 400 and set(violations(unknown)) == {"colour", "page_size"}
    # The services' own checks come back the same way.
    empty = await client.post(url, json={"channel": "WEB"}, headers=town.public)
    assert empty.status_code == 400 and {"proposal.title", "proposal.content"} <= set(violations(empty))
    assert (await town.ok("GET", url, town.staff)) == {}


async def test_an_oversized_body_is_400_whether_its_length_is_declared_or_not(client, town):
    url = f"/v1/towns/{town.town}/proposals"
    huge = json.dumps({"title": "x", "content": "长" * 400_000}).encode()  # 1.2 MB of UTF-8
    declared = await client.post(url, content=huge, headers=town.public | {"Content-Type": "application/json"})

    async def chunks():
        for i in range(0, len(huge), 65536):
            yield huge[i:i + 65536]
    streamed = await client.post(url, content=chunks(), headers=town.public | {"Content-Type": "application/json"})
    for answer in (declared, streamed):
        assert answer.status_code == 400, answer.text
        assert violations(answer) == {"proposal": "larger than 1048576 bytes"}
    assert (await town.ok("GET", url, town.staff)) == {}


async def test_another_towns_resources_are_403(client, town, elsewhere):
    theirs = await elsewhere.submit(elsewhere.staff)
    for method, path, body in [("GET", f"/v1/{theirs['name']}", None),
                               ("GET", f"/v1/towns/{elsewhere.town}/proposals", None),
                               ("POST", f"/v1/{theirs['name']}:answer", {"text": "不予采纳"}),
                               ("POST", f"/v1/towns/{elsewhere.town}/proposals", {"title": "x"})]:
        answer = await client.request(method, path, headers=town.staff, json=body)
        assert answer.status_code == 403 and answer.json()["error"]["status"] == "PERMISSION_DENIED", answer.text
    missing = await client.get(f"/v1/{theirs['name']}")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == "Bearer"
    forged = await client.get(f"/v1/{theirs['name']}", headers=bearer("not-a-token"))
    assert forged.status_code == 401


async def test_a_system_submits_on_its_channel_for_its_towns_only(issuer, town, elsewhere):
    hotline = bearer(issuer.issue("hotline-12345", None, "system",
                                  claims={"towns": [town.town], "channel": "HOTLINE_12345"}))
    submitted = await town.submit(hotline, channel="HOTLINE_12345")
    assert submitted["channel"] == "HOTLINE_12345" and submitted["proposer"]["name"] == "欧***"
    for target, channel in [(town, "WEB"), (elsewhere, "HOTLINE_12345")]:
        answer = await town.client.post(f"/v1/towns/{target.town}/proposals", headers=hotline, json={
            "title": "路灯", "content": "不亮", "location": "一村", "category": "照明", "channel": channel,
            "completionTimeFrame": "一个月",
            "proposer": PROPOSER})
        assert answer.status_code == 403, answer.text


async def test_the_request_id_header_makes_a_retry_safe(client, town):
    request_id = str(uuid.uuid4())
    first = await town.submit(town.staff | {"X-Request-Id": request_id})
    again = await town.submit(town.staff | {"X-Request-Id": request_id})
    assert again["name"] == first["name"]
    listed = await town.ok("GET", f"/v1/towns/{town.town}/proposals", town.staff)
    assert [p["name"] for p in listed["proposals"]] == [first["name"]]


async def test_the_callers_trace_continues_through_the_gateway(client, town):
    trace_id = uuid.uuid4().hex
    answer = await client.get(f"/v1/towns/{town.town}/proposals", headers=town.staff | {
        "traceparent": f"00-{trace_id}-{uuid.uuid4().hex[:16]}-01"})
    assert answer.status_code == 200 and answer.headers["traceresponse"].split("-")[1] == trace_id


async def test_the_documents_and_the_page_are_served(client):
    page = await client.get("/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
    bundle = await client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
    assert (await client.get("/docs/assets/..%2Fcore.py")).status_code == 404
    assert (await client.get("/asyncapi.json")).json()["asyncapi"] == "3.0.0"
    unknown = await client.get("/v2/anything")
    assert unknown.status_code == 404 and unknown.json()["error"]["status"] == "NOT_FOUND"
