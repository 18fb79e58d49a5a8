"""JetStream streams, created or updated idempotently by every process that uses them."""
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from services.platform import events

# A relay that dies after publishing but before marking rows published re-publishes
# them when it comes back; JetStream drops those copies within this window.
DUPLICATE_WINDOW_SECONDS = 3600

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
