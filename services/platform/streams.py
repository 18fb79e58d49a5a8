"""JetStream streams, created or updated idempotently by every process that uses them."""
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from services.platform import events

# A relay that dies after publishing but before marking rows published re-publishes
# them when it comes back; JetStream drops those copies within this window. It covers a
# relay restarted at Kubernetes' longest back-off (5 minutes), and no more: JetStream keeps
# every message id of the window in memory (about 215 bytes each), so an hour's window
# held 430,000 of them after `make soak`'s 10 minutes (nats-server at 204 MB).
DUPLICATE_WINDOW_SECONDS = 300

STREAMS = (
    StreamConfig(name=events.STREAM, subjects=[f"{events.SUBJECT_PREFIX}.>"],
                 retention=RetentionPolicy.LIMITS, storage=StorageType.FILE, discard=DiscardPolicy.OLD,
                 duplicate_window=DUPLICATE_WINDOW_SECONDS),
    StreamConfig(name=events.DEAD_LETTER_STREAM, subjects=[f"{events.DEAD_LETTER_PREFIX}.>"],
                 retention=RetentionPolicy.LIMITS, storage=StorageType.FILE,
                 duplicate_window=DUPLICATE_WINDOW_SECONDS),
)


async def ensure_streams(js: JetStreamContext) -> None:
    for config in STREAMS:
        try:
            await js.stream_info(config.name)
        except NotFoundError:
            await js.add_stream(config)
        else:
            await js.update_stream(config)
