"""The evaluation service as the platform runs it."""
from pathlib import Path

from services.evaluation import api, consumers, models, settings
from services.platform.process import ServiceSpec

SPEC = ServiceSpec(name="evaluation", metadata=models.metadata, tables=models.event_tables,
                   repository=models.Repository, migrations_dir=Path(__file__).parent / "migrations",
                   register_api=api.register, subscriptions=consumers.SUBSCRIPTIONS, settings=settings.read)
