"""The supervision service's subscriptions: which events run which use case."""
from minsheng.events.v1.evaluation_events_pb2 import RectificationRequired
from minsheng.events.v1.voting_events_pb2 import ProjectsAdopted
from services.platform.consumer import Subscription
from services.platform.events import subjects_of
from services.supervision import handlers

SUBSCRIPTIONS = [
    Subscription("supervision-adopted-projects", subjects_of("voting", ProjectsAdopted), handlers.register_adopted),
    # A project graded 不满意 at the evaluation: back under follow-up supervision, once.
    Subscription("supervision-unsatisfactory-evaluations", subjects_of("evaluation", RectificationRequired),
                 handlers.carry_over_unsatisfactory),
]
