"""The edge as the api processes run it, configured from their environment: the token
lifetime limit, health Watch (a streaming call the edge leaves open), signed page tokens."""
import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from minsheng.collection.v1 import collection_pb2 as pb
from tests.collection.client import Collection
from tests.helpers import field_violations

pytestmark = pytest.mark.integration
CENTURIES = 200 * 365 * 86400


async def test_a_token_valid_for_two_hundred_years_is_refused(channel_to, issuer, new_town):
    town = Collection(channel_to("collection"), issuer, new_town)
    forever = (("authorization", "Bearer " + issuer.issue(f"staff-{new_town}", new_town, "staff",
                                                          ttl_seconds=CENTURIES)),)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await town.stub.ListProposals(pb.ListProposalsRequest(parent=town.parent), metadata=forever)
    assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
    await town.list()  # a token of an hour is fine


async def test_health_watch_streams_on_an_api(channel_to):
    watch = health_pb2_grpc.HealthStub(channel_to("voting")).Watch(health_pb2.HealthCheckRequest(service=""))
    assert (await watch.read()).status == health_pb2.HealthCheckResponse.SERVING
    watch.cancel()


async def test_page_tokens_read_back_and_forged_ones_are_refused(channel_to, issuer, new_town):
    town = Collection(channel_to("collection"), issuer, new_town)
    await town.open_cycle()
    submitted = {(await town.submit(title=f"项目{i}")).name for i in range(3)}
    first = await town.stub.ListProposals(pb.ListProposalsRequest(parent=town.parent, page_size=2), metadata=town.staff)
    second = await town.stub.ListProposals(pb.ListProposalsRequest(parent=town.parent, page_size=2,
                                                                   page_token=first.next_page_token),
                                           metadata=town.staff)
    assert {p.name for p in [*first.proposals, *second.proposals]} == submitted and not second.next_page_token
    token = first.next_page_token
    for forged in (token[:-1] + ("A" if token[-1] != "A" else "B"), "eyJhZnRlciI6IDFlNDAwfQ=="):
        with pytest.raises(grpc.aio.AioRpcError) as caught:
            await town.stub.ListProposals(pb.ListProposalsRequest(parent=town.parent, page_token=forged),
                                          metadata=town.staff)
        assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert field_violations(caught.value) == {"page_token"}
    with pytest.raises(grpc.aio.AioRpcError) as caught:  # made for other filters
        await town.stub.ListProposals(pb.ListProposalsRequest(parent=town.parent, page_token=token, year=2024),
                                      metadata=town.staff)
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
