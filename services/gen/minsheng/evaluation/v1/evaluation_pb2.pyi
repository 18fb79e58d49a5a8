import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from minsheng.common.v1 import audit_pb2 as _audit_pb2
from minsheng.common.v1 import ballot_box_pb2 as _ballot_box_pb2
from minsheng.common.v1 import field_rules_pb2 as _field_rules_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GradingBase(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GRADING_BASE_UNSPECIFIED: _ClassVar[GradingBase]
    SEATED: _ClassVar[GradingBase]
    PRESENT: _ClassVar[GradingBase]

class Grade(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GRADE_UNSPECIFIED: _ClassVar[Grade]
    SATISFIED: _ClassVar[Grade]
    BASICALLY_SATISFIED: _ClassVar[Grade]
    UNSATISFIED: _ClassVar[Grade]

class FinalStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FINAL_STATUS_UNSPECIFIED: _ClassVar[FinalStatus]
    COMPLETED: _ClassVar[FinalStatus]
    COMPLETED_LATE: _ClassVar[FinalStatus]
    UNFINISHED: _ClassVar[FinalStatus]
    CARRIED_OVER: _ClassVar[FinalStatus]
GRADING_BASE_UNSPECIFIED: GradingBase
SEATED: GradingBase
PRESENT: GradingBase
GRADE_UNSPECIFIED: Grade
SATISFIED: Grade
BASICALLY_SATISFIED: Grade
UNSATISFIED: Grade
FINAL_STATUS_UNSPECIFIED: FinalStatus
COMPLETED: FinalStatus
COMPLETED_LATE: FinalStatus
UNFINISHED: FinalStatus
CARRIED_OVER: FinalStatus

class ReportItem(_message.Message):
    __slots__ = ("project", "title", "responsible_unit", "budget_yuan", "spent_yuan", "status", "completion_deadline", "completed_on", "percent_complete", "work_done", "explanation", "grade")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    BUDGET_YUAN_FIELD_NUMBER: _ClassVar[int]
    SPENT_YUAN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_ON_FIELD_NUMBER: _ClassVar[int]
    PERCENT_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    WORK_DONE_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    project: str
    title: str
    responsible_unit: str
    budget_yuan: int
    spent_yuan: int
    status: FinalStatus
    completion_deadline: str
    completed_on: str
    percent_complete: int
    work_done: str
    explanation: str
    grade: Grade
    def __init__(self, project: _Optional[str] = ..., title: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., budget_yuan: _Optional[int] = ..., spent_yuan: _Optional[int] = ..., status: _Optional[_Union[FinalStatus, str]] = ..., completion_deadline: _Optional[str] = ..., completed_on: _Optional[str] = ..., percent_complete: _Optional[int] = ..., work_done: _Optional[str] = ..., explanation: _Optional[str] = ..., grade: _Optional[_Union[Grade, str]] = ...) -> None: ...

class Evaluation(_message.Message):
    __slots__ = ("name", "year", "session", "grading_base", "state", "summary", "items", "assessments", "create_time", "history")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Evaluation.State]
        DRAFTING: _ClassVar[Evaluation.State]
        REPORT_SUBMITTED: _ClassVar[Evaluation.State]
        ASSESSED: _ClassVar[Evaluation.State]
        REPORT_ISSUED: _ClassVar[Evaluation.State]
    STATE_UNSPECIFIED: Evaluation.State
    DRAFTING: Evaluation.State
    REPORT_SUBMITTED: Evaluation.State
    ASSESSED: Evaluation.State
    REPORT_ISSUED: Evaluation.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    GRADING_BASE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENTS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    name: str
    year: int
    session: str
    grading_base: GradingBase
    state: Evaluation.State
    summary: str
    items: _containers.RepeatedCompositeFieldContainer[ReportItem]
    assessments: _containers.RepeatedScalarFieldContainer[str]
    create_time: _timestamp_pb2.Timestamp
    history: _containers.RepeatedCompositeFieldContainer[_audit_pb2.AuditEntry]
    def __init__(self, name: _Optional[str] = ..., year: _Optional[int] = ..., session: _Optional[str] = ..., grading_base: _Optional[_Union[GradingBase, str]] = ..., state: _Optional[_Union[Evaluation.State, str]] = ..., summary: _Optional[str] = ..., items: _Optional[_Iterable[_Union[ReportItem, _Mapping]]] = ..., assessments: _Optional[_Iterable[str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., history: _Optional[_Iterable[_Union[_audit_pb2.AuditEntry, _Mapping]]] = ...) -> None: ...

class OpenEvaluationRequest(_message.Message):
    __slots__ = ("parent", "evaluation", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    evaluation: Evaluation
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., evaluation: _Optional[_Union[Evaluation, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetEvaluationRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ItemEdit(_message.Message):
    __slots__ = ("project", "work_done", "explanation")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    WORK_DONE_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    project: str
    work_done: str
    explanation: str
    def __init__(self, project: _Optional[str] = ..., work_done: _Optional[str] = ..., explanation: _Optional[str] = ...) -> None: ...

class EditCompletionReportRequest(_message.Message):
    __slots__ = ("name", "summary", "items")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    name: str
    summary: str
    items: _containers.RepeatedCompositeFieldContainer[ItemEdit]
    def __init__(self, name: _Optional[str] = ..., summary: _Optional[str] = ..., items: _Optional[_Iterable[_Union[ItemEdit, _Mapping]]] = ...) -> None: ...

class SubmitCompletionReportRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ProjectCount(_message.Message):
    __slots__ = ("project", "grade", "satisfied", "basically_satisfied", "unsatisfied", "blank")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    SATISFIED_FIELD_NUMBER: _ClassVar[int]
    BASICALLY_SATISFIED_FIELD_NUMBER: _ClassVar[int]
    UNSATISFIED_FIELD_NUMBER: _ClassVar[int]
    BLANK_FIELD_NUMBER: _ClassVar[int]
    project: str
    grade: Grade
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    blank: int
    def __init__(self, project: _Optional[str] = ..., grade: _Optional[_Union[Grade, str]] = ..., satisfied: _Optional[int] = ..., basically_satisfied: _Optional[int] = ..., unsatisfied: _Optional[int] = ..., blank: _Optional[int] = ...) -> None: ...

class Assessment(_message.Message):
    __slots__ = ("name", "round", "projects", "state", "seated_count", "present_count", "ballots_cast", "manifest", "key_record", "decrypted_by", "quorum", "counts", "create_time")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Assessment.State]
        OPEN: _ClassVar[Assessment.State]
        COUNTING: _ClassVar[Assessment.State]
        COUNTED: _ClassVar[Assessment.State]
    STATE_UNSPECIFIED: Assessment.State
    OPEN: Assessment.State
    COUNTING: Assessment.State
    COUNTED: Assessment.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SEATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    PRESENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    BALLOTS_CAST_FIELD_NUMBER: _ClassVar[int]
    MANIFEST_FIELD_NUMBER: _ClassVar[int]
    KEY_RECORD_FIELD_NUMBER: _ClassVar[int]
    DECRYPTED_BY_FIELD_NUMBER: _ClassVar[int]
    QUORUM_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    round: int
    projects: _containers.RepeatedScalarFieldContainer[str]
    state: Assessment.State
    seated_count: int
    present_count: int
    ballots_cast: int
    manifest: str
    key_record: str
    decrypted_by: _containers.RepeatedScalarFieldContainer[str]
    quorum: int
    counts: _containers.RepeatedCompositeFieldContainer[ProjectCount]
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., round: _Optional[int] = ..., projects: _Optional[_Iterable[str]] = ..., state: _Optional[_Union[Assessment.State, str]] = ..., seated_count: _Optional[int] = ..., present_count: _Optional[int] = ..., ballots_cast: _Optional[int] = ..., manifest: _Optional[str] = ..., key_record: _Optional[str] = ..., decrypted_by: _Optional[_Iterable[str]] = ..., quorum: _Optional[int] = ..., counts: _Optional[_Iterable[_Union[ProjectCount, _Mapping]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class OpenAssessmentRequest(_message.Message):
    __slots__ = ("parent", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetAssessmentRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class CastAssessmentBallotRequest(_message.Message):
    __slots__ = ("name", "ballot", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    BALLOT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    ballot: _ballot_box_pb2.EncryptedBallot
    request_id: str
    def __init__(self, name: _Optional[str] = ..., ballot: _Optional[_Union[_ballot_box_pb2.EncryptedBallot, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CloseAssessmentRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class IssueEvaluationReportRequest(_message.Message):
    __slots__ = ("name", "comments")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    name: str
    comments: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., comments: _Optional[_Iterable[str]] = ...) -> None: ...

class GetEvaluationReportRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class EvaluationReport(_message.Message):
    __slots__ = ("name", "pdf", "document", "signature", "public_key", "issue_time", "revision")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PDF_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    ISSUE_TIME_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    name: str
    pdf: bytes
    document: str
    signature: bytes
    public_key: bytes
    issue_time: _timestamp_pb2.Timestamp
    revision: int
    def __init__(self, name: _Optional[str] = ..., pdf: _Optional[bytes] = ..., document: _Optional[str] = ..., signature: _Optional[bytes] = ..., public_key: _Optional[bytes] = ..., issue_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revision: _Optional[int] = ...) -> None: ...
