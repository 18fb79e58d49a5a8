"""The collection's subscriptions: which events run which use case."""
from minsheng.events.v1.review_events_pb2 import ItemNotRecommended
from minsheng.events.v1.voting_events_pb2 import ProjectsAdopted
from services.collection import handlers
from services.platform.consumer import Subscription
from services.platform.events import subjects_of

SUBSCRIPTIONS = [
    Subscription("collection-review-answers", subjects_of("review", ItemNotRecommended),
                 handlers.record_review_answer),
    # Every candidate's proposer is told the vote's outcome, adopted or not.
    Subscription("collection-vote-outcomes", subjects_of("voting", ProjectsAdopted), handlers.record_vote_outcome),
]
