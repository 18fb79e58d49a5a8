"""The supervision service's subscriptions: which events run which use case. A subscription is
Subscription(durable, events.subjects_of(source, EventType), handlers.use_case), where the
use case is `async def (ctx, uow, event, envelope)`."""
from services.platform.consumer import Subscription

SUBSCRIPTIONS: list[Subscription] = []
