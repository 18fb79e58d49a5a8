"""Domain errors: what a caller did wrong, in the domain's words. No gRPC here;
services.platform.rpc maps them to google.rpc.Status. And NotYetApplicable: an event that
cannot be applied yet, through no fault of its own (services.platform.consumer)."""
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str


class DomainError(Exception):
    """Base of every error a caller can cause. `reason` is a stable UPPER_SNAKE code."""

    reason = "DOMAIN_ERROR"

    def __init__(self, message: str, *, reason: str | None = None):
        super().__init__(message)
        self.message = message
        if reason:
            self.reason = reason


class InvalidArgument(DomainError):
    reason = "INVALID_ARGUMENT"

    # Fields the message names; every violation is in the status's details (up to a limit).
    NAMED_IN_MESSAGE = 5

    def __init__(self, violations: list[FieldViolation], *, message: str | None = None):
        fields = ", ".join(v.field for v in violations[:self.NAMED_IN_MESSAGE])
        if len(violations) > self.NAMED_IN_MESSAGE:
            fields += f" and {len(violations) - self.NAMED_IN_MESSAGE} more"
        super().__init__(message or f"invalid request: {fields}")
        self.violations = violations


class FailedPrecondition(DomainError):
    reason = "FAILED_PRECONDITION"


class NotFound(DomainError):
    reason = "NOT_FOUND"


class PermissionDenied(DomainError):
    reason = "PERMISSION_DENIED"


class Unauthenticated(DomainError):
    reason = "UNAUTHENTICATED"


class ResourceExhausted(DomainError):
    reason = "RESOURCE_EXHAUSTED"


class Violations:
    """Collects every field violation of a request before raising once."""

    def __init__(self) -> None:
        self.items: list[FieldViolation] = []

    def add(self, field: str, description: str) -> None:
        self.items.append(FieldViolation(field, description))

    def has(self, field: str) -> bool:
        return any(item.field == field for item in self.items)

    def check(self, condition: bool, field: str, description: str) -> None:
        if not condition:
            self.add(field, description)

    def text(self, field: str, value: str, *, max_len: int, required: bool = True) -> None:
        if required and not value.strip():
            self.add(field, "required")
        elif len(value) > max_len:
            self.add(field, f"longer than {max_len} characters")

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidArgument(self.items)


class NotYetApplicable(Exception):
    """An event builds on something another stream brings, which has not arrived yet (streams
    are not ordered with each other). Not the event's fault: the consumer retries it with its
    backoff until it applies, for up to its horizon, without counting these tries as failures."""
