"""The district's subscriptions: which events run which use case. Filings are verified;
the other events are counted into the read models."""
from minsheng.events.v1.collection_events_pb2 import ProposalScreened, ProposalSubmitted
from minsheng.events.v1.review_events_pb2 import CandidateListApproved
from minsheng.events.v1.voting_events_pb2 import ProjectsAdopted, ResultFiled
from services.district import handlers
from services.platform.consumer import Subscription
from services.platform.events import subjects_of

SUBSCRIPTIONS = [
    Subscription("district-filings", subjects_of("voting", ResultFiled), handlers.receive_filing),
    Subscription("district-collection", subjects_of("collection", ProposalSubmitted, ProposalScreened),
                 handlers.project),
    Subscription("district-review", subjects_of("review", CandidateListApproved), handlers.project),
    Subscription("district-voting", subjects_of("voting", ProjectsAdopted), handlers.project),
]
