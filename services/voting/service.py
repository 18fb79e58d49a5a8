"""The voting service as the platform runs it."""
from pathlib import Path

from services.platform.process import ServiceSpec
from services.voting import api, consumers, models, settings

SPEC = ServiceSpec(name="voting", metadata=models.metadata, tables=models.event_tables,
                   repository=models.Repository, migrations_dir=Path(__file__).parent / "migrations",
                   register_api=api.register, subscriptions=consumers.SUBSCRIPTIONS, settings=settings.read)
