"""The district's subscriptions: which events run which use case."""
from minsheng.events.v1.voting_events_pb2 import ResultFiled
from services.district import handlers
from services.platform.consumer import Subscription
from services.platform.events import subjects_of

SUBSCRIPTIONS = [
    Subscription("district-filings", subjects_of("voting", ResultFiled), handlers.receive_filing),
]
