"""The voting service's subscriptions: which events run which use case."""
from minsheng.events.v1.review_events_pb2 import CandidateListApproved
from services.platform.consumer import Subscription
from services.platform.events import subjects_of
from services.voting import handlers

SUBSCRIPTIONS = [
    Subscription("voting-candidate-lists", subjects_of("review", CandidateListApproved),
                 handlers.receive_candidate_list),
]
