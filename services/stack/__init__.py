"""The local stack: a real NATS JetStream and a real PostgreSQL from their wheels, the
services as separate processes, and the demo cycle. Used by `make run`, the tests and
the benchmark."""


class StackError(RuntimeError):
    """The local stack cannot start or answer here: one line saying why, and the fix."""
