"""What tests share: rich gRPC errors, waiting for asynchronous effects, and tokens."""
import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2

from services.platform.auth import TokenIssuer
from services.stack.demo.common import wait_for

__all__ = ["expect_error", "field_violations", "reason", "staff_of", "violations", "wait_for"]


async def expect_error(call, code: grpc.StatusCode) -> grpc.aio.AioRpcError:
    """Awaits a call that must fail with `code`; returns the error to look into."""
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    assert caught.value.code() == code, caught.value.details()
    return caught.value


def staff_of(issuer: TokenIssuer, town: str) -> tuple[tuple[str, str], ...]:
    """The metadata of the town's staff."""
    return issuer.metadata(f"staff-{town}", town, "staff")


def _status(error: grpc.aio.AioRpcError) -> status_pb2.Status:
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    raise AssertionError(f"no rich status in {error!r}")


def violations(error: grpc.aio.AioRpcError) -> dict[str, str]:
    """Each violated field with its description."""
    for detail in _status(error).details:
        bad = error_details_pb2.BadRequest()
        if detail.Unpack(bad):
            return {v.field: v.description for v in bad.field_violations}
    return {}


def field_violations(error: grpc.aio.AioRpcError) -> set[str]:
    return set(violations(error))


def reason(error: grpc.aio.AioRpcError) -> str:
    for detail in _status(error).details:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return info.reason
    return ""
