import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CollectionCycleOpened(_message.Message):
    __slots__ = ("collection_cycle", "year", "title", "opens_at", "closes_at", "screening_criteria", "negative_list_entries")
    COLLECTION_CYCLE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    OPENS_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSES_AT_FIELD_NUMBER: _ClassVar[int]
    SCREENING_CRITERIA_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_LIST_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    collection_cycle: str
    year: int
    title: str
    opens_at: _timestamp_pb2.Timestamp
    closes_at: _timestamp_pb2.Timestamp
    screening_criteria: _containers.RepeatedScalarFieldContainer[str]
    negative_list_entries: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, collection_cycle: _Optional[str] = ..., year: _Optional[int] = ..., title: _Optional[str] = ..., opens_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closes_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., screening_criteria: _Optional[_Iterable[str]] = ..., negative_list_entries: _Optional[_Iterable[str]] = ...) -> None: ...

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
    class Channel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        CHANNEL_UNSPECIFIED: _ClassVar[ProposalSubmitted.Channel]
        ONLINE_PLATFORM: _ClassVar[ProposalSubmitted.Channel]
        WEB: _ClassVar[ProposalSubmitted.Channel]
        LIAISON_STATION: _ClassVar[ProposalSubmitted.Channel]
        DEPUTY_VISIT: _ClassVar[ProposalSubmitted.Channel]
        FORUM: _ClassVar[ProposalSubmitted.Channel]
        HOTLINE_12345: _ClassVar[ProposalSubmitted.Channel]
        OTHER: _ClassVar[ProposalSubmitted.Channel]
    CHANNEL_UNSPECIFIED: ProposalSubmitted.Channel
    ONLINE_PLATFORM: ProposalSubmitted.Channel
    WEB: ProposalSubmitted.Channel
    LIAISON_STATION: ProposalSubmitted.Channel
    DEPUTY_VISIT: ProposalSubmitted.Channel
    FORUM: ProposalSubmitted.Channel
    HOTLINE_12345: ProposalSubmitted.Channel
    OTHER: ProposalSubmitted.Channel
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    IN_RESERVE_POOL_FIELD_NUMBER: _ClassVar[int]
    proposal: str
    year: int
    channel: ProposalSubmitted.Channel
    category: str
    in_reserve_pool: bool
    def __init__(self, proposal: _Optional[str] = ..., year: _Optional[int] = ..., channel: _Optional[_Union[ProposalSubmitted.Channel, str]] = ..., category: _Optional[str] = ..., in_reserve_pool: _Optional[bool] = ...) -> None: ...

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
    __slots__ = ("proposal", "year", "outcome", "results", "explanation", "title", "content", "location", "category", "estimated_cost_yuan", "completion_time_frame", "suggested_implementer", "supporter_count", "negative_list_entries", "negative_list_override")
    class Outcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        OUTCOME_UNSPECIFIED: _ClassVar[ProposalScreened.Outcome]
        SHORTLISTED: _ClassVar[ProposalScreened.Outcome]
        NOT_SHORTLISTED: _ClassVar[ProposalScreened.Outcome]
        RESERVE_POOL: _ClassVar[ProposalScreened.Outcome]
    OUTCOME_UNSPECIFIED: ProposalScreened.Outcome
    SHORTLISTED: ProposalScreened.Outcome
    NOT_SHORTLISTED: ProposalScreened.Outcome
    RESERVE_POOL: ProposalScreened.Outcome
    class CriterionResult(_message.Message):
        __slots__ = ("criterion", "passed", "note")
        CRITERION_FIELD_NUMBER: _ClassVar[int]
        PASSED_FIELD_NUMBER: _ClassVar[int]
        NOTE_FIELD_NUMBER: _ClassVar[int]
        criterion: str
        passed: bool
        note: str
        def __init__(self, criterion: _Optional[str] = ..., passed: _Optional[bool] = ..., note: _Optional[str] = ...) -> None: ...
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
    NEGATIVE_LIST_ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_LIST_OVERRIDE_FIELD_NUMBER: _ClassVar[int]
    proposal: str
    year: int
    outcome: ProposalScreened.Outcome
    results: _containers.RepeatedCompositeFieldContainer[ProposalScreened.CriterionResult]
    explanation: str
    title: str
    content: str
    location: str
    category: str
    estimated_cost_yuan: int
    completion_time_frame: str
    suggested_implementer: str
    supporter_count: int
    negative_list_entries: _containers.RepeatedScalarFieldContainer[str]
    negative_list_override: str
    def __init__(self, proposal: _Optional[str] = ..., year: _Optional[int] = ..., outcome: _Optional[_Union[ProposalScreened.Outcome, str]] = ..., results: _Optional[_Iterable[_Union[ProposalScreened.CriterionResult, _Mapping]]] = ..., explanation: _Optional[str] = ..., title: _Optional[str] = ..., content: _Optional[str] = ..., location: _Optional[str] = ..., category: _Optional[str] = ..., estimated_cost_yuan: _Optional[int] = ..., completion_time_frame: _Optional[str] = ..., suggested_implementer: _Optional[str] = ..., supporter_count: _Optional[int] = ..., negative_list_entries: _Optional[_Iterable[str]] = ..., negative_list_override: _Optional[str] = ...) -> None: ...

class ProposalCarried(_message.Message):
    __slots__ = ("proposal", "from_year", "year")
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    FROM_YEAR_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    proposal: str
    from_year: int
    year: int
    def __init__(self, proposal: _Optional[str] = ..., from_year: _Optional[int] = ..., year: _Optional[int] = ...) -> None: ...

class ProposalAnswered(_message.Message):
    __slots__ = ("proposal", "year", "state", "answer")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[ProposalAnswered.State]
        SUBMITTED: _ClassVar[ProposalAnswered.State]
        MERGED: _ClassVar[ProposalAnswered.State]
        SHORTLISTED: _ClassVar[ProposalAnswered.State]
        NOT_SHORTLISTED: _ClassVar[ProposalAnswered.State]
        RESERVE_POOL: _ClassVar[ProposalAnswered.State]
        ADOPTED: _ClassVar[ProposalAnswered.State]
        NOT_ADOPTED: _ClassVar[ProposalAnswered.State]
    STATE_UNSPECIFIED: ProposalAnswered.State
    SUBMITTED: ProposalAnswered.State
    MERGED: ProposalAnswered.State
    SHORTLISTED: ProposalAnswered.State
    NOT_SHORTLISTED: ProposalAnswered.State
    RESERVE_POOL: ProposalAnswered.State
    ADOPTED: ProposalAnswered.State
    NOT_ADOPTED: ProposalAnswered.State
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    proposal: str
    year: int
    state: ProposalAnswered.State
    answer: str
    def __init__(self, proposal: _Optional[str] = ..., year: _Optional[int] = ..., state: _Optional[_Union[ProposalAnswered.State, str]] = ..., answer: _Optional[str] = ...) -> None: ...
