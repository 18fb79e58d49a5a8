"""Errors as HTTP/JSON clients of Google APIs know them (AIP-193): the google.rpc.Status of the
call, written `{"error": {"code": <HTTP status>, "message", "status": <code name>, "details"}}`,
with the HTTP status of its code."""
import grpc
from google.protobuf import json_format
from google.rpc import code_pb2, status_pb2


HTTP_STATUS = {
    code_pb2.OK: 200,
    code_pb2.CANCELLED: 499,
    code_pb2.UNKNOWN: 500,
    code_pb2.INVALID_ARGUMENT: 400,
    code_pb2.DEADLINE_EXCEEDED: 504,
    code_pb2.NOT_FOUND: 404,
    code_pb2.ALREADY_EXISTS: 409,
    code_pb2.PERMISSION_DENIED: 403,
    code_pb2.UNAUTHENTICATED: 401,
    code_pb2.RESOURCE_EXHAUSTED: 429,
    code_pb2.FAILED_PRECONDITION: 400,
    code_pb2.ABORTED: 409,
    code_pb2.OUT_OF_RANGE: 400,
    code_pb2.UNIMPLEMENTED: 501,
    code_pb2.INTERNAL: 500,
    code_pb2.UNAVAILABLE: 503,
    code_pb2.DATA_LOSS: 500,
}


def status_of_rpc_error(error: grpc.aio.AioRpcError) -> status_pb2.Status:
    """The call's rich status (from its trailers), or one made of its code and text."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    return status_pb2.Status(code=error.code().value[0], message=error.details() or "")


def http_status(status: status_pb2.Status) -> int:
    return HTTP_STATUS.get(status.code, 500)


def error_body(status: status_pb2.Status) -> dict:
    return {"error": {"code": http_status(status), "message": status.message,
                      "status": code_pb2.Code.Name(status.code),
                      "details": [json_format.MessageToDict(d) for d in status.details]}}
