from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EvaluatedProjectStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EVALUATED_PROJECT_STATUS_UNSPECIFIED: _ClassVar[EvaluatedProjectStatus]
    FINAL_COMPLETED: _ClassVar[EvaluatedProjectStatus]
    FINAL_COMPLETED_LATE: _ClassVar[EvaluatedProjectStatus]
    FINAL_UNFINISHED: _ClassVar[EvaluatedProjectStatus]
    FINAL_CARRIED_OVER: _ClassVar[EvaluatedProjectStatus]

class SatisfactionGrade(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SATISFACTION_GRADE_UNSPECIFIED: _ClassVar[SatisfactionGrade]
    SATISFIED: _ClassVar[SatisfactionGrade]
    BASICALLY_SATISFIED: _ClassVar[SatisfactionGrade]
    UNSATISFIED: _ClassVar[SatisfactionGrade]
EVALUATED_PROJECT_STATUS_UNSPECIFIED: EvaluatedProjectStatus
FINAL_COMPLETED: EvaluatedProjectStatus
FINAL_COMPLETED_LATE: EvaluatedProjectStatus
FINAL_UNFINISHED: EvaluatedProjectStatus
FINAL_CARRIED_OVER: EvaluatedProjectStatus
SATISFACTION_GRADE_UNSPECIFIED: SatisfactionGrade
SATISFIED: SatisfactionGrade
BASICALLY_SATISFIED: SatisfactionGrade
UNSATISFIED: SatisfactionGrade

class EvaluationOpened(_message.Message):
    __slots__ = ("evaluation", "year", "session", "project_count", "grading_base")
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    PROJECT_COUNT_FIELD_NUMBER: _ClassVar[int]
    GRADING_BASE_FIELD_NUMBER: _ClassVar[int]
    evaluation: str
    year: int
    session: str
    project_count: int
    grading_base: str
    def __init__(self, evaluation: _Optional[str] = ..., year: _Optional[int] = ..., session: _Optional[str] = ..., project_count: _Optional[int] = ..., grading_base: _Optional[str] = ...) -> None: ...

class ReportedProject(_message.Message):
    __slots__ = ("project", "status", "budget_yuan", "spent_yuan", "completed_on")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    BUDGET_YUAN_FIELD_NUMBER: _ClassVar[int]
    SPENT_YUAN_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_ON_FIELD_NUMBER: _ClassVar[int]
    project: str
    status: EvaluatedProjectStatus
    budget_yuan: int
    spent_yuan: int
    completed_on: str
    def __init__(self, project: _Optional[str] = ..., status: _Optional[_Union[EvaluatedProjectStatus, str]] = ..., budget_yuan: _Optional[int] = ..., spent_yuan: _Optional[int] = ..., completed_on: _Optional[str] = ...) -> None: ...

class CompletionReportSubmitted(_message.Message):
    __slots__ = ("evaluation", "year", "projects")
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    evaluation: str
    year: int
    projects: _containers.RepeatedCompositeFieldContainer[ReportedProject]
    def __init__(self, evaluation: _Optional[str] = ..., year: _Optional[int] = ..., projects: _Optional[_Iterable[_Union[ReportedProject, _Mapping]]] = ...) -> None: ...

class AssessmentOpened(_message.Message):
    __slots__ = ("assessment", "evaluation", "round", "projects", "seated_count", "present_count", "key_fingerprint")
    ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    SEATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    PRESENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    KEY_FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    assessment: str
    evaluation: str
    round: int
    projects: _containers.RepeatedScalarFieldContainer[str]
    seated_count: int
    present_count: int
    key_fingerprint: str
    def __init__(self, assessment: _Optional[str] = ..., evaluation: _Optional[str] = ..., round: _Optional[int] = ..., projects: _Optional[_Iterable[str]] = ..., seated_count: _Optional[int] = ..., present_count: _Optional[int] = ..., key_fingerprint: _Optional[str] = ...) -> None: ...

class ProjectGrade(_message.Message):
    __slots__ = ("project", "grade", "satisfied", "basically_satisfied", "unsatisfied", "blank")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    SATISFIED_FIELD_NUMBER: _ClassVar[int]
    BASICALLY_SATISFIED_FIELD_NUMBER: _ClassVar[int]
    UNSATISFIED_FIELD_NUMBER: _ClassVar[int]
    BLANK_FIELD_NUMBER: _ClassVar[int]
    project: str
    grade: SatisfactionGrade
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    blank: int
    def __init__(self, project: _Optional[str] = ..., grade: _Optional[_Union[SatisfactionGrade, str]] = ..., satisfied: _Optional[int] = ..., basically_satisfied: _Optional[int] = ..., unsatisfied: _Optional[int] = ..., blank: _Optional[int] = ...) -> None: ...

class AssessmentClosed(_message.Message):
    __slots__ = ("assessment", "evaluation", "year", "seated_count", "present_count", "ballots_cast", "grades", "board_hash")
    ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SEATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    PRESENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    BALLOTS_CAST_FIELD_NUMBER: _ClassVar[int]
    GRADES_FIELD_NUMBER: _ClassVar[int]
    BOARD_HASH_FIELD_NUMBER: _ClassVar[int]
    assessment: str
    evaluation: str
    year: int
    seated_count: int
    present_count: int
    ballots_cast: int
    grades: _containers.RepeatedCompositeFieldContainer[ProjectGrade]
    board_hash: str
    def __init__(self, assessment: _Optional[str] = ..., evaluation: _Optional[str] = ..., year: _Optional[int] = ..., seated_count: _Optional[int] = ..., present_count: _Optional[int] = ..., ballots_cast: _Optional[int] = ..., grades: _Optional[_Iterable[_Union[ProjectGrade, _Mapping]]] = ..., board_hash: _Optional[str] = ...) -> None: ...

class RectificationRequired(_message.Message):
    __slots__ = ("project", "evaluation", "assessment", "year", "grade", "rectification_deadline", "statement")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    RECTIFICATION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    STATEMENT_FIELD_NUMBER: _ClassVar[int]
    project: str
    evaluation: str
    assessment: str
    year: int
    grade: ProjectGrade
    rectification_deadline: str
    statement: str
    def __init__(self, project: _Optional[str] = ..., evaluation: _Optional[str] = ..., assessment: _Optional[str] = ..., year: _Optional[int] = ..., grade: _Optional[_Union[ProjectGrade, _Mapping]] = ..., rectification_deadline: _Optional[str] = ..., statement: _Optional[str] = ...) -> None: ...

class EvaluationReportIssued(_message.Message):
    __slots__ = ("evaluation", "year", "report", "pdf_sha256", "grades", "revision")
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    PDF_SHA256_FIELD_NUMBER: _ClassVar[int]
    GRADES_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    evaluation: str
    year: int
    report: str
    pdf_sha256: str
    grades: _containers.RepeatedCompositeFieldContainer[ProjectGrade]
    revision: int
    def __init__(self, evaluation: _Optional[str] = ..., year: _Optional[int] = ..., report: _Optional[str] = ..., pdf_sha256: _Optional[str] = ..., grades: _Optional[_Iterable[_Union[ProjectGrade, _Mapping]]] = ..., revision: _Optional[int] = ...) -> None: ...

class EvaluationFiled(_message.Message):
    __slots__ = ("evaluation", "year", "session", "grades", "document", "signature", "public_key", "revision")
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    GRADES_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    evaluation: str
    year: int
    session: str
    grades: _containers.RepeatedCompositeFieldContainer[ProjectGrade]
    document: str
    signature: bytes
    public_key: bytes
    revision: int
    def __init__(self, evaluation: _Optional[str] = ..., year: _Optional[int] = ..., session: _Optional[str] = ..., grades: _Optional[_Iterable[_Union[ProjectGrade, _Mapping]]] = ..., document: _Optional[str] = ..., signature: _Optional[bytes] = ..., public_key: _Optional[bytes] = ..., revision: _Optional[int] = ...) -> None: ...
