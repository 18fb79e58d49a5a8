import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from minsheng.collection.v1 import collection_pb2 as _collection_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CollectionCycleOpened(_message.Message):
    __slots__ = ("collection_cycle", "year", "title", "opens_at", "closes_at", "screening_criteria")
    COLLECTION_CYCLE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    OPENS_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSES_AT_FIELD_NUMBER: _ClassVar[int]
    SCREENING_CRITERIA_FIELD_NUMBER: _ClassVar[int]
    collection_cycle: str
    year: int
    title: str
    opens_at: _timestamp_pb2.Timestamp
    closes_at: _timestamp_pb2.Timestamp
    screening_criteria: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, collection_cycle: _Optional[str] = ..., year: _Optional[int] = ..., title: _Optional[str] = ..., opens_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closes_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., screening_criteria: _Optional[_Iterable[str]] = ...) -> None: ...

class CollectionCycleClosed(_message.Message):
    __slots__ = ("collection_cycle", "year", "proposal_count")
    COLLECTION_CYCLE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_COUNT_FIELD_NUMBER: _ClassVar[int]
    collection_cycle: str
    year: int
    proposal_count: int
    def __init__(self, collection_cycle: _Optional[str] = ..., year: _Optional[int] = ..., proposal_count: _Optional[int] = ...) -> None: ...

class ProposalSubmitted(_message.Message):
    __slots__ = ("proposal", "year", "channel", "category", "in_reserve_pool")
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    IN_RESERVE_POOL_FIELD_NUMBER: _ClassVar[int]
    proposal: str
    year: int
    channel: _collection_pb2.Channel
    category: str
    in_reserve_pool: bool
    def __init__(self, proposal: _Optional[str] = ..., year: _Optional[int] = ..., channel: _Optional[_Union[_collection_pb2.Channel, str]] = ..., category: _Optional[str] = ..., in_reserve_pool: _Optional[bool] = ...) -> None: ...

class ProposalsMerged(_message.Message):
    __slots__ = ("proposal", "duplicates", "supporter_count")
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    SUPPORTER_COUNT_FIELD_NUMBER: _ClassVar[int]
    proposal: str
    duplicates: _containers.RepeatedScalarFieldContainer[str]
    supporter_count: int
    def __init__(self, proposal: _Optional[str] = ..., duplicates: _Optional[_Iterable[str]] = ..., supporter_count: _Optional[int] = ...) -> None: ...

class ProposalScreened(_message.Message):
    __slots__ = ("proposal", "year", "outcome", "results", "explanation", "title", "content", "location", "category", "estimated_cost_yuan", "completion_time_frame", "suggested_implementer", "supporter_count")
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_COST_YUAN_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_TIME_FRAME_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_IMPLEMENTER_FIELD_NUMBER: _ClassVar[int]
    SUPPORTER_COUNT_FIELD_NUMBER: _ClassVar[int]
    proposal: str
    year: int
    outcome: _collection_pb2.ScreeningOutcome
    results: _containers.RepeatedCompositeFieldContainer[_collection_pb2.CriterionResult]
    explanation: str
    title: str
    content: str
    location: str
    category: str
    estimated_cost_yuan: int
    completion_time_frame: str
    suggested_implementer: str
    supporter_count: int
    def __init__(self, proposal: _Optional[str] = ..., year: _Optional[int] = ..., outcome: _Optional[_Union[_collection_pb2.ScreeningOutcome, str]] = ..., results: _Optional[_Iterable[_Union[_collection_pb2.CriterionResult, _Mapping]]] = ..., explanation: _Optional[str] = ..., title: _Optional[str] = ..., content: _Optional[str] = ..., location: _Optional[str] = ..., category: _Optional[str] = ..., estimated_cost_yuan: _Optional[int] = ..., completion_time_frame: _Optional[str] = ..., suggested_implementer: _Optional[str] = ..., supporter_count: _Optional[int] = ...) -> None: ...

class ProposalAnswered(_message.Message):
    __slots__ = ("proposal", "year", "state", "answer")
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    proposal: str
    year: int
    state: _collection_pb2.Proposal.State
    answer: str
    def __init__(self, proposal: _Optional[str] = ..., year: _Optional[int] = ..., state: _Optional[_Union[_collection_pb2.Proposal.State, str]] = ..., answer: _Optional[str] = ...) -> None: ...
