import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class YearCounts(_message.Message):
    __slots__ = ("proposals_received", "shortlisted", "candidates", "adopted", "budget_adopted_yuan", "filings_accepted", "filings_refused")
    PROPOSALS_RECEIVED_FIELD_NUMBER: _ClassVar[int]
    SHORTLISTED_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    ADOPTED_FIELD_NUMBER: _ClassVar[int]
    BUDGET_ADOPTED_YUAN_FIELD_NUMBER: _ClassVar[int]
    FILINGS_ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    FILINGS_REFUSED_FIELD_NUMBER: _ClassVar[int]
    proposals_received: int
    shortlisted: int
    candidates: int
    adopted: int
    budget_adopted_yuan: int
    filings_accepted: int
    filings_refused: int
    def __init__(self, proposals_received: _Optional[int] = ..., shortlisted: _Optional[int] = ..., candidates: _Optional[int] = ..., adopted: _Optional[int] = ..., budget_adopted_yuan: _Optional[int] = ..., filings_accepted: _Optional[int] = ..., filings_refused: _Optional[int] = ...) -> None: ...

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
    __slots__ = ("year",)
    YEAR_FIELD_NUMBER: _ClassVar[int]
    year: int
    def __init__(self, year: _Optional[int] = ...) -> None: ...

class DistrictReport(_message.Message):
    __slots__ = ("year", "towns", "totals")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TOWNS_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    year: int
    towns: _containers.RepeatedCompositeFieldContainer[TownYear]
    totals: YearCounts
    def __init__(self, year: _Optional[int] = ..., towns: _Optional[_Iterable[_Union[TownYear, _Mapping]]] = ..., totals: _Optional[_Union[YearCounts, _Mapping]] = ...) -> None: ...

class Filing(_message.Message):
    __slots__ = ("name", "year", "poll", "candidate_list", "adopted", "accepted", "problems", "documents_verified", "receive_time")
    NAME_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    POLL_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_LIST_FIELD_NUMBER: _ClassVar[int]
    ADOPTED_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_VERIFIED_FIELD_NUMBER: _ClassVar[int]
    RECEIVE_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    year: int
    poll: str
    candidate_list: str
    adopted: _containers.RepeatedScalarFieldContainer[str]
    accepted: bool
    problems: _containers.RepeatedScalarFieldContainer[str]
    documents_verified: int
    receive_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., year: _Optional[int] = ..., poll: _Optional[str] = ..., candidate_list: _Optional[str] = ..., adopted: _Optional[_Iterable[str]] = ..., accepted: _Optional[bool] = ..., problems: _Optional[_Iterable[str]] = ..., documents_verified: _Optional[int] = ..., receive_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

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
    __slots__ = ("candidate", "year", "title", "responsible_unit", "budget_yuan", "completion_deadline", "status")
    CANDIDATE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    BUDGET_YUAN_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    candidate: str
    year: int
    title: str
    responsible_unit: str
    budget_yuan: int
    completion_deadline: str
    status: str
    def __init__(self, candidate: _Optional[str] = ..., year: _Optional[int] = ..., title: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., budget_yuan: _Optional[int] = ..., completion_deadline: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ListProjectsRequest(_message.Message):
    __slots__ = ("parent", "year", "status", "responsible_unit")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    status: str
    responsible_unit: str
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ..., status: _Optional[str] = ..., responsible_unit: _Optional[str] = ...) -> None: ...

class ListProjectsResponse(_message.Message):
    __slots__ = ("projects",)
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    projects: _containers.RepeatedCompositeFieldContainer[Project]
    def __init__(self, projects: _Optional[_Iterable[_Union[Project, _Mapping]]] = ...) -> None: ...
