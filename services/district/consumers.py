"""The district's subscriptions, made from its projections: one durable consumer per
service whose events it projects (in that service's order), each running the same use case."""
from collections import defaultdict

from services.district import handlers, projections
from services.platform.consumer import Subscription
from services.platform.events import subjects_of


def source_service(event_type) -> str:
    """The service that raises an event: its contract's file, minsheng/events/v1/<service>_events.proto."""
    return event_type.DESCRIPTOR.file.name.rsplit("/", 1)[-1].removesuffix("_events.proto")


def subscriptions() -> list[Subscription]:
    by_service = defaultdict(list)
    for event_type in projections.PROJECTIONS:
        by_service[source_service(event_type)].append(event_type)
    return [Subscription(f"district-{service}", subjects_of(service, *types), handlers.project,
                         handle_all=handlers.project_all)
            for service, types in sorted(by_service.items())]


SUBSCRIPTIONS = subscriptions()
