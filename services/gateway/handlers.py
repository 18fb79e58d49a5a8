"""Use cases of event subscriptions: one unit of work each. District staff manage them."""
import uuid

from services.gateway import apis, domain
from services.gateway.domain import Subscription
from services.platform import audit
from services.platform.auth import DISTRICT, Caller
from services.platform.errors import PermissionDenied, Violations
from services.platform.uow import Context

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def _district(caller: Caller) -> None:
    if not caller.has(DISTRICT):
        raise PermissionDenied("district staff manage event subscriptions")


def offered_event_types() -> set[str]:
    return {kind.cloud_event_type for kind in apis.event_kinds()}


async def create_subscription(ctx: Context, caller: Caller, *, system: str, towns: list[str],
                              event_types: list[str], endpoint: str, request_id: str) -> Subscription:
    _district(caller)
    v = Violations()
    v.check(len(request_id) <= 64, "request_id", "longer than 64 characters")
    domain.validate(v, system=system, towns=towns, event_types=event_types, endpoint=endpoint,
                    known_towns=ctx.towns, known_types=offered_event_types(),
                    allow_loopback_http=ctx.service_settings.allow_loopback_http)
    v.raise_if_any()
    subscription = Subscription(id=uuid.uuid4().hex, system=system, towns=tuple(towns),
                                event_types=tuple(event_types), endpoint=endpoint,
                                creator=caller.subject, created_at=audit.now())
    async with ctx.unit_of_work(None) as uow:
        if not await uow.repo.add(subscription, request_id or None):
            return await uow.repo.by_request(request_id)  # a retry: the first call's subscription
    return subscription


async def get_subscription(ctx: Context, caller: Caller, subscription_id: str) -> Subscription:
    _district(caller)
    async with ctx.unit_of_work(None) as uow:
        return await uow.repo.get(subscription_id)


async def list_subscriptions(ctx: Context, caller: Caller, *, after_seq: int,
                             page_size: int) -> tuple[list[Subscription], int | None]:
    """A page in creation order, and the last seq if more may follow."""
    _district(caller)
    limit = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    async with ctx.unit_of_work(None) as uow:
        rows = await uow.repo.page(after_seq=after_seq, limit=limit + 1)
    page = rows[:limit]
    return [s for _, s in page], (page[-1][0] if len(rows) > limit else None)


async def delete_subscription(ctx: Context, caller: Caller, subscription_id: str) -> None:
    _district(caller)
    async with ctx.unit_of_work(None) as uow:
        await uow.repo.remove(subscription_id)
