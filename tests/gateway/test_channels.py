"""The gateway's channels to the services take answers larger than gRPC's default 4 MB (a
bulletin board of a large poll) up to the stated bound, and refuse larger ones."""
import grpc
import pytest
from google.protobuf.wrappers_pb2 import BytesValue

from services.gateway.front import MAX_MESSAGE_BYTES, open_channel

METHOD = "/test.Boards/Get"


async def _board(request: BytesValue, context) -> BytesValue:
    """Answers with as many bytes as the request asks for (its value, as text)."""
    return BytesValue(value=b"b" * int(request.value))


@pytest.fixture
async def server():
    handler = grpc.method_handlers_generic_handler("test.Boards", {"Get": grpc.unary_unary_rpc_method_handler(
        _board, request_deserializer=BytesValue.FromString, response_serializer=BytesValue.SerializeToString)})
    srv = grpc.aio.server(options=[("grpc.so_reuseport", 0)])
    srv.add_generic_rpc_handlers((handler,))
    port = srv.add_insecure_port("127.0.0.1:0")
    await srv.start()
    yield f"127.0.0.1:{port}"
    await srv.stop(None)


async def test_an_answer_of_several_megabytes_arrives_and_one_above_the_bound_is_refused(server):
    async with open_channel(server) as channel:
        get = channel.unary_unary(METHOD, request_serializer=BytesValue.SerializeToString,
                                  response_deserializer=BytesValue.FromString)
        big = 6 * 1024 * 1024
        assert len((await get(BytesValue(value=str(big).encode()))).value) == big
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await get(BytesValue(value=str(MAX_MESSAGE_BYTES + 1).encode()))
        assert refused.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    # gRPC's default channel would refuse the same board.
    async with grpc.aio.insecure_channel(server) as default:
        get = default.unary_unary(METHOD, request_serializer=BytesValue.SerializeToString,
                                  response_deserializer=BytesValue.FromString)
        with pytest.raises(grpc.aio.AioRpcError):
            await get(BytesValue(value=str(big).encode()))
