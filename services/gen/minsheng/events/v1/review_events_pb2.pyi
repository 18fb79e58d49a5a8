from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Candidate(_message.Message):
    __slots__ = ("candidate_id", "proposal", "rank", "title", "description", "location", "budget_yuan", "funding_source", "responsible_unit", "completion_deadline")
    CANDIDATE_ID_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    BUDGET_YUAN_FIELD_NUMBER: _ClassVar[int]
    FUNDING_SOURCE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    candidate_id: str
    proposal: str
    rank: int
    title: str
    description: str
    location: str
    budget_yuan: int
    funding_source: str
    responsible_unit: str
    completion_deadline: str
    def __init__(self, candidate_id: _Optional[str] = ..., proposal: _Optional[str] = ..., rank: _Optional[int] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., location: _Optional[str] = ..., budget_yuan: _Optional[int] = ..., funding_source: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., completion_deadline: _Optional[str] = ...) -> None: ...

class CandidateListApproved(_message.Message):
    __slots__ = ("review", "year", "seats", "candidates", "approval_record")
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SEATS_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_RECORD_FIELD_NUMBER: _ClassVar[int]
    review: str
    year: int
    seats: int
    candidates: _containers.RepeatedCompositeFieldContainer[Candidate]
    approval_record: str
    def __init__(self, review: _Optional[str] = ..., year: _Optional[int] = ..., seats: _Optional[int] = ..., candidates: _Optional[_Iterable[_Union[Candidate, _Mapping]]] = ..., approval_record: _Optional[str] = ...) -> None: ...
