"""The evaluation service's subscriptions: supervision's record of each project, and voting's
sessions, attendance and key ceremonies. One durable consumer per source keeps each source's
events in order."""
from minsheng.events.v1 import supervision_events_pb2 as sv
from minsheng.events.v1 import voting_events_pb2 as vt
from services.evaluation import projections
from services.platform.consumer import Subscription
from services.platform.events import subjects_of

SUBSCRIPTIONS = [
    Subscription("evaluation-supervision", subjects_of(
        "supervision", sv.ProjectRegistered, sv.ProgressReported, sv.CompletionReported, sv.CompletionSentBack,
        sv.ProjectCompleted, sv.ProjectCarriedOver), projections.from_supervision),
    Subscription("evaluation-voting", subjects_of("voting", vt.SessionOpened, vt.AttendanceRecorded,
                                                   vt.KeyCeremonyCompleted),
                 projections.from_voting),
]
