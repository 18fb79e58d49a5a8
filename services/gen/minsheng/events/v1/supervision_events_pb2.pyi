from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SupervisedProjectState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUPERVISED_PROJECT_STATE_UNSPECIFIED: _ClassVar[SupervisedProjectState]
    REGISTERED: _ClassVar[SupervisedProjectState]
    IN_PROGRESS: _ClassVar[SupervisedProjectState]
    COMPLETION_REPORTED: _ClassVar[SupervisedProjectState]
    COMPLETED: _ClassVar[SupervisedProjectState]

class CarryOverCause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CARRY_OVER_CAUSE_UNSPECIFIED: _ClassVar[CarryOverCause]
    UNFINISHED: _ClassVar[CarryOverCause]
    UNSATISFACTORY_EVALUATION: _ClassVar[CarryOverCause]

class InspectionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INSPECTION_KIND_UNSPECIFIED: _ClassVar[InspectionKind]
    RESEARCH: _ClassVar[InspectionKind]
    SPECIAL_RESEARCH: _ClassVar[InspectionKind]
    VISIT: _ClassVar[InspectionKind]
    HEARING_REPORT: _ClassVar[InspectionKind]
    FOCUSED_INSPECTION: _ClassVar[InspectionKind]
SUPERVISED_PROJECT_STATE_UNSPECIFIED: SupervisedProjectState
REGISTERED: SupervisedProjectState
IN_PROGRESS: SupervisedProjectState
COMPLETION_REPORTED: SupervisedProjectState
COMPLETED: SupervisedProjectState
CARRY_OVER_CAUSE_UNSPECIFIED: CarryOverCause
UNFINISHED: CarryOverCause
UNSATISFACTORY_EVALUATION: CarryOverCause
INSPECTION_KIND_UNSPECIFIED: InspectionKind
RESEARCH: InspectionKind
SPECIAL_RESEARCH: InspectionKind
VISIT: InspectionKind
HEARING_REPORT: InspectionKind
FOCUSED_INSPECTION: InspectionKind

class ProjectRegistered(_message.Message):
    __slots__ = ("project", "candidate_id", "proposal", "year", "adoption_rank", "title", "budget_yuan", "funding_source", "responsible_unit", "completion_deadline")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_ID_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    ADOPTION_RANK_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BUDGET_YUAN_FIELD_NUMBER: _ClassVar[int]
    FUNDING_SOURCE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    project: str
    candidate_id: str
    proposal: str
    year: int
    adoption_rank: int
    title: str
    budget_yuan: int
    funding_source: str
    responsible_unit: str
    completion_deadline: str
    def __init__(self, project: _Optional[str] = ..., candidate_id: _Optional[str] = ..., proposal: _Optional[str] = ..., year: _Optional[int] = ..., adoption_rank: _Optional[int] = ..., title: _Optional[str] = ..., budget_yuan: _Optional[int] = ..., funding_source: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., completion_deadline: _Optional[str] = ...) -> None: ...

class PlannedMilestone(_message.Message):
    __slots__ = ("milestone_id", "title", "due_date")
    MILESTONE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    milestone_id: str
    title: str
    due_date: str
    def __init__(self, milestone_id: _Optional[str] = ..., title: _Optional[str] = ..., due_date: _Optional[str] = ...) -> None: ...

class PlanSet(_message.Message):
    __slots__ = ("project", "version", "milestones", "change_reason", "approved")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    MILESTONES_FIELD_NUMBER: _ClassVar[int]
    CHANGE_REASON_FIELD_NUMBER: _ClassVar[int]
    APPROVED_FIELD_NUMBER: _ClassVar[int]
    project: str
    version: int
    milestones: _containers.RepeatedCompositeFieldContainer[PlannedMilestone]
    change_reason: str
    approved: bool
    def __init__(self, project: _Optional[str] = ..., version: _Optional[int] = ..., milestones: _Optional[_Iterable[_Union[PlannedMilestone, _Mapping]]] = ..., change_reason: _Optional[str] = ..., approved: _Optional[bool] = ...) -> None: ...

class PlanApproved(_message.Message):
    __slots__ = ("project", "version")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    project: str
    version: int
    def __init__(self, project: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ProgressReported(_message.Message):
    __slots__ = ("project", "report", "report_date", "percent_complete", "spent_yuan", "milestone_id", "claims_completion")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    REPORT_DATE_FIELD_NUMBER: _ClassVar[int]
    PERCENT_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    SPENT_YUAN_FIELD_NUMBER: _ClassVar[int]
    MILESTONE_ID_FIELD_NUMBER: _ClassVar[int]
    CLAIMS_COMPLETION_FIELD_NUMBER: _ClassVar[int]
    project: str
    report: str
    report_date: str
    percent_complete: int
    spent_yuan: int
    milestone_id: str
    claims_completion: bool
    def __init__(self, project: _Optional[str] = ..., report: _Optional[str] = ..., report_date: _Optional[str] = ..., percent_complete: _Optional[int] = ..., spent_yuan: _Optional[int] = ..., milestone_id: _Optional[str] = ..., claims_completion: _Optional[bool] = ...) -> None: ...

class CompletionReported(_message.Message):
    __slots__ = ("project", "report", "report_date", "spent_yuan")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    REPORT_DATE_FIELD_NUMBER: _ClassVar[int]
    SPENT_YUAN_FIELD_NUMBER: _ClassVar[int]
    project: str
    report: str
    report_date: str
    spent_yuan: int
    def __init__(self, project: _Optional[str] = ..., report: _Optional[str] = ..., report_date: _Optional[str] = ..., spent_yuan: _Optional[int] = ...) -> None: ...

class ProjectCompleted(_message.Message):
    __slots__ = ("project", "year", "supervision_year", "spent_yuan")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SUPERVISION_YEAR_FIELD_NUMBER: _ClassVar[int]
    SPENT_YUAN_FIELD_NUMBER: _ClassVar[int]
    project: str
    year: int
    supervision_year: int
    spent_yuan: int
    def __init__(self, project: _Optional[str] = ..., year: _Optional[int] = ..., supervision_year: _Optional[int] = ..., spent_yuan: _Optional[int] = ...) -> None: ...

class CompletionSentBack(_message.Message):
    __slots__ = ("project", "reason")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    project: str
    reason: str
    def __init__(self, project: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class InspectionRecorded(_message.Message):
    __slots__ = ("inspection", "supervision_group", "kind", "date", "projects", "finding_count", "internal_finding_count")
    INSPECTION_FIELD_NUMBER: _ClassVar[int]
    SUPERVISION_GROUP_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    FINDING_COUNT_FIELD_NUMBER: _ClassVar[int]
    INTERNAL_FINDING_COUNT_FIELD_NUMBER: _ClassVar[int]
    inspection: str
    supervision_group: str
    kind: InspectionKind
    date: str
    projects: _containers.RepeatedScalarFieldContainer[str]
    finding_count: int
    internal_finding_count: int
    def __init__(self, inspection: _Optional[str] = ..., supervision_group: _Optional[str] = ..., kind: _Optional[_Union[InspectionKind, str]] = ..., date: _Optional[str] = ..., projects: _Optional[_Iterable[str]] = ..., finding_count: _Optional[int] = ..., internal_finding_count: _Optional[int] = ...) -> None: ...

class RectificationRequested(_message.Message):
    __slots__ = ("rectification", "project", "inspection", "responsible_unit", "deadline", "internal")
    RECTIFICATION_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    INTERNAL_FIELD_NUMBER: _ClassVar[int]
    rectification: str
    project: str
    inspection: str
    responsible_unit: str
    deadline: str
    internal: bool
    def __init__(self, rectification: _Optional[str] = ..., project: _Optional[str] = ..., inspection: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., deadline: _Optional[str] = ..., internal: _Optional[bool] = ...) -> None: ...

class RectificationAnswered(_message.Message):
    __slots__ = ("rectification", "project")
    RECTIFICATION_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    rectification: str
    project: str
    def __init__(self, rectification: _Optional[str] = ..., project: _Optional[str] = ...) -> None: ...

class RectificationVerified(_message.Message):
    __slots__ = ("rectification", "project", "accepted", "new_deadline")
    RECTIFICATION_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    NEW_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    rectification: str
    project: str
    accepted: bool
    new_deadline: str
    def __init__(self, rectification: _Optional[str] = ..., project: _Optional[str] = ..., accepted: _Optional[bool] = ..., new_deadline: _Optional[str] = ...) -> None: ...

class MilestoneOverdue(_message.Message):
    __slots__ = ("project", "milestone_id", "title", "due_date", "detected_on")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    MILESTONE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    DETECTED_ON_FIELD_NUMBER: _ClassVar[int]
    project: str
    milestone_id: str
    title: str
    due_date: str
    detected_on: str
    def __init__(self, project: _Optional[str] = ..., milestone_id: _Optional[str] = ..., title: _Optional[str] = ..., due_date: _Optional[str] = ..., detected_on: _Optional[str] = ...) -> None: ...

class ProjectOverdue(_message.Message):
    __slots__ = ("project", "deadline", "state", "percent_complete", "detected_on")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PERCENT_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    DETECTED_ON_FIELD_NUMBER: _ClassVar[int]
    project: str
    deadline: str
    state: SupervisedProjectState
    percent_complete: int
    detected_on: str
    def __init__(self, project: _Optional[str] = ..., deadline: _Optional[str] = ..., state: _Optional[_Union[SupervisedProjectState, str]] = ..., percent_complete: _Optional[int] = ..., detected_on: _Optional[str] = ...) -> None: ...

class RectificationOverdue(_message.Message):
    __slots__ = ("rectification", "project", "responsible_unit", "deadline", "detected_on")
    RECTIFICATION_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    DETECTED_ON_FIELD_NUMBER: _ClassVar[int]
    rectification: str
    project: str
    responsible_unit: str
    deadline: str
    detected_on: str
    def __init__(self, rectification: _Optional[str] = ..., project: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., deadline: _Optional[str] = ..., detected_on: _Optional[str] = ...) -> None: ...

class ProjectCarriedOver(_message.Message):
    __slots__ = ("project", "year", "into_year", "cause", "explanation", "completion_deadline", "state", "percent_complete")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    INTO_YEAR_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PERCENT_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    project: str
    year: int
    into_year: int
    cause: CarryOverCause
    explanation: str
    completion_deadline: str
    state: SupervisedProjectState
    percent_complete: int
    def __init__(self, project: _Optional[str] = ..., year: _Optional[int] = ..., into_year: _Optional[int] = ..., cause: _Optional[_Union[CarryOverCause, str]] = ..., explanation: _Optional[str] = ..., completion_deadline: _Optional[str] = ..., state: _Optional[_Union[SupervisedProjectState, str]] = ..., percent_complete: _Optional[int] = ...) -> None: ...

class InquiryRecorded(_message.Message):
    __slots__ = ("calendar", "year", "date", "question_count")
    CALENDAR_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    QUESTION_COUNT_FIELD_NUMBER: _ClassVar[int]
    calendar: str
    year: int
    date: str
    question_count: int
    def __init__(self, calendar: _Optional[str] = ..., year: _Optional[int] = ..., date: _Optional[str] = ..., question_count: _Optional[int] = ...) -> None: ...
