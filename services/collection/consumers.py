"""Thin event handlers onto the collection's use cases."""
from functools import partial

from minsheng.events.v1.review_events_pb2 import ItemNotRecommended
from services.collection import handlers
from services.platform.consumer import Subscription
from services.platform.events import subjects_of
from services.platform.process import Context


def subscriptions(ctx: Context) -> list[Subscription]:
    return [Subscription(durable="collection-review-answers", subjects=subjects_of("review", ItemNotRecommended),
                         handle=partial(handlers.record_review_answer, ctx))]
