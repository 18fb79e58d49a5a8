"""The gateway's routes and documents from the descriptors, without the stack: every RPC of
every registered service has a route, the OpenAPI 3.1 document passes an OpenAPI validator,
the AsyncAPI 3.0 document passes an AsyncAPI model's validation and its schemas are JSON
Schemas whose references all resolve, and no event on offer carries personal data."""
import copy
import json
import warnings

import pytest
from jsonschema import Draft7Validator
from openapi_spec_validator import validate as validate_openapi
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from pydantic import ValidationError

from services import registry
from services.gateway import apis, asyncapi, documents, openapi
from services.platform.protogen import ROOT
from services.gateway.routes import Router, bindings_of

with warnings.catch_warnings():  # the model shadows pydantic's `schema`, harmlessly
    warnings.simplefilter("ignore", UserWarning)
    from asyncapi3.models import AsyncAPI3

SERVED = (*registry.SERVICES, registry.GATEWAY)
# Words of personal data: a proposer's or a member's name, phone, identity; a voter; a ballot.
PERSONAL = ("phone", "proposer", "display_name", "identity", "id_card", "voter", "ballot_content", "mark",
            "choices", "tracking_code", "address")


@pytest.fixture(scope="module")
def router() -> Router:
    return Router([b for service in SERVED for b in bindings_of(service)])


@pytest.mark.parametrize("service", SERVED)
def test_every_rpc_of_every_service_has_a_route(service, router):
    routed = {b.method.full_name for b in router.bindings}
    assert {m.full_name for m in apis.methods_of(service)} <= routed


def test_no_two_routes_share_a_method_and_path(router):
    seen = [(b.http_method, b.template.openapi()[0]) for b in router.bindings]
    assert len(seen) == len(set(seen))


def test_routes_match_their_own_paths_and_nothing_else(router):
    for binding in router.bindings:
        path, parameters = binding.template.openapi()
        for name, _ in parameters:
            path = path.replace("{" + name + "}", "2024" if name in ("review", "collectionCycle") else "a-1")
        found, variables = router.match(binding.http_method, path)
        assert found is binding, path
        assert set(variables) == {v.field for v in binding.template.variables}
    assert router.match("GET", "/v1/towns/xihu/proposals/p1/extra") is None
    assert router.match("POST", "/v1/towns/xihu/proposals/p1:unknownVerb") is None


def test_the_openapi_document_is_valid_and_covers_every_route(router):
    document = openapi.document(router.bindings)
    validate_openapi(document)
    operations = {op["operationId"] for ops in document["paths"].values() for op in ops.values()}
    assert operations == {f"{b.method.containing_service.name}_{b.method.name}" for b in router.bindings}
    proposal = document["components"]["schemas"]["minsheng.collection.v1.Proposal"]
    assert proposal["properties"]["estimatedCostYuan"]["type"] == "string"  # int64 as text
    assert proposal["properties"]["createTime"]["format"] == "date-time"
    assert document["components"]["schemas"]["minsheng.collection.v1.Channel"]["enum"][-1] == "OTHER"
    assert "一事一提" in document["paths"]["/v1/towns/{town}/proposals"]["post"]["description"]
    exported = document["paths"]["/v1/towns/{town}/districtExports/{view}"]["get"]["responses"]["200"]
    assert exported["content"] == {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
    broken = copy.deepcopy(document)
    broken["paths"]["/v1/towns/{town}/proposals"]["post"]["parameters"][0]["in"] = "body"
    with pytest.raises(OpenAPIValidationError):
        validate_openapi(broken)


def _references(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for v in node.values() for r in _references(v)]
    if isinstance(node, list):
        return [r for v in node for r in _references(v)]
    return []


def _resolve(document: dict, ref: str):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_the_asyncapi_document_is_valid_and_lists_every_event():
    document = asyncapi.document()
    AsyncAPI3.model_validate(document)
    for ref in _references(document):
        _resolve(document, ref)  # a reference that does not resolve raises
    for message in document["components"]["messages"].values():
        Draft7Validator.check_schema(message["payload"])
    addresses = {c["address"] for c in document["channels"].values()}
    assert addresses == {k.subject_pattern for k in apis.event_kinds()}
    assert "minsheng.{town}.collection.proposal_submitted" in addresses
    assert all("Who may subscribe" in op["description"] for op in document["operations"].values())
    json.dumps(document)
    broken = copy.deepcopy(document)
    next(iter(broken["channels"].values()))["adress"] = "typo"
    with pytest.raises(ValidationError):
        AsyncAPI3.model_validate(broken)


def test_the_events_on_offer_are_every_event_contract_and_carry_no_personal_data():
    kinds = apis.event_kinds()
    names = {k.message.name for k in kinds}
    assert {"ProposalSubmitted", "CandidateListApproved", "ResultAnnounced"} <= names
    assert not names & {"Candidate", "CandidateCount", "Envelope"}  # parts of events, not events
    for kind in kinds:
        for field in _fields(kind.message):
            assert not any(word in field for word in PERSONAL), f"{kind.message.full_name}: {field}"


def _fields(message, seen=()) -> list[str]:
    found = []
    for field in message.fields:
        found.append(field.name)
        if field.message_type is not None and field.message_type.full_name not in seen:
            found += _fields(field.message_type, (*seen, message.full_name))
    return found


def test_the_documents_in_the_repository_are_not_stale():
    for name, document in documents.documents().items():
        committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert committed == documents.text(document), f"run `make proto`: docs/{name} is stale"
