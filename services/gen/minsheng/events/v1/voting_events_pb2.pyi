from minsheng.common.v1 import ballot_box_pb2 as _ballot_box_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SessionOpened(_message.Message):
    __slots__ = ("session", "term", "title", "session_date", "seated_count", "quorum_required")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    SESSION_DATE_FIELD_NUMBER: _ClassVar[int]
    SEATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    QUORUM_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    session: str
    term: str
    title: str
    session_date: str
    seated_count: int
    quorum_required: int
    def __init__(self, session: _Optional[str] = ..., term: _Optional[str] = ..., title: _Optional[str] = ..., session_date: _Optional[str] = ..., seated_count: _Optional[int] = ..., quorum_required: _Optional[int] = ...) -> None: ...

class AttendanceRecorded(_message.Message):
    __slots__ = ("session", "present_count", "seated_count", "quorum_met", "correction", "present_digests")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    PRESENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    SEATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    QUORUM_MET_FIELD_NUMBER: _ClassVar[int]
    CORRECTION_FIELD_NUMBER: _ClassVar[int]
    PRESENT_DIGESTS_FIELD_NUMBER: _ClassVar[int]
    session: str
    present_count: int
    seated_count: int
    quorum_met: bool
    correction: bool
    present_digests: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, session: _Optional[str] = ..., present_count: _Optional[int] = ..., seated_count: _Optional[int] = ..., quorum_met: _Optional[bool] = ..., correction: _Optional[bool] = ..., present_digests: _Optional[_Iterable[str]] = ...) -> None: ...

class PollOpened(_message.Message):
    __slots__ = ("poll", "candidate_list", "seats", "candidate_count", "method", "runoff_of")
    POLL_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_LIST_FIELD_NUMBER: _ClassVar[int]
    SEATS_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_COUNT_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    RUNOFF_OF_FIELD_NUMBER: _ClassVar[int]
    poll: str
    candidate_list: str
    seats: int
    candidate_count: int
    method: str
    runoff_of: str
    def __init__(self, poll: _Optional[str] = ..., candidate_list: _Optional[str] = ..., seats: _Optional[int] = ..., candidate_count: _Optional[int] = ..., method: _Optional[str] = ..., runoff_of: _Optional[str] = ...) -> None: ...

class BallotAccepted(_message.Message):
    __slots__ = ("poll",)
    POLL_FIELD_NUMBER: _ClassVar[int]
    poll: str
    def __init__(self, poll: _Optional[str] = ...) -> None: ...

class PollClosed(_message.Message):
    __slots__ = ("poll", "deputies_voted", "board_sha256")
    POLL_FIELD_NUMBER: _ClassVar[int]
    DEPUTIES_VOTED_FIELD_NUMBER: _ClassVar[int]
    BOARD_SHA256_FIELD_NUMBER: _ClassVar[int]
    poll: str
    deputies_voted: int
    board_sha256: str
    def __init__(self, poll: _Optional[str] = ..., deputies_voted: _Optional[int] = ..., board_sha256: _Optional[str] = ...) -> None: ...

class KeyCeremonyCompleted(_message.Message):
    __slots__ = ("session", "key")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    session: str
    key: _ballot_box_pb2.PublicKeyRecord
    def __init__(self, session: _Optional[str] = ..., key: _Optional[_Union[_ballot_box_pb2.PublicKeyRecord, _Mapping]] = ...) -> None: ...

class CandidateCount(_message.Message):
    __slots__ = ("candidate_id", "for_votes", "against_votes", "abstentions")
    CANDIDATE_ID_FIELD_NUMBER: _ClassVar[int]
    FOR_VOTES_FIELD_NUMBER: _ClassVar[int]
    AGAINST_VOTES_FIELD_NUMBER: _ClassVar[int]
    ABSTENTIONS_FIELD_NUMBER: _ClassVar[int]
    candidate_id: str
    for_votes: int
    against_votes: int
    abstentions: int
    def __init__(self, candidate_id: _Optional[str] = ..., for_votes: _Optional[int] = ..., against_votes: _Optional[int] = ..., abstentions: _Optional[int] = ...) -> None: ...

class ResultAnnounced(_message.Message):
    __slots__ = ("poll", "outcome", "adopted", "counts", "valid_ballots", "invalid_ballots", "announcement", "document", "signature", "public_key", "board_sha256")
    POLL_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    ADOPTED_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    VALID_BALLOTS_FIELD_NUMBER: _ClassVar[int]
    INVALID_BALLOTS_FIELD_NUMBER: _ClassVar[int]
    ANNOUNCEMENT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    BOARD_SHA256_FIELD_NUMBER: _ClassVar[int]
    poll: str
    outcome: str
    adopted: _containers.RepeatedScalarFieldContainer[str]
    counts: _containers.RepeatedCompositeFieldContainer[CandidateCount]
    valid_ballots: int
    invalid_ballots: int
    announcement: str
    document: str
    signature: bytes
    public_key: bytes
    board_sha256: str
    def __init__(self, poll: _Optional[str] = ..., outcome: _Optional[str] = ..., adopted: _Optional[_Iterable[str]] = ..., counts: _Optional[_Iterable[_Union[CandidateCount, _Mapping]]] = ..., valid_ballots: _Optional[int] = ..., invalid_ballots: _Optional[int] = ..., announcement: _Optional[str] = ..., document: _Optional[str] = ..., signature: _Optional[bytes] = ..., public_key: _Optional[bytes] = ..., board_sha256: _Optional[str] = ...) -> None: ...

class ResultFiled(_message.Message):
    __slots__ = ("poll", "candidate_list", "adopted", "document", "signature", "public_key", "chain")
    POLL_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_LIST_FIELD_NUMBER: _ClassVar[int]
    ADOPTED_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    CHAIN_FIELD_NUMBER: _ClassVar[int]
    poll: str
    candidate_list: str
    adopted: _containers.RepeatedScalarFieldContainer[str]
    document: str
    signature: bytes
    public_key: bytes
    chain: _containers.RepeatedCompositeFieldContainer[SignedResult]
    def __init__(self, poll: _Optional[str] = ..., candidate_list: _Optional[str] = ..., adopted: _Optional[_Iterable[str]] = ..., document: _Optional[str] = ..., signature: _Optional[bytes] = ..., public_key: _Optional[bytes] = ..., chain: _Optional[_Iterable[_Union[SignedResult, _Mapping]]] = ...) -> None: ...

class RunoffRequired(_message.Message):
    __slots__ = ("poll", "tied", "runoff_seats")
    POLL_FIELD_NUMBER: _ClassVar[int]
    TIED_FIELD_NUMBER: _ClassVar[int]
    RUNOFF_SEATS_FIELD_NUMBER: _ClassVar[int]
    poll: str
    tied: _containers.RepeatedScalarFieldContainer[str]
    runoff_seats: int
    def __init__(self, poll: _Optional[str] = ..., tied: _Optional[_Iterable[str]] = ..., runoff_seats: _Optional[int] = ...) -> None: ...

class AdoptedProject(_message.Message):
    __slots__ = ("candidate_id", "proposal", "rank", "adoption_rank", "title", "description", "location", "budget_yuan", "funding_source", "responsible_unit", "completion_deadline")
    CANDIDATE_ID_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    ADOPTION_RANK_FIELD_NUMBER: _ClassVar[int]
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
    adoption_rank: int
    title: str
    description: str
    location: str
    budget_yuan: int
    funding_source: str
    responsible_unit: str
    completion_deadline: str
    def __init__(self, candidate_id: _Optional[str] = ..., proposal: _Optional[str] = ..., rank: _Optional[int] = ..., adoption_rank: _Optional[int] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., location: _Optional[str] = ..., budget_yuan: _Optional[int] = ..., funding_source: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., completion_deadline: _Optional[str] = ...) -> None: ...

class SignedResult(_message.Message):
    __slots__ = ("poll", "document", "signature", "public_key")
    POLL_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    poll: str
    document: str
    signature: bytes
    public_key: bytes
    def __init__(self, poll: _Optional[str] = ..., document: _Optional[str] = ..., signature: _Optional[bytes] = ..., public_key: _Optional[bytes] = ...) -> None: ...

class ProjectsAdopted(_message.Message):
    __slots__ = ("candidate_list", "year", "seats", "adopted", "not_adopted", "unfilled_seats", "results")
    CANDIDATE_LIST_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SEATS_FIELD_NUMBER: _ClassVar[int]
    ADOPTED_FIELD_NUMBER: _ClassVar[int]
    NOT_ADOPTED_FIELD_NUMBER: _ClassVar[int]
    UNFILLED_SEATS_FIELD_NUMBER: _ClassVar[int]
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    candidate_list: str
    year: int
    seats: int
    adopted: _containers.RepeatedCompositeFieldContainer[AdoptedProject]
    not_adopted: _containers.RepeatedCompositeFieldContainer[AdoptedProject]
    unfilled_seats: int
    results: _containers.RepeatedCompositeFieldContainer[SignedResult]
    def __init__(self, candidate_list: _Optional[str] = ..., year: _Optional[int] = ..., seats: _Optional[int] = ..., adopted: _Optional[_Iterable[_Union[AdoptedProject, _Mapping]]] = ..., not_adopted: _Optional[_Iterable[_Union[AdoptedProject, _Mapping]]] = ..., unfilled_seats: _Optional[int] = ..., results: _Optional[_Iterable[_Union[SignedResult, _Mapping]]] = ...) -> None: ...
