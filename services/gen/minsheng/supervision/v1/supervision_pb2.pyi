import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from minsheng.common.v1 import audit_pb2 as _audit_pb2
from minsheng.common.v1 import field_rules_pb2 as _field_rules_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ProjectState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROJECT_STATE_UNSPECIFIED: _ClassVar[ProjectState]
    REGISTERED: _ClassVar[ProjectState]
    IN_PROGRESS: _ClassVar[ProjectState]
    COMPLETION_REPORTED: _ClassVar[ProjectState]
    COMPLETED: _ClassVar[ProjectState]

class SheetFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SHEET_FORMAT_UNSPECIFIED: _ClassVar[SheetFormat]
    XLSX: _ClassVar[SheetFormat]
    CSV: _ClassVar[SheetFormat]
PROJECT_STATE_UNSPECIFIED: ProjectState
REGISTERED: ProjectState
IN_PROGRESS: ProjectState
COMPLETION_REPORTED: ProjectState
COMPLETED: ProjectState
SHEET_FORMAT_UNSPECIFIED: SheetFormat
XLSX: SheetFormat
CSV: SheetFormat

class Milestone(_message.Message):
    __slots__ = ("milestone_id", "title", "due_date", "reached_date")
    MILESTONE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    REACHED_DATE_FIELD_NUMBER: _ClassVar[int]
    milestone_id: str
    title: str
    due_date: str
    reached_date: str
    def __init__(self, milestone_id: _Optional[str] = ..., title: _Optional[str] = ..., due_date: _Optional[str] = ..., reached_date: _Optional[str] = ...) -> None: ...

class BudgetLine(_message.Message):
    __slots__ = ("item", "amount_yuan")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_YUAN_FIELD_NUMBER: _ClassVar[int]
    item: str
    amount_yuan: int
    def __init__(self, item: _Optional[str] = ..., amount_yuan: _Optional[int] = ...) -> None: ...

class ImplementationPlan(_message.Message):
    __slots__ = ("milestones", "budget", "contact_name", "contact_phone", "version", "approved_by", "approve_time")
    MILESTONES_FIELD_NUMBER: _ClassVar[int]
    BUDGET_FIELD_NUMBER: _ClassVar[int]
    CONTACT_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTACT_PHONE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    APPROVE_TIME_FIELD_NUMBER: _ClassVar[int]
    milestones: _containers.RepeatedCompositeFieldContainer[Milestone]
    budget: _containers.RepeatedCompositeFieldContainer[BudgetLine]
    contact_name: str
    contact_phone: str
    version: int
    approved_by: str
    approve_time: _timestamp_pb2.Timestamp
    def __init__(self, milestones: _Optional[_Iterable[_Union[Milestone, _Mapping]]] = ..., budget: _Optional[_Iterable[_Union[BudgetLine, _Mapping]]] = ..., contact_name: _Optional[str] = ..., contact_phone: _Optional[str] = ..., version: _Optional[int] = ..., approved_by: _Optional[str] = ..., approve_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PlanChange(_message.Message):
    __slots__ = ("version", "reason", "changed_by", "change_time")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANGE_TIME_FIELD_NUMBER: _ClassVar[int]
    version: int
    reason: str
    changed_by: str
    change_time: _timestamp_pb2.Timestamp
    def __init__(self, version: _Optional[int] = ..., reason: _Optional[str] = ..., changed_by: _Optional[str] = ..., change_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CarryOver(_message.Message):
    __slots__ = ("into_year", "cause", "explanation", "completion_deadline", "recorded_by", "record_time")
    class Cause(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        CAUSE_UNSPECIFIED: _ClassVar[CarryOver.Cause]
        UNFINISHED: _ClassVar[CarryOver.Cause]
        UNSATISFACTORY_EVALUATION: _ClassVar[CarryOver.Cause]
    CAUSE_UNSPECIFIED: CarryOver.Cause
    UNFINISHED: CarryOver.Cause
    UNSATISFACTORY_EVALUATION: CarryOver.Cause
    INTO_YEAR_FIELD_NUMBER: _ClassVar[int]
    CAUSE_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    RECORDED_BY_FIELD_NUMBER: _ClassVar[int]
    RECORD_TIME_FIELD_NUMBER: _ClassVar[int]
    into_year: int
    cause: CarryOver.Cause
    explanation: str
    completion_deadline: str
    recorded_by: str
    record_time: _timestamp_pb2.Timestamp
    def __init__(self, into_year: _Optional[int] = ..., cause: _Optional[_Union[CarryOver.Cause, str]] = ..., explanation: _Optional[str] = ..., completion_deadline: _Optional[str] = ..., recorded_by: _Optional[str] = ..., record_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Verification(_message.Message):
    __slots__ = ("accepted", "reason", "verified_by", "verify_time")
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_BY_FIELD_NUMBER: _ClassVar[int]
    VERIFY_TIME_FIELD_NUMBER: _ClassVar[int]
    accepted: bool
    reason: str
    verified_by: str
    verify_time: _timestamp_pb2.Timestamp
    def __init__(self, accepted: _Optional[bool] = ..., reason: _Optional[str] = ..., verified_by: _Optional[str] = ..., verify_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Project(_message.Message):
    __slots__ = ("name", "candidate_id", "proposal", "year", "adoption_rank", "title", "description", "location", "budget_yuan", "funding_source", "responsible_unit", "completion_deadline", "state", "plan", "plan_changes", "percent_complete", "spent_yuan", "last_report_date", "report_count", "supervision_group", "supervisor", "verifications", "carry_overs", "supervision_year", "current_deadline", "history")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_ID_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    ADOPTION_RANK_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    BUDGET_YUAN_FIELD_NUMBER: _ClassVar[int]
    FUNDING_SOURCE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    PLAN_CHANGES_FIELD_NUMBER: _ClassVar[int]
    PERCENT_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    SPENT_YUAN_FIELD_NUMBER: _ClassVar[int]
    LAST_REPORT_DATE_FIELD_NUMBER: _ClassVar[int]
    REPORT_COUNT_FIELD_NUMBER: _ClassVar[int]
    SUPERVISION_GROUP_FIELD_NUMBER: _ClassVar[int]
    SUPERVISOR_FIELD_NUMBER: _ClassVar[int]
    VERIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    CARRY_OVERS_FIELD_NUMBER: _ClassVar[int]
    SUPERVISION_YEAR_FIELD_NUMBER: _ClassVar[int]
    CURRENT_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    name: str
    candidate_id: str
    proposal: str
    year: int
    adoption_rank: int
    title: str
    description: str
    location: str
    budget_yuan: int
    funding_source: str
    responsible_unit: str
    completion_deadline: str
    state: ProjectState
    plan: ImplementationPlan
    plan_changes: _containers.RepeatedCompositeFieldContainer[PlanChange]
    percent_complete: int
    spent_yuan: int
    last_report_date: str
    report_count: int
    supervision_group: str
    supervisor: str
    verifications: _containers.RepeatedCompositeFieldContainer[Verification]
    carry_overs: _containers.RepeatedCompositeFieldContainer[CarryOver]
    supervision_year: int
    current_deadline: str
    history: _containers.RepeatedCompositeFieldContainer[_audit_pb2.AuditEntry]
    def __init__(self, name: _Optional[str] = ..., candidate_id: _Optional[str] = ..., proposal: _Optional[str] = ..., year: _Optional[int] = ..., adoption_rank: _Optional[int] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., location: _Optional[str] = ..., budget_yuan: _Optional[int] = ..., funding_source: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., completion_deadline: _Optional[str] = ..., state: _Optional[_Union[ProjectState, str]] = ..., plan: _Optional[_Union[ImplementationPlan, _Mapping]] = ..., plan_changes: _Optional[_Iterable[_Union[PlanChange, _Mapping]]] = ..., percent_complete: _Optional[int] = ..., spent_yuan: _Optional[int] = ..., last_report_date: _Optional[str] = ..., report_count: _Optional[int] = ..., supervision_group: _Optional[str] = ..., supervisor: _Optional[str] = ..., verifications: _Optional[_Iterable[_Union[Verification, _Mapping]]] = ..., carry_overs: _Optional[_Iterable[_Union[CarryOver, _Mapping]]] = ..., supervision_year: _Optional[int] = ..., current_deadline: _Optional[str] = ..., history: _Optional[_Iterable[_Union[_audit_pb2.AuditEntry, _Mapping]]] = ...) -> None: ...

class GetProjectRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListProjectsRequest(_message.Message):
    __slots__ = ("parent", "year", "state", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    state: ProjectState
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ..., state: _Optional[_Union[ProjectState, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProjectsResponse(_message.Message):
    __slots__ = ("projects", "next_page_token")
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    projects: _containers.RepeatedCompositeFieldContainer[Project]
    next_page_token: str
    def __init__(self, projects: _Optional[_Iterable[_Union[Project, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SetImplementationPlanRequest(_message.Message):
    __slots__ = ("name", "plan", "change_reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    CHANGE_REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    plan: ImplementationPlan
    change_reason: str
    def __init__(self, name: _Optional[str] = ..., plan: _Optional[_Union[ImplementationPlan, _Mapping]] = ..., change_reason: _Optional[str] = ...) -> None: ...

class ApproveImplementationPlanRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ProgressReport(_message.Message):
    __slots__ = ("name", "report_date", "percent_complete", "spent_yuan", "milestone_id", "text", "attachments", "claims_completion", "reported_by", "report_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REPORT_DATE_FIELD_NUMBER: _ClassVar[int]
    PERCENT_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    SPENT_YUAN_FIELD_NUMBER: _ClassVar[int]
    MILESTONE_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    CLAIMS_COMPLETION_FIELD_NUMBER: _ClassVar[int]
    REPORTED_BY_FIELD_NUMBER: _ClassVar[int]
    REPORT_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    report_date: str
    percent_complete: int
    spent_yuan: int
    milestone_id: str
    text: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    claims_completion: bool
    reported_by: str
    report_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., report_date: _Optional[str] = ..., percent_complete: _Optional[int] = ..., spent_yuan: _Optional[int] = ..., milestone_id: _Optional[str] = ..., text: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., claims_completion: _Optional[bool] = ..., reported_by: _Optional[str] = ..., report_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ReportProgressRequest(_message.Message):
    __slots__ = ("parent", "report", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    report: ProgressReport
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., report: _Optional[_Union[ProgressReport, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class ListProgressReportsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProgressReportsResponse(_message.Message):
    __slots__ = ("reports", "next_page_token")
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[ProgressReport]
    next_page_token: str
    def __init__(self, reports: _Optional[_Iterable[_Union[ProgressReport, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class VerifyCompletionRequest(_message.Message):
    __slots__ = ("name", "accepted", "reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    accepted: bool
    reason: str
    def __init__(self, name: _Optional[str] = ..., accepted: _Optional[bool] = ..., reason: _Optional[str] = ...) -> None: ...

class CarryOverProjectRequest(_message.Message):
    __slots__ = ("name", "explanation", "completion_deadline")
    NAME_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    name: str
    explanation: str
    completion_deadline: str
    def __init__(self, name: _Optional[str] = ..., explanation: _Optional[str] = ..., completion_deadline: _Optional[str] = ...) -> None: ...

class ExportProgressSheetRequest(_message.Message):
    __slots__ = ("parent", "year", "format")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    format: SheetFormat
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ..., format: _Optional[_Union[SheetFormat, str]] = ...) -> None: ...

class ProgressSheet(_message.Message):
    __slots__ = ("format", "content", "filename", "content_type")
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    format: SheetFormat
    content: bytes
    filename: str
    content_type: str
    def __init__(self, format: _Optional[_Union[SheetFormat, str]] = ..., content: _Optional[bytes] = ..., filename: _Optional[str] = ..., content_type: _Optional[str] = ...) -> None: ...

class ImportProgressSheetRequest(_message.Message):
    __slots__ = ("parent", "year", "format", "content")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    format: SheetFormat
    content: bytes
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ..., format: _Optional[_Union[SheetFormat, str]] = ..., content: _Optional[bytes] = ...) -> None: ...

class ImportProgressSheetResponse(_message.Message):
    __slots__ = ("reports", "unchanged_rows")
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_ROWS_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[ProgressReport]
    unchanged_rows: int
    def __init__(self, reports: _Optional[_Iterable[_Union[ProgressReport, _Mapping]]] = ..., unchanged_rows: _Optional[int] = ...) -> None: ...

class Supervisor(_message.Message):
    __slots__ = ("name", "display_name", "level", "activity_group", "account", "history")
    class Level(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        LEVEL_UNSPECIFIED: _ClassVar[Supervisor.Level]
        CITY: _ClassVar[Supervisor.Level]
        DISTRICT: _ClassVar[Supervisor.Level]
        TOWN: _ClassVar[Supervisor.Level]
    LEVEL_UNSPECIFIED: Supervisor.Level
    CITY: Supervisor.Level
    DISTRICT: Supervisor.Level
    TOWN: Supervisor.Level
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_GROUP_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    level: Supervisor.Level
    activity_group: str
    account: str
    history: _containers.RepeatedCompositeFieldContainer[_audit_pb2.AuditEntry]
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., level: _Optional[_Union[Supervisor.Level, str]] = ..., activity_group: _Optional[str] = ..., account: _Optional[str] = ..., history: _Optional[_Iterable[_Union[_audit_pb2.AuditEntry, _Mapping]]] = ...) -> None: ...

class AddSupervisorRequest(_message.Message):
    __slots__ = ("parent", "supervisor_id", "supervisor")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    SUPERVISOR_ID_FIELD_NUMBER: _ClassVar[int]
    SUPERVISOR_FIELD_NUMBER: _ClassVar[int]
    parent: str
    supervisor_id: str
    supervisor: Supervisor
    def __init__(self, parent: _Optional[str] = ..., supervisor_id: _Optional[str] = ..., supervisor: _Optional[_Union[Supervisor, _Mapping]] = ...) -> None: ...

class ListSupervisorsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSupervisorsResponse(_message.Message):
    __slots__ = ("supervisors", "next_page_token")
    SUPERVISORS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    supervisors: _containers.RepeatedCompositeFieldContainer[Supervisor]
    next_page_token: str
    def __init__(self, supervisors: _Optional[_Iterable[_Union[Supervisor, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class SupervisionGroup(_message.Message):
    __slots__ = ("name", "year", "title", "members", "leader", "assignments", "history")
    class Assignment(_message.Message):
        __slots__ = ("project", "supervisor")
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        SUPERVISOR_FIELD_NUMBER: _ClassVar[int]
        project: str
        supervisor: str
        def __init__(self, project: _Optional[str] = ..., supervisor: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    LEADER_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    name: str
    year: int
    title: str
    members: _containers.RepeatedScalarFieldContainer[str]
    leader: str
    assignments: _containers.RepeatedCompositeFieldContainer[SupervisionGroup.Assignment]
    history: _containers.RepeatedCompositeFieldContainer[_audit_pb2.AuditEntry]
    def __init__(self, name: _Optional[str] = ..., year: _Optional[int] = ..., title: _Optional[str] = ..., members: _Optional[_Iterable[str]] = ..., leader: _Optional[str] = ..., assignments: _Optional[_Iterable[_Union[SupervisionGroup.Assignment, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[_audit_pb2.AuditEntry, _Mapping]]] = ...) -> None: ...

class FormSupervisionGroupRequest(_message.Message):
    __slots__ = ("parent", "group_id", "group")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    parent: str
    group_id: str
    group: SupervisionGroup
    def __init__(self, parent: _Optional[str] = ..., group_id: _Optional[str] = ..., group: _Optional[_Union[SupervisionGroup, _Mapping]] = ...) -> None: ...

class GetSupervisionGroupRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListSupervisionGroupsRequest(_message.Message):
    __slots__ = ("parent", "year", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListSupervisionGroupsResponse(_message.Message):
    __slots__ = ("groups", "next_page_token")
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[SupervisionGroup]
    next_page_token: str
    def __init__(self, groups: _Optional[_Iterable[_Union[SupervisionGroup, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AssignProjectsRequest(_message.Message):
    __slots__ = ("name", "assignments")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    name: str
    assignments: _containers.RepeatedCompositeFieldContainer[SupervisionGroup.Assignment]
    def __init__(self, name: _Optional[str] = ..., assignments: _Optional[_Iterable[_Union[SupervisionGroup.Assignment, _Mapping]]] = ...) -> None: ...

class SupervisionCalendar(_message.Message):
    __slots__ = ("name", "year", "topics", "mid_year_supervision_date", "year_end_inquiry_date", "inquiry", "history")
    class Topic(_message.Message):
        __slots__ = ("title", "projects")
        TITLE_FIELD_NUMBER: _ClassVar[int]
        PROJECTS_FIELD_NUMBER: _ClassVar[int]
        title: str
        projects: _containers.RepeatedScalarFieldContainer[str]
        def __init__(self, title: _Optional[str] = ..., projects: _Optional[_Iterable[str]] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TOPICS_FIELD_NUMBER: _ClassVar[int]
    MID_YEAR_SUPERVISION_DATE_FIELD_NUMBER: _ClassVar[int]
    YEAR_END_INQUIRY_DATE_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    name: str
    year: int
    topics: _containers.RepeatedCompositeFieldContainer[SupervisionCalendar.Topic]
    mid_year_supervision_date: str
    year_end_inquiry_date: str
    inquiry: Inquiry
    history: _containers.RepeatedCompositeFieldContainer[_audit_pb2.AuditEntry]
    def __init__(self, name: _Optional[str] = ..., year: _Optional[int] = ..., topics: _Optional[_Iterable[_Union[SupervisionCalendar.Topic, _Mapping]]] = ..., mid_year_supervision_date: _Optional[str] = ..., year_end_inquiry_date: _Optional[str] = ..., inquiry: _Optional[_Union[Inquiry, _Mapping]] = ..., history: _Optional[_Iterable[_Union[_audit_pb2.AuditEntry, _Mapping]]] = ...) -> None: ...

class Inquiry(_message.Message):
    __slots__ = ("date", "questions")
    class Question(_message.Message):
        __slots__ = ("project", "asked_by", "question", "answer", "answered_by")
        PROJECT_FIELD_NUMBER: _ClassVar[int]
        ASKED_BY_FIELD_NUMBER: _ClassVar[int]
        QUESTION_FIELD_NUMBER: _ClassVar[int]
        ANSWER_FIELD_NUMBER: _ClassVar[int]
        ANSWERED_BY_FIELD_NUMBER: _ClassVar[int]
        project: str
        asked_by: str
        question: str
        answer: str
        answered_by: str
        def __init__(self, project: _Optional[str] = ..., asked_by: _Optional[str] = ..., question: _Optional[str] = ..., answer: _Optional[str] = ..., answered_by: _Optional[str] = ...) -> None: ...
    DATE_FIELD_NUMBER: _ClassVar[int]
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    date: str
    questions: _containers.RepeatedCompositeFieldContainer[Inquiry.Question]
    def __init__(self, date: _Optional[str] = ..., questions: _Optional[_Iterable[_Union[Inquiry.Question, _Mapping]]] = ...) -> None: ...

class SetSupervisionCalendarRequest(_message.Message):
    __slots__ = ("name", "calendar")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CALENDAR_FIELD_NUMBER: _ClassVar[int]
    name: str
    calendar: SupervisionCalendar
    def __init__(self, name: _Optional[str] = ..., calendar: _Optional[_Union[SupervisionCalendar, _Mapping]] = ...) -> None: ...

class GetSupervisionCalendarRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class RecordInquiryRequest(_message.Message):
    __slots__ = ("name", "inquiry")
    NAME_FIELD_NUMBER: _ClassVar[int]
    INQUIRY_FIELD_NUMBER: _ClassVar[int]
    name: str
    inquiry: Inquiry
    def __init__(self, name: _Optional[str] = ..., inquiry: _Optional[_Union[Inquiry, _Mapping]] = ...) -> None: ...

class Finding(_message.Message):
    __slots__ = ("project", "text", "internal")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    INTERNAL_FIELD_NUMBER: _ClassVar[int]
    project: str
    text: str
    internal: bool
    def __init__(self, project: _Optional[str] = ..., text: _Optional[str] = ..., internal: _Optional[bool] = ...) -> None: ...

class Inspection(_message.Message):
    __slots__ = ("name", "supervision_group", "kind", "date", "participants", "projects", "findings", "recorded_by", "record_time")
    class Kind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        KIND_UNSPECIFIED: _ClassVar[Inspection.Kind]
        RESEARCH: _ClassVar[Inspection.Kind]
        SPECIAL_RESEARCH: _ClassVar[Inspection.Kind]
        VISIT: _ClassVar[Inspection.Kind]
        HEARING_REPORT: _ClassVar[Inspection.Kind]
        FOCUSED_INSPECTION: _ClassVar[Inspection.Kind]
    KIND_UNSPECIFIED: Inspection.Kind
    RESEARCH: Inspection.Kind
    SPECIAL_RESEARCH: Inspection.Kind
    VISIT: Inspection.Kind
    HEARING_REPORT: Inspection.Kind
    FOCUSED_INSPECTION: Inspection.Kind
    NAME_FIELD_NUMBER: _ClassVar[int]
    SUPERVISION_GROUP_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    RECORDED_BY_FIELD_NUMBER: _ClassVar[int]
    RECORD_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    supervision_group: str
    kind: Inspection.Kind
    date: str
    participants: _containers.RepeatedScalarFieldContainer[str]
    projects: _containers.RepeatedScalarFieldContainer[str]
    findings: _containers.RepeatedCompositeFieldContainer[Finding]
    recorded_by: str
    record_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., supervision_group: _Optional[str] = ..., kind: _Optional[_Union[Inspection.Kind, str]] = ..., date: _Optional[str] = ..., participants: _Optional[_Iterable[str]] = ..., projects: _Optional[_Iterable[str]] = ..., findings: _Optional[_Iterable[_Union[Finding, _Mapping]]] = ..., recorded_by: _Optional[str] = ..., record_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordInspectionRequest(_message.Message):
    __slots__ = ("parent", "inspection", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    inspection: Inspection
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., inspection: _Optional[_Union[Inspection, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetInspectionRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListInspectionsRequest(_message.Message):
    __slots__ = ("parent", "year", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListInspectionsResponse(_message.Message):
    __slots__ = ("inspections", "next_page_token")
    INSPECTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    inspections: _containers.RepeatedCompositeFieldContainer[Inspection]
    next_page_token: str
    def __init__(self, inspections: _Optional[_Iterable[_Union[Inspection, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Rectification(_message.Message):
    __slots__ = ("name", "inspection", "finding_index", "finding", "internal", "responsible_unit", "deadline", "state", "answers", "checks", "history")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Rectification.State]
        REQUESTED: _ClassVar[Rectification.State]
        ANSWERED: _ClassVar[Rectification.State]
        ACCEPTED: _ClassVar[Rectification.State]
    STATE_UNSPECIFIED: Rectification.State
    REQUESTED: Rectification.State
    ANSWERED: Rectification.State
    ACCEPTED: Rectification.State
    class Answer(_message.Message):
        __slots__ = ("text", "attachments", "answered_by", "answer_time")
        TEXT_FIELD_NUMBER: _ClassVar[int]
        ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
        ANSWERED_BY_FIELD_NUMBER: _ClassVar[int]
        ANSWER_TIME_FIELD_NUMBER: _ClassVar[int]
        text: str
        attachments: _containers.RepeatedScalarFieldContainer[str]
        answered_by: str
        answer_time: _timestamp_pb2.Timestamp
        def __init__(self, text: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ..., answered_by: _Optional[str] = ..., answer_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
    class Check(_message.Message):
        __slots__ = ("accepted", "reason", "new_deadline", "verified_by", "verify_time")
        ACCEPTED_FIELD_NUMBER: _ClassVar[int]
        REASON_FIELD_NUMBER: _ClassVar[int]
        NEW_DEADLINE_FIELD_NUMBER: _ClassVar[int]
        VERIFIED_BY_FIELD_NUMBER: _ClassVar[int]
        VERIFY_TIME_FIELD_NUMBER: _ClassVar[int]
        accepted: bool
        reason: str
        new_deadline: str
        verified_by: str
        verify_time: _timestamp_pb2.Timestamp
        def __init__(self, accepted: _Optional[bool] = ..., reason: _Optional[str] = ..., new_deadline: _Optional[str] = ..., verified_by: _Optional[str] = ..., verify_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    INSPECTION_FIELD_NUMBER: _ClassVar[int]
    FINDING_INDEX_FIELD_NUMBER: _ClassVar[int]
    FINDING_FIELD_NUMBER: _ClassVar[int]
    INTERNAL_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    CHECKS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    name: str
    inspection: str
    finding_index: int
    finding: str
    internal: bool
    responsible_unit: str
    deadline: str
    state: Rectification.State
    answers: _containers.RepeatedCompositeFieldContainer[Rectification.Answer]
    checks: _containers.RepeatedCompositeFieldContainer[Rectification.Check]
    history: _containers.RepeatedCompositeFieldContainer[_audit_pb2.AuditEntry]
    def __init__(self, name: _Optional[str] = ..., inspection: _Optional[str] = ..., finding_index: _Optional[int] = ..., finding: _Optional[str] = ..., internal: _Optional[bool] = ..., responsible_unit: _Optional[str] = ..., deadline: _Optional[str] = ..., state: _Optional[_Union[Rectification.State, str]] = ..., answers: _Optional[_Iterable[_Union[Rectification.Answer, _Mapping]]] = ..., checks: _Optional[_Iterable[_Union[Rectification.Check, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[_audit_pb2.AuditEntry, _Mapping]]] = ...) -> None: ...

class RequestRectificationRequest(_message.Message):
    __slots__ = ("parent", "rectification")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    RECTIFICATION_FIELD_NUMBER: _ClassVar[int]
    parent: str
    rectification: Rectification
    def __init__(self, parent: _Optional[str] = ..., rectification: _Optional[_Union[Rectification, _Mapping]] = ...) -> None: ...

class GetRectificationRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListRectificationsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRectificationsResponse(_message.Message):
    __slots__ = ("rectifications", "next_page_token")
    RECTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    rectifications: _containers.RepeatedCompositeFieldContainer[Rectification]
    next_page_token: str
    def __init__(self, rectifications: _Optional[_Iterable[_Union[Rectification, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AnswerRectificationRequest(_message.Message):
    __slots__ = ("name", "text", "attachments")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    name: str
    text: str
    attachments: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., text: _Optional[str] = ..., attachments: _Optional[_Iterable[str]] = ...) -> None: ...

class VerifyRectificationRequest(_message.Message):
    __slots__ = ("name", "accepted", "reason", "new_deadline")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NEW_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    name: str
    accepted: bool
    reason: str
    new_deadline: str
    def __init__(self, name: _Optional[str] = ..., accepted: _Optional[bool] = ..., reason: _Optional[str] = ..., new_deadline: _Optional[str] = ...) -> None: ...

class GetProgressNoticeRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class NoticeEntry(_message.Message):
    __slots__ = ("project", "title", "location", "budget_yuan", "funding_source", "responsible_unit", "current_deadline", "state", "percent_complete", "spent_yuan", "last_report_date", "milestones", "follow_up", "follow_up_explanation", "rectifications")
    class MilestoneStatus(_message.Message):
        __slots__ = ("title", "due_date", "reached_date")
        TITLE_FIELD_NUMBER: _ClassVar[int]
        DUE_DATE_FIELD_NUMBER: _ClassVar[int]
        REACHED_DATE_FIELD_NUMBER: _ClassVar[int]
        title: str
        due_date: str
        reached_date: str
        def __init__(self, title: _Optional[str] = ..., due_date: _Optional[str] = ..., reached_date: _Optional[str] = ...) -> None: ...
    class PublicRectification(_message.Message):
        __slots__ = ("finding", "deadline", "state")
        FINDING_FIELD_NUMBER: _ClassVar[int]
        DEADLINE_FIELD_NUMBER: _ClassVar[int]
        STATE_FIELD_NUMBER: _ClassVar[int]
        finding: str
        deadline: str
        state: Rectification.State
        def __init__(self, finding: _Optional[str] = ..., deadline: _Optional[str] = ..., state: _Optional[_Union[Rectification.State, str]] = ...) -> None: ...
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    BUDGET_YUAN_FIELD_NUMBER: _ClassVar[int]
    FUNDING_SOURCE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    CURRENT_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PERCENT_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    SPENT_YUAN_FIELD_NUMBER: _ClassVar[int]
    LAST_REPORT_DATE_FIELD_NUMBER: _ClassVar[int]
    MILESTONES_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    RECTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    project: str
    title: str
    location: str
    budget_yuan: int
    funding_source: str
    responsible_unit: str
    current_deadline: str
    state: ProjectState
    percent_complete: int
    spent_yuan: int
    last_report_date: str
    milestones: _containers.RepeatedCompositeFieldContainer[NoticeEntry.MilestoneStatus]
    follow_up: bool
    follow_up_explanation: str
    rectifications: _containers.RepeatedCompositeFieldContainer[NoticeEntry.PublicRectification]
    def __init__(self, project: _Optional[str] = ..., title: _Optional[str] = ..., location: _Optional[str] = ..., budget_yuan: _Optional[int] = ..., funding_source: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., current_deadline: _Optional[str] = ..., state: _Optional[_Union[ProjectState, str]] = ..., percent_complete: _Optional[int] = ..., spent_yuan: _Optional[int] = ..., last_report_date: _Optional[str] = ..., milestones: _Optional[_Iterable[_Union[NoticeEntry.MilestoneStatus, _Mapping]]] = ..., follow_up: _Optional[bool] = ..., follow_up_explanation: _Optional[str] = ..., rectifications: _Optional[_Iterable[_Union[NoticeEntry.PublicRectification, _Mapping]]] = ...) -> None: ...

class ProgressNotice(_message.Message):
    __slots__ = ("name", "town_name", "year", "projects", "completed_count")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TOWN_NAME_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_COUNT_FIELD_NUMBER: _ClassVar[int]
    name: str
    town_name: str
    year: int
    projects: _containers.RepeatedCompositeFieldContainer[NoticeEntry]
    completed_count: int
    def __init__(self, name: _Optional[str] = ..., town_name: _Optional[str] = ..., year: _Optional[int] = ..., projects: _Optional[_Iterable[_Union[NoticeEntry, _Mapping]]] = ..., completed_count: _Optional[int] = ...) -> None: ...
