import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.rpc import status_pb2 as _status_pb2
from minsheng.common.v1 import audit_pb2 as _audit_pb2
from minsheng.common.v1 import field_rules_pb2 as _field_rules_pb2
from minsheng.common.v1 import method_rules_pb2 as _method_rules_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Channel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_UNSPECIFIED: _ClassVar[Channel]
    ONLINE_PLATFORM: _ClassVar[Channel]
    WEB: _ClassVar[Channel]
    LIAISON_STATION: _ClassVar[Channel]
    DEPUTY_VISIT: _ClassVar[Channel]
    FORUM: _ClassVar[Channel]
    HOTLINE_12345: _ClassVar[Channel]
    OTHER: _ClassVar[Channel]

class ScreeningOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCREENING_OUTCOME_UNSPECIFIED: _ClassVar[ScreeningOutcome]
    SHORTLISTED: _ClassVar[ScreeningOutcome]
    NOT_SHORTLISTED: _ClassVar[ScreeningOutcome]
    RESERVE_POOL: _ClassVar[ScreeningOutcome]
CHANNEL_UNSPECIFIED: Channel
ONLINE_PLATFORM: Channel
WEB: Channel
LIAISON_STATION: Channel
DEPUTY_VISIT: Channel
FORUM: Channel
HOTLINE_12345: Channel
OTHER: Channel
SCREENING_OUTCOME_UNSPECIFIED: ScreeningOutcome
SHORTLISTED: ScreeningOutcome
NOT_SHORTLISTED: ScreeningOutcome
RESERVE_POOL: ScreeningOutcome

class CollectionCycle(_message.Message):
    __slots__ = ("name", "year", "title", "announcement", "opens_at", "closes_at", "screening_criteria", "state", "proposal_count", "history", "negative_list")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[CollectionCycle.State]
        OPEN: _ClassVar[CollectionCycle.State]
        CLOSED: _ClassVar[CollectionCycle.State]
    STATE_UNSPECIFIED: CollectionCycle.State
    OPEN: CollectionCycle.State
    CLOSED: CollectionCycle.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ANNOUNCEMENT_FIELD_NUMBER: _ClassVar[int]
    OPENS_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSES_AT_FIELD_NUMBER: _ClassVar[int]
    SCREENING_CRITERIA_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_COUNT_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_LIST_FIELD_NUMBER: _ClassVar[int]
    name: str
    year: int
    title: str
    announcement: str
    opens_at: _timestamp_pb2.Timestamp
    closes_at: _timestamp_pb2.Timestamp
    screening_criteria: _containers.RepeatedScalarFieldContainer[str]
    state: CollectionCycle.State
    proposal_count: int
    history: _containers.RepeatedCompositeFieldContainer[_audit_pb2.AuditEntry]
    negative_list: NegativeList
    def __init__(self, name: _Optional[str] = ..., year: _Optional[int] = ..., title: _Optional[str] = ..., announcement: _Optional[str] = ..., opens_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closes_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., screening_criteria: _Optional[_Iterable[str]] = ..., state: _Optional[_Union[CollectionCycle.State, str]] = ..., proposal_count: _Optional[int] = ..., history: _Optional[_Iterable[_Union[_audit_pb2.AuditEntry, _Mapping]]] = ..., negative_list: _Optional[_Union[NegativeList, _Mapping]] = ...) -> None: ...

class NegativeEntry(_message.Message):
    __slots__ = ("name", "keywords")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KEYWORDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    keywords: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., keywords: _Optional[_Iterable[str]] = ...) -> None: ...

class NegativeList(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[NegativeEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[NegativeEntry, _Mapping]]] = ...) -> None: ...

class NegativeMatch(_message.Message):
    __slots__ = ("entry", "keyword")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    KEYWORD_FIELD_NUMBER: _ClassVar[int]
    entry: str
    keyword: str
    def __init__(self, entry: _Optional[str] = ..., keyword: _Optional[str] = ...) -> None: ...

class OpenCollectionCycleRequest(_message.Message):
    __slots__ = ("parent", "year", "title", "announcement", "opens_at", "closes_at", "additional_criteria", "criteria", "negative_list")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    ANNOUNCEMENT_FIELD_NUMBER: _ClassVar[int]
    OPENS_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSES_AT_FIELD_NUMBER: _ClassVar[int]
    ADDITIONAL_CRITERIA_FIELD_NUMBER: _ClassVar[int]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_LIST_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    title: str
    announcement: str
    opens_at: _timestamp_pb2.Timestamp
    closes_at: _timestamp_pb2.Timestamp
    additional_criteria: _containers.RepeatedScalarFieldContainer[str]
    criteria: _containers.RepeatedScalarFieldContainer[str]
    negative_list: NegativeList
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ..., title: _Optional[str] = ..., announcement: _Optional[str] = ..., opens_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closes_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., additional_criteria: _Optional[_Iterable[str]] = ..., criteria: _Optional[_Iterable[str]] = ..., negative_list: _Optional[_Union[NegativeList, _Mapping]] = ...) -> None: ...

class CloseCollectionCycleRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetCollectionCycleRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class Proposer(_message.Message):
    __slots__ = ("name", "phone", "unit")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    name: str
    phone: str
    unit: str
    def __init__(self, name: _Optional[str] = ..., phone: _Optional[str] = ..., unit: _Optional[str] = ...) -> None: ...

class CriterionResult(_message.Message):
    __slots__ = ("criterion", "passed", "note")
    CRITERION_FIELD_NUMBER: _ClassVar[int]
    PASSED_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    criterion: str
    passed: bool
    note: str
    def __init__(self, criterion: _Optional[str] = ..., passed: _Optional[bool] = ..., note: _Optional[str] = ...) -> None: ...

class Screening(_message.Message):
    __slots__ = ("results", "outcome", "explanation", "screen_time", "negative_matches", "override_reason", "criteria")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    SCREEN_TIME_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_MATCHES_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_REASON_FIELD_NUMBER: _ClassVar[int]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[CriterionResult]
    outcome: ScreeningOutcome
    explanation: str
    screen_time: _timestamp_pb2.Timestamp
    negative_matches: _containers.RepeatedCompositeFieldContainer[NegativeMatch]
    override_reason: str
    criteria: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, results: _Optional[_Iterable[_Union[CriterionResult, _Mapping]]] = ..., outcome: _Optional[_Union[ScreeningOutcome, str]] = ..., explanation: _Optional[str] = ..., screen_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., negative_matches: _Optional[_Iterable[_Union[NegativeMatch, _Mapping]]] = ..., override_reason: _Optional[str] = ..., criteria: _Optional[_Iterable[str]] = ...) -> None: ...

class Answer(_message.Message):
    __slots__ = ("text", "answer_time")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    ANSWER_TIME_FIELD_NUMBER: _ClassVar[int]
    text: str
    answer_time: _timestamp_pb2.Timestamp
    def __init__(self, text: _Optional[str] = ..., answer_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Proposal(_message.Message):
    __slots__ = ("name", "title", "content", "location", "category", "estimated_cost_yuan", "completion_time_frame", "suggested_implementer", "channel", "entered_by_deputy", "proposer", "receipt_code", "year", "state", "merged_into", "supporter_count", "screening", "answer", "create_time", "history", "earlier")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Proposal.State]
        SUBMITTED: _ClassVar[Proposal.State]
        MERGED: _ClassVar[Proposal.State]
        SHORTLISTED: _ClassVar[Proposal.State]
        NOT_SHORTLISTED: _ClassVar[Proposal.State]
        RESERVE_POOL: _ClassVar[Proposal.State]
        ADOPTED: _ClassVar[Proposal.State]
        NOT_ADOPTED: _ClassVar[Proposal.State]
    STATE_UNSPECIFIED: Proposal.State
    SUBMITTED: Proposal.State
    MERGED: Proposal.State
    SHORTLISTED: Proposal.State
    NOT_SHORTLISTED: Proposal.State
    RESERVE_POOL: Proposal.State
    ADOPTED: Proposal.State
    NOT_ADOPTED: Proposal.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_COST_YUAN_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_TIME_FRAME_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_IMPLEMENTER_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    ENTERED_BY_DEPUTY_FIELD_NUMBER: _ClassVar[int]
    PROPOSER_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_CODE_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    SUPPORTER_COUNT_FIELD_NUMBER: _ClassVar[int]
    SCREENING_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    EARLIER_FIELD_NUMBER: _ClassVar[int]
    name: str
    title: str
    content: str
    location: str
    category: str
    estimated_cost_yuan: int
    completion_time_frame: str
    suggested_implementer: str
    channel: Channel
    entered_by_deputy: str
    proposer: Proposer
    receipt_code: str
    year: int
    state: Proposal.State
    merged_into: str
    supporter_count: int
    screening: Screening
    answer: Answer
    create_time: _timestamp_pb2.Timestamp
    history: _containers.RepeatedCompositeFieldContainer[_audit_pb2.AuditEntry]
    earlier: _containers.RepeatedCompositeFieldContainer[Round]
    def __init__(self, name: _Optional[str] = ..., title: _Optional[str] = ..., content: _Optional[str] = ..., location: _Optional[str] = ..., category: _Optional[str] = ..., estimated_cost_yuan: _Optional[int] = ..., completion_time_frame: _Optional[str] = ..., suggested_implementer: _Optional[str] = ..., channel: _Optional[_Union[Channel, str]] = ..., entered_by_deputy: _Optional[str] = ..., proposer: _Optional[_Union[Proposer, _Mapping]] = ..., receipt_code: _Optional[str] = ..., year: _Optional[int] = ..., state: _Optional[_Union[Proposal.State, str]] = ..., merged_into: _Optional[str] = ..., supporter_count: _Optional[int] = ..., screening: _Optional[_Union[Screening, _Mapping]] = ..., answer: _Optional[_Union[Answer, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., history: _Optional[_Iterable[_Union[_audit_pb2.AuditEntry, _Mapping]]] = ..., earlier: _Optional[_Iterable[_Union[Round, _Mapping]]] = ...) -> None: ...

class Round(_message.Message):
    __slots__ = ("year", "screening", "answer")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SCREENING_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    year: int
    screening: Screening
    answer: Answer
    def __init__(self, year: _Optional[int] = ..., screening: _Optional[_Union[Screening, _Mapping]] = ..., answer: _Optional[_Union[Answer, _Mapping]] = ...) -> None: ...

class SubmitProposalRequest(_message.Message):
    __slots__ = ("parent", "proposal", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    proposal: Proposal
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., proposal: _Optional[_Union[Proposal, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class BatchSubmitProposalsRequest(_message.Message):
    __slots__ = ("parent", "requests")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    parent: str
    requests: _containers.RepeatedCompositeFieldContainer[SubmitProposalRequest]
    def __init__(self, parent: _Optional[str] = ..., requests: _Optional[_Iterable[_Union[SubmitProposalRequest, _Mapping]]] = ...) -> None: ...

class BatchSubmitProposalsResponse(_message.Message):
    __slots__ = ("results",)
    class Result(_message.Message):
        __slots__ = ("proposal", "error")
        PROPOSAL_FIELD_NUMBER: _ClassVar[int]
        ERROR_FIELD_NUMBER: _ClassVar[int]
        proposal: Proposal
        error: _status_pb2.Status
        def __init__(self, proposal: _Optional[_Union[Proposal, _Mapping]] = ..., error: _Optional[_Union[_status_pb2.Status, _Mapping]] = ...) -> None: ...
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[BatchSubmitProposalsResponse.Result]
    def __init__(self, results: _Optional[_Iterable[_Union[BatchSubmitProposalsResponse.Result, _Mapping]]] = ...) -> None: ...

class GetProposalRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListProposalsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token", "state", "channel", "year", "awaiting_answer")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    AWAITING_ANSWER_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    state: Proposal.State
    channel: Channel
    year: int
    awaiting_answer: bool
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., state: _Optional[_Union[Proposal.State, str]] = ..., channel: _Optional[_Union[Channel, str]] = ..., year: _Optional[int] = ..., awaiting_answer: _Optional[bool] = ...) -> None: ...

class ListProposalsResponse(_message.Message):
    __slots__ = ("proposals", "next_page_token")
    PROPOSALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    proposals: _containers.RepeatedCompositeFieldContainer[Proposal]
    next_page_token: str
    def __init__(self, proposals: _Optional[_Iterable[_Union[Proposal, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class FollowProposalRequest(_message.Message):
    __slots__ = ("parent", "receipt_code")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_CODE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    receipt_code: str
    def __init__(self, parent: _Optional[str] = ..., receipt_code: _Optional[str] = ...) -> None: ...

class MergeProposalsRequest(_message.Message):
    __slots__ = ("name", "duplicates")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    name: str
    duplicates: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., duplicates: _Optional[_Iterable[str]] = ...) -> None: ...

class ScreenProposalRequest(_message.Message):
    __slots__ = ("name", "results", "outcome", "explanation", "collection_cycle", "negative_list_override")
    NAME_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_CYCLE_FIELD_NUMBER: _ClassVar[int]
    NEGATIVE_LIST_OVERRIDE_FIELD_NUMBER: _ClassVar[int]
    name: str
    results: _containers.RepeatedCompositeFieldContainer[CriterionResult]
    outcome: ScreeningOutcome
    explanation: str
    collection_cycle: str
    negative_list_override: str
    def __init__(self, name: _Optional[str] = ..., results: _Optional[_Iterable[_Union[CriterionResult, _Mapping]]] = ..., outcome: _Optional[_Union[ScreeningOutcome, str]] = ..., explanation: _Optional[str] = ..., collection_cycle: _Optional[str] = ..., negative_list_override: _Optional[str] = ...) -> None: ...

class CarryProposalRequest(_message.Message):
    __slots__ = ("name", "collection_cycle")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_CYCLE_FIELD_NUMBER: _ClassVar[int]
    name: str
    collection_cycle: str
    def __init__(self, name: _Optional[str] = ..., collection_cycle: _Optional[str] = ...) -> None: ...

class AnswerProposalRequest(_message.Message):
    __slots__ = ("name", "text")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    name: str
    text: str
    def __init__(self, name: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...
