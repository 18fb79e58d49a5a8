"""The review service as the platform runs it."""
from pathlib import Path

from services.platform.process import ServiceSpec
from services.review import api, consumers, models

SPEC = ServiceSpec(name="review", metadata=models.metadata, tables=models.event_tables,
                   repository=models.Repository, migrations_dir=Path(__file__).parent / "migrations",
                   register_api=api.register, subscriptions=consumers.SUBSCRIPTIONS)
