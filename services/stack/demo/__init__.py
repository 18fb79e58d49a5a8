"""The demo year: each stage drives every demo town through its part of the loop, in
order, through the services' public gRPC APIs, and prints what it did."""
import importlib

from services import registry
from services.stack.demo.common import DemoContext

# Each service's stage, in the loop's order: services/stack/demo/<service>.py, async run(ctx).
STAGES = [importlib.import_module(f"services.stack.demo.{service}").run for service in registry.SERVICES]


async def run_demo(ctx: DemoContext) -> None:
    for stage in STAGES:
        await stage(ctx)
