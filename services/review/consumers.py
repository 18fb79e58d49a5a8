"""The review's subscriptions: which events run which use case."""
from minsheng.events.v1.collection_events_pb2 import ProposalScreened
from services.platform.consumer import Subscription
from services.platform.events import subjects_of
from services.review import handlers

SUBSCRIPTIONS = [
    Subscription("review-shortlisted-proposals", subjects_of("collection", ProposalScreened),
                 handlers.take_shortlisted),
]
