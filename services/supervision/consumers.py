"""The supervision service's subscriptions: which events run which use case.

The evaluation service (issue 12) will send a carry-over for each project graded 不满意: its
subscription belongs here, running handlers.carry_over with CarryOverCause.UNSATISFACTORY_EVALUATION
on the locked project, as the year-end carry-over does."""
from minsheng.events.v1.voting_events_pb2 import ProjectsAdopted
from services.platform.consumer import Subscription
from services.platform.events import subjects_of
from services.supervision import handlers

SUBSCRIPTIONS = [
    Subscription("supervision-adopted-projects", subjects_of("voting", ProjectsAdopted), handlers.register_adopted),
]
