"""The gateway as the platform runs it: its api role serves the SubscriptionService over gRPC
(health, reflection, the edge's checks, like every api) and the HTTP/JSON front door for every
service; its consumer role delivers events to subscribers; migrate creates its schema."""
from pathlib import Path

from services.gateway import api, deliveries, front, models, settings
from services.platform.process import ServiceSpec

SPEC = ServiceSpec(name="gateway", metadata=models.metadata, tables=models.event_tables,
                   repository=models.Repository, migrations_dir=Path(__file__).parent / "migrations",
                   register_api=api.register, settings=settings.read,
                   workers={"api": front.workers, "consumer": deliveries.workers})
