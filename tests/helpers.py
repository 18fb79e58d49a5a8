"""Reading rich gRPC errors in tests."""
import grpc
from google.rpc import error_details_pb2, status_pb2


def _status(error: grpc.aio.AioRpcError) -> status_pb2.Status:
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    raise AssertionError(f"no rich status in {error!r}")


def field_violations(error: grpc.aio.AioRpcError) -> set[str]:
    for detail in _status(error).details:
        bad = error_details_pb2.BadRequest()
        if detail.Unpack(bad):
            return {v.field for v in bad.field_violations}
    return set()


def reason(error: grpc.aio.AioRpcError) -> str:
    for detail in _status(error).details:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return info.reason
    return ""
