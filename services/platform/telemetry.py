"""Metrics, traces and logs, the same in every service.

Metric labels never carry a person's identity or a ballot's content: only the service,
RPC method, status code, consumer, event type and town."""
import contextvars
import json
import logging
import sys

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from prometheus_client import Counter, Gauge, Histogram

from services.platform.scrub import error_field, format_exception, scrub_text

RPC_REQUESTS = Counter("minsheng_rpc_requests", "gRPC calls handled", ["service", "method", "code"])
RPC_DURATION = Histogram("minsheng_rpc_duration_seconds", "gRPC call duration", ["service", "method"],
                         buckets=(.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5))
OUTBOX_BACKLOG = Gauge("minsheng_outbox_backlog", "Outbox events not yet published", ["service"])
OUTBOX_OLDEST_AGE = Gauge("minsheng_outbox_oldest_age_seconds", "Age of the oldest unpublished event",
                          ["service"])
EVENTS_PUBLISHED = Counter("minsheng_events_published", "Events published to JetStream",
                           ["service", "event_type"])
CONSUMER_LAG = Gauge("minsheng_consumer_lag", "Messages pending for a durable consumer",
                     ["service", "consumer"])
CONSUMER_REDELIVERIES = Counter("minsheng_consumer_redeliveries", "Messages delivered again",
                                ["service", "consumer"])
CONSUMER_BATCHES_APPLIED_ALONE = Counter(
    "minsheng_consumer_batches_applied_alone",
    "A town's fetched events whose unit of work together failed, then applied one by one", ["service", "consumer"])
DEAD_LETTERS = Counter("minsheng_dead_letters", "Messages given up on and dead-lettered",
                       ["service", "consumer"])
CONSUMER_AWAITING = Gauge("minsheng_consumer_awaiting",
                          "Events awaiting a prerequisite from another stream (retried, not failing)",
                          ["service", "consumer"])
CONSUMER_OLDEST_AWAITING = Gauge("minsheng_consumer_oldest_awaiting_seconds",
                                 "How long the event awaiting longest has awaited its prerequisite",
                                 ["service", "consumer"])
EVENTS_CONSUMED = Counter("minsheng_events_consumed", "Events applied by consumers",
                          ["service", "consumer", "event_type"])
WORKER_RESTARTS = Counter("minsheng_worker_restarts", "Relay or consumer workers restarted after a failure",
                          ["service", "worker"])
# Scheduled checks (services.platform.schedule): what the last round found, its time, and
# towns whose check failed.
OVERDUE_ITEMS = Gauge("minsheng_overdue_items", "Items past their deadline, as the last round of checks found them",
                      ["service", "town", "kind"])
CHECK_LAST_ROUND = Gauge("minsheng_check_last_round_timestamp_seconds", "When a scheduled check last went round "
                         "every town", ["service", "check"])
CHECK_FAILURES = Counter("minsheng_check_failures", "A scheduled check that failed in a town", ["service", "check"])
# Counted by the relay once JetStream stored the event, so a rolled-back use case counts nothing.
BUSINESS_EVENTS = Counter("minsheng_business_events", "Domain facts by town, e.g. proposals submitted",
                          ["service", "town", "event_type"])

# The town a call or an event is about, for every log line written while handling it.
current_town: contextvars.ContextVar[str | None] = contextvars.ContextVar("town", default=None)

# Fields a log record may carry beyond the message; anything else passed in `extra` is dropped,
# so personal data cannot reach the logs by accident.
LOG_FIELDS = ("town", "method", "code", "event_type", "event_id", "consumer", "error", "role", "port",
              "worker")
# Libraries that log statements, parameters, rows or connection strings at INFO and DEBUG:
# capped at WARNING whatever the service's level.
QUIET_LOGGERS = ("sqlalchemy", "psycopg")


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": self.formatTime(record), "level": record.levelname, "service": self.service,
                 "logger": record.name, "message": scrub_text(record.getMessage())}
        context = trace.get_current_span().get_span_context()
        if context.is_valid:
            entry["trace_id"] = format(context.trace_id, "032x")
        if town := current_town.get():
            entry["town"] = town
        entry.update({k: getattr(record, k) for k in LOG_FIELDS if hasattr(record, k)})
        if "error" in entry:
            entry["error"] = error_field(entry["error"])
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = format_exception(record.exc_info[1])
        return json.dumps(entry, ensure_ascii=False)


def log_uncaught(kind, exc, tb) -> None:
    """An exception nobody caught is logged like any other, rather than printed with its text."""
    logging.getLogger("uncaught").critical("uncaught exception", exc_info=(kind, exc, tb))


def setup(service: str, *, log_level: str, otlp_endpoint: str | None, trace_sample_ratio: float = 1.0) -> None:
    """Logs, and traces: a call that carries a trace context follows its sampling decision;
    others start a trace that is recorded with probability `trace_sample_ratio` (the trace
    id is in the logs and the events either way)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    logging.basicConfig(level=log_level, handlers=[handler], force=True)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.getLevelName(log_level), logging.WARNING))
    logging.captureWarnings(True)
    sys.excepthook = log_uncaught
    provider = TracerProvider(resource=Resource.create({"service.name": f"minsheng-{service}"}),
                              sampler=ParentBased(TraceIdRatioBased(trace_sample_ratio)))
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
    trace.set_tracer_provider(provider)
