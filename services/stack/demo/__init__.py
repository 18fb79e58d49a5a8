"""The demo year: each stage drives every demo town through its part of the loop, in
order, through the services' public gRPC APIs, and prints what it did."""
from services.stack.demo import collection, review, voting
from services.stack.demo.common import DemoContext

# Each stage: async run(ctx) -> None. A later issue's stage is appended here.
STAGES = [collection.run, review.run, voting.run]


async def run_demo(ctx: DemoContext) -> None:
    for stage in STAGES:
        await stage(ctx)
