"""The supervision service as the platform runs it."""
from pathlib import Path

from services.supervision import api, consumers, models
from services.platform.process import ServiceSpec

SPEC = ServiceSpec(name="supervision", metadata=models.metadata, tables=models.event_tables,
                   repository=models.Repository, migrations_dir=Path(__file__).parent / "migrations",
                   register_api=api.register, subscriptions=consumers.SUBSCRIPTIONS)
