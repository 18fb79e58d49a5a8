"""Mapping between protobuf messages and domain values, the same in every service's api."""
from datetime import date, datetime, timezone

from google.protobuf.timestamp_pb2 import Timestamp

from minsheng.common.v1 import audit_pb2
from services.platform.audit import AuditEntry
from services.platform.errors import Violations


def timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(value)
    return ts


def datetime_of(message, field: str) -> datetime | None:
    """A Timestamp field as an aware datetime; None when unset."""
    return getattr(message, field).ToDatetime(tzinfo=timezone.utc) if message.HasField(field) else None


def history(entries: list[AuditEntry]) -> list[audit_pb2.AuditEntry]:
    return [audit_pb2.AuditEntry(actor=e.actor, action=e.action, time=timestamp(e.time), detail=e.detail)
            for e in entries]


def enum_of(v: Violations, field: str, value: int, proto_enum, domain_enum, *, required: bool = False):
    """A proto enum value as the domain's enum (same member names); None when unset, which
    is a violation if `required`; an unknown number is always one."""
    if value == 0:
        if required:
            v.add(field, "required")
        return None
    if value not in proto_enum.values():
        v.add(field, f"unknown value {value}")
        return None
    return domain_enum(proto_enum.Name(value))


def date_of(v: Violations, field: str, value: str, *, required: bool = False) -> date | None:
    """An ISO date string field (e.g. "2024-12-31") as a date; None when empty, which is a
    violation if `required`."""
    if not value:
        if required:
            v.add(field, "required (an ISO date such as 2024-12-31)")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        v.add(field, "not an ISO date such as 2024-12-31")
        return None
