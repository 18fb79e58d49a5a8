from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Recommendation(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECOMMENDATION_UNSPECIFIED: _ClassVar[Recommendation]
    RECOMMEND: _ClassVar[Recommendation]
    NOT_RECOMMEND: _ClassVar[Recommendation]
    RESERVE_POOL: _ClassVar[Recommendation]
RECOMMENDATION_UNSPECIFIED: Recommendation
RECOMMEND: Recommendation
NOT_RECOMMEND: Recommendation
RESERVE_POOL: Recommendation

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

class ReviewOpened(_message.Message):
    __slots__ = ("review", "year", "min_margin_percent", "allow_equal_list")
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    MIN_MARGIN_PERCENT_FIELD_NUMBER: _ClassVar[int]
    ALLOW_EQUAL_LIST_FIELD_NUMBER: _ClassVar[int]
    review: str
    year: int
    min_margin_percent: int
    allow_equal_list: bool
    def __init__(self, review: _Optional[str] = ..., year: _Optional[int] = ..., min_margin_percent: _Optional[int] = ..., allow_equal_list: _Optional[bool] = ...) -> None: ...

class AssessmentRecorded(_message.Message):
    __slots__ = ("item", "proposal", "year", "recommendation", "total_score", "urgent", "mature")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SCORE_FIELD_NUMBER: _ClassVar[int]
    URGENT_FIELD_NUMBER: _ClassVar[int]
    MATURE_FIELD_NUMBER: _ClassVar[int]
    item: str
    proposal: str
    year: int
    recommendation: Recommendation
    total_score: int
    urgent: bool
    mature: bool
    def __init__(self, item: _Optional[str] = ..., proposal: _Optional[str] = ..., year: _Optional[int] = ..., recommendation: _Optional[_Union[Recommendation, str]] = ..., total_score: _Optional[int] = ..., urgent: _Optional[bool] = ..., mature: _Optional[bool] = ...) -> None: ...

class RecommendationsProposed(_message.Message):
    __slots__ = ("review", "year", "items")
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    review: str
    year: int
    items: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, review: _Optional[str] = ..., year: _Optional[int] = ..., items: _Optional[_Iterable[str]] = ...) -> None: ...

class PresidiumDecided(_message.Message):
    __slots__ = ("review", "year", "removed", "added", "items", "record")
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    REMOVED_FIELD_NUMBER: _ClassVar[int]
    ADDED_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    review: str
    year: int
    removed: _containers.RepeatedScalarFieldContainer[str]
    added: _containers.RepeatedScalarFieldContainer[str]
    items: _containers.RepeatedScalarFieldContainer[str]
    record: str
    def __init__(self, review: _Optional[str] = ..., year: _Optional[int] = ..., removed: _Optional[_Iterable[str]] = ..., added: _Optional[_Iterable[str]] = ..., items: _Optional[_Iterable[str]] = ..., record: _Optional[str] = ...) -> None: ...

class ItemNotRecommended(_message.Message):
    __slots__ = ("item", "proposal", "year", "recommendation", "answer")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    item: str
    proposal: str
    year: int
    recommendation: Recommendation
    answer: str
    def __init__(self, item: _Optional[str] = ..., proposal: _Optional[str] = ..., year: _Optional[int] = ..., recommendation: _Optional[_Union[Recommendation, str]] = ..., answer: _Optional[str] = ...) -> None: ...
