"""The supervision service as the platform runs it."""
from pathlib import Path

from services.platform.process import ServiceSpec
from services.platform.schedule import ScheduledCheck
from services.supervision import api, consumers, handlers, models, settings

SPEC = ServiceSpec(name="supervision", metadata=models.metadata, tables=models.event_tables,
                   repository=models.Repository, migrations_dir=Path(__file__).parent / "migrations",
                   register_api=api.register, subscriptions=consumers.SUBSCRIPTIONS, settings=settings.read,
                   checks=[ScheduledCheck(handlers.DEADLINE_CHECK, handlers.check_deadlines)])
