"""Thin event handlers onto the review's use cases."""
from functools import partial

from minsheng.events.v1.collection_events_pb2 import ProposalScreened
from services.platform.consumer import Subscription
from services.platform.events import subjects_of
from services.platform.process import Context
from services.review import handlers


def subscriptions(ctx: Context) -> list[Subscription]:
    return [Subscription(durable="review-shortlisted-proposals", subjects=subjects_of("collection", ProposalScreened),
                         handle=partial(handlers.take_shortlisted, ctx))]
