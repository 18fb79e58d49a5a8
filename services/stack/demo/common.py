"""What every demo stage shares: the stack's addresses, tokens, and printing."""
import asyncio
from dataclasses import dataclass, field

import grpc

from services.stack.runner import LocalStack

YEAR = 2023  # the seed's year: 6 towns voted, 57 projects adopted, 55 completed


@dataclass
class DemoContext:
    stack: LocalStack
    year: int = YEAR
    # Filled by stages for later ones, e.g. shortlisted proposal names per town.
    results: dict = field(default_factory=dict)
    # The ids of the towns to drive (a test drives one); empty: every town of the stack.
    only: tuple[str, ...] = ()

    @property
    def towns(self) -> list[dict]:
        return [t for t in self.stack.towns if not self.only or t["id"] in self.only]

    def channel(self, service: str) -> grpc.aio.Channel:
        return grpc.aio.insecure_channel(self.stack.api(service).target)

    def staff(self, town: str):
        return self.stack.issuer.metadata(f"staff-{town}", town, "staff")

    def deputy(self, town: str, number: int):
        return self.stack.issuer.metadata(f"deputy-{town}-{number:03d}", town, "deputy")

    def unit(self, town: str, unit: str):
        """An implementing unit (责任单位) of the town."""
        return self.stack.issuer.metadata(f"unit-{town}-{unit}", town, "unit", unit=unit)

    def public(self, town: str, number: int):
        return self.stack.issuer.metadata(f"wechat-{town}-{number:04d}", town, "public")

    def district(self):
        return self.stack.issuer.metadata("district-standing-committee", None, "district")


def say(text: str = "") -> None:
    print(text, flush=True)


async def wait_for(condition, *, timeout: float = 30, interval: float = 0.2, what: str = "condition"):
    """Polls an async condition until it returns something truthy (events are asynchronous).
    The demo and the tests both wait with it."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await condition()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout}s")
        await asyncio.sleep(interval)
