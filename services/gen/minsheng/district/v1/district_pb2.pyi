import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ExportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EXPORT_FORMAT_UNSPECIFIED: _ClassVar[ExportFormat]
    CSV: _ClassVar[ExportFormat]
    XLSX: _ClassVar[ExportFormat]
EXPORT_FORMAT_UNSPECIFIED: ExportFormat
CSV: ExportFormat
XLSX: ExportFormat

class ExportViewRequest(_message.Message):
    __slots__ = ("parent", "view", "year", "format")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    view: str
    year: int
    format: ExportFormat
    def __init__(self, parent: _Optional[str] = ..., view: _Optional[str] = ..., year: _Optional[int] = ..., format: _Optional[_Union[ExportFormat, str]] = ...) -> None: ...

class ExportChunk(_message.Message):
    __slots__ = ("filename", "content_type", "content")
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    filename: str
    content_type: str
    content: bytes
    def __init__(self, filename: _Optional[str] = ..., content_type: _Optional[str] = ..., content: _Optional[bytes] = ...) -> None: ...

class YearCounts(_message.Message):
    __slots__ = ("proposals_received", "shortlisted", "candidates", "adopted", "budget_adopted_yuan", "filings_accepted", "filings_refused", "merged", "answered", "completed", "completed_late", "carried_over", "spent_yuan", "overdue_items", "towns_voted", "satisfied", "basically_satisfied", "unsatisfied", "rectifications_required", "evaluation_filings_accepted", "evaluation_filings_refused")
    PROPOSALS_RECEIVED_FIELD_NUMBER: _ClassVar[int]
    SHORTLISTED_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    ADOPTED_FIELD_NUMBER: _ClassVar[int]
    BUDGET_ADOPTED_YUAN_FIELD_NUMBER: _ClassVar[int]
    FILINGS_ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    FILINGS_REFUSED_FIELD_NUMBER: _ClassVar[int]
    MERGED_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_LATE_FIELD_NUMBER: _ClassVar[int]
    CARRIED_OVER_FIELD_NUMBER: _ClassVar[int]
    SPENT_YUAN_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_ITEMS_FIELD_NUMBER: _ClassVar[int]
    TOWNS_VOTED_FIELD_NUMBER: _ClassVar[int]
    SATISFIED_FIELD_NUMBER: _ClassVar[int]
    BASICALLY_SATISFIED_FIELD_NUMBER: _ClassVar[int]
    UNSATISFIED_FIELD_NUMBER: _ClassVar[int]
    RECTIFICATIONS_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_FILINGS_ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_FILINGS_REFUSED_FIELD_NUMBER: _ClassVar[int]
    proposals_received: int
    shortlisted: int
    candidates: int
    adopted: int
    budget_adopted_yuan: int
    filings_accepted: int
    filings_refused: int
    merged: int
    answered: int
    completed: int
    completed_late: int
    carried_over: int
    spent_yuan: int
    overdue_items: int
    towns_voted: int
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    rectifications_required: int
    evaluation_filings_accepted: int
    evaluation_filings_refused: int
    def __init__(self, proposals_received: _Optional[int] = ..., shortlisted: _Optional[int] = ..., candidates: _Optional[int] = ..., adopted: _Optional[int] = ..., budget_adopted_yuan: _Optional[int] = ..., filings_accepted: _Optional[int] = ..., filings_refused: _Optional[int] = ..., merged: _Optional[int] = ..., answered: _Optional[int] = ..., completed: _Optional[int] = ..., completed_late: _Optional[int] = ..., carried_over: _Optional[int] = ..., spent_yuan: _Optional[int] = ..., overdue_items: _Optional[int] = ..., towns_voted: _Optional[int] = ..., satisfied: _Optional[int] = ..., basically_satisfied: _Optional[int] = ..., unsatisfied: _Optional[int] = ..., rectifications_required: _Optional[int] = ..., evaluation_filings_accepted: _Optional[int] = ..., evaluation_filings_refused: _Optional[int] = ...) -> None: ...

class TownYear(_message.Message):
    __slots__ = ("name", "year", "counts")
    NAME_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    name: str
    year: int
    counts: YearCounts
    def __init__(self, name: _Optional[str] = ..., year: _Optional[int] = ..., counts: _Optional[_Union[YearCounts, _Mapping]] = ...) -> None: ...

class GetTownYearRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetDistrictReportRequest(_message.Message):
    __slots__ = ("year", "page_size", "page_token")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    year: int
    page_size: int
    page_token: str
    def __init__(self, year: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class DistrictReport(_message.Message):
    __slots__ = ("year", "towns", "totals", "next_page_token")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TOWNS_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    year: int
    towns: _containers.RepeatedCompositeFieldContainer[TownYear]
    totals: YearCounts
    next_page_token: str
    def __init__(self, year: _Optional[int] = ..., towns: _Optional[_Iterable[_Union[TownYear, _Mapping]]] = ..., totals: _Optional[_Union[YearCounts, _Mapping]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Filing(_message.Message):
    __slots__ = ("name", "year", "poll", "candidate_list", "adopted", "accepted", "problems", "documents_verified", "receive_time", "kind")
    NAME_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    POLL_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_LIST_FIELD_NUMBER: _ClassVar[int]
    ADOPTED_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    RECEIVE_TIME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    name: str
    year: int
    poll: str
    candidate_list: str
    adopted: _containers.RepeatedScalarFieldContainer[str]
    accepted: bool
    problems: _containers.RepeatedScalarFieldContainer[str]
    documents_verified: int
    receive_time: _timestamp_pb2.Timestamp
    kind: str
    def __init__(self, name: _Optional[str] = ..., year: _Optional[int] = ..., poll: _Optional[str] = ..., candidate_list: _Optional[str] = ..., adopted: _Optional[_Iterable[str]] = ..., accepted: _Optional[bool] = ..., problems: _Optional[_Iterable[str]] = ..., documents_verified: _Optional[int] = ..., receive_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[str] = ...) -> None: ...

class ListFilingsRequest(_message.Message):
    __slots__ = ("parent", "year")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ...) -> None: ...

class ListFilingsResponse(_message.Message):
    __slots__ = ("filings",)
    FILINGS_FIELD_NUMBER: _ClassVar[int]
    filings: _containers.RepeatedCompositeFieldContainer[Filing]
    def __init__(self, filings: _Optional[_Iterable[_Union[Filing, _Mapping]]] = ...) -> None: ...

class GetFilingRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class Project(_message.Message):
    __slots__ = ("candidate", "year", "title", "responsible_unit", "budget_yuan", "completion_deadline", "status", "project", "spent_yuan", "overdue", "carried_over", "grade", "rectification_required")
    CANDIDATE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    BUDGET_YUAN_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    SPENT_YUAN_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    CARRIED_OVER_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    RECTIFICATION_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    candidate: str
    year: int
    title: str
    responsible_unit: str
    budget_yuan: int
    completion_deadline: str
    status: str
    project: str
    spent_yuan: int
    overdue: bool
    carried_over: bool
    grade: str
    rectification_required: bool
    def __init__(self, candidate: _Optional[str] = ..., year: _Optional[int] = ..., title: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., budget_yuan: _Optional[int] = ..., completion_deadline: _Optional[str] = ..., status: _Optional[str] = ..., project: _Optional[str] = ..., spent_yuan: _Optional[int] = ..., overdue: _Optional[bool] = ..., carried_over: _Optional[bool] = ..., grade: _Optional[str] = ..., rectification_required: _Optional[bool] = ...) -> None: ...

class ListProjectsRequest(_message.Message):
    __slots__ = ("parent", "year", "status", "responsible_unit", "category", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    status: str
    responsible_unit: str
    category: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ..., status: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., category: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProjectsResponse(_message.Message):
    __slots__ = ("projects", "next_page_token")
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    projects: _containers.RepeatedCompositeFieldContainer[Project]
    next_page_token: str
    def __init__(self, projects: _Optional[_Iterable[_Union[Project, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
