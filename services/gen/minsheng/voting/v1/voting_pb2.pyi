from google.api import annotations_pb2 as _annotations_pb2
from minsheng.common.v1 import ballot_box_pb2 as _ballot_box_pb2
from minsheng.common.v1 import field_rules_pb2 as _field_rules_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BallotForm(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BALLOT_FORM_UNSPECIFIED: _ClassVar[BallotForm]
    FOR_AGAINST_ABSTAIN: _ClassVar[BallotForm]
    APPROVE_UP_TO_SEATS: _ClassVar[BallotForm]

class MajorityBase(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MAJORITY_BASE_UNSPECIFIED: _ClassVar[MajorityBase]
    SEATED: _ClassVar[MajorityBase]
    PRESENT: _ClassVar[MajorityBase]

class RunoffRule(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RUNOFF_RULE_UNSPECIFIED: _ClassVar[RunoffRule]
    MOST_VOTES: _ClassVar[RunoffRule]
    ABSOLUTE_MAJORITY: _ClassVar[RunoffRule]

class VotingMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VOTING_METHOD_UNSPECIFIED: _ClassVar[VotingMethod]
    ELECTRONIC: _ClassVar[VotingMethod]
    PAPER: _ClassVar[VotingMethod]
BALLOT_FORM_UNSPECIFIED: BallotForm
FOR_AGAINST_ABSTAIN: BallotForm
APPROVE_UP_TO_SEATS: BallotForm
MAJORITY_BASE_UNSPECIFIED: MajorityBase
SEATED: MajorityBase
PRESENT: MajorityBase
RUNOFF_RULE_UNSPECIFIED: RunoffRule
MOST_VOTES: RunoffRule
ABSOLUTE_MAJORITY: RunoffRule
VOTING_METHOD_UNSPECIFIED: VotingMethod
ELECTRONIC: VotingMethod
PAPER: VotingMethod

class Fraction(_message.Message):
    __slots__ = ("numerator", "denominator")
    NUMERATOR_FIELD_NUMBER: _ClassVar[int]
    DENOMINATOR_FIELD_NUMBER: _ClassVar[int]
    numerator: int
    denominator: int
    def __init__(self, numerator: _Optional[int] = ..., denominator: _Optional[int] = ...) -> None: ...

class VotingRules(_message.Message):
    __slots__ = ("name", "ballot_form", "quorum", "majority_base", "majority", "runoff_rule")
    NAME_FIELD_NUMBER: _ClassVar[int]
    BALLOT_FORM_FIELD_NUMBER: _ClassVar[int]
    QUORUM_FIELD_NUMBER: _ClassVar[int]
    MAJORITY_BASE_FIELD_NUMBER: _ClassVar[int]
    MAJORITY_FIELD_NUMBER: _ClassVar[int]
    RUNOFF_RULE_FIELD_NUMBER: _ClassVar[int]
    name: str
    ballot_form: BallotForm
    quorum: Fraction
    majority_base: MajorityBase
    majority: Fraction
    runoff_rule: RunoffRule
    def __init__(self, name: _Optional[str] = ..., ballot_form: _Optional[_Union[BallotForm, str]] = ..., quorum: _Optional[_Union[Fraction, _Mapping]] = ..., majority_base: _Optional[_Union[MajorityBase, str]] = ..., majority: _Optional[_Union[Fraction, _Mapping]] = ..., runoff_rule: _Optional[_Union[RunoffRule, str]] = ...) -> None: ...

class GetVotingRulesRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class UpdateVotingRulesRequest(_message.Message):
    __slots__ = ("voting_rules",)
    VOTING_RULES_FIELD_NUMBER: _ClassVar[int]
    voting_rules: VotingRules
    def __init__(self, voting_rules: _Optional[_Union[VotingRules, _Mapping]] = ...) -> None: ...

class Deputy(_message.Message):
    __slots__ = ("name", "display_name", "took_office", "left_office")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    TOOK_OFFICE_FIELD_NUMBER: _ClassVar[int]
    LEFT_OFFICE_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    took_office: str
    left_office: str
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., took_office: _Optional[str] = ..., left_office: _Optional[str] = ...) -> None: ...

class AddDeputyRequest(_message.Message):
    __slots__ = ("parent", "deputy_id", "deputy")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    DEPUTY_ID_FIELD_NUMBER: _ClassVar[int]
    DEPUTY_FIELD_NUMBER: _ClassVar[int]
    parent: str
    deputy_id: str
    deputy: Deputy
    def __init__(self, parent: _Optional[str] = ..., deputy_id: _Optional[str] = ..., deputy: _Optional[_Union[Deputy, _Mapping]] = ...) -> None: ...

class RecordDeputyLeavingRequest(_message.Message):
    __slots__ = ("name", "left_office")
    NAME_FIELD_NUMBER: _ClassVar[int]
    LEFT_OFFICE_FIELD_NUMBER: _ClassVar[int]
    name: str
    left_office: str
    def __init__(self, name: _Optional[str] = ..., left_office: _Optional[str] = ...) -> None: ...

class ListDeputiesRequest(_message.Message):
    __slots__ = ("parent", "in_office_on")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    IN_OFFICE_ON_FIELD_NUMBER: _ClassVar[int]
    parent: str
    in_office_on: str
    def __init__(self, parent: _Optional[str] = ..., in_office_on: _Optional[str] = ...) -> None: ...

class ListDeputiesResponse(_message.Message):
    __slots__ = ("deputies",)
    DEPUTIES_FIELD_NUMBER: _ClassVar[int]
    deputies: _containers.RepeatedCompositeFieldContainer[Deputy]
    def __init__(self, deputies: _Optional[_Iterable[_Union[Deputy, _Mapping]]] = ...) -> None: ...

class Candidate(_message.Message):
    __slots__ = ("candidate_id", "rank", "title", "budget_yuan", "responsible_unit", "completion_deadline", "proposal", "location", "funding_source", "description")
    CANDIDATE_ID_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BUDGET_YUAN_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    FUNDING_SOURCE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    candidate_id: str
    rank: int
    title: str
    budget_yuan: int
    responsible_unit: str
    completion_deadline: str
    proposal: str
    location: str
    funding_source: str
    description: str
    def __init__(self, candidate_id: _Optional[str] = ..., rank: _Optional[int] = ..., title: _Optional[str] = ..., budget_yuan: _Optional[int] = ..., responsible_unit: _Optional[str] = ..., completion_deadline: _Optional[str] = ..., proposal: _Optional[str] = ..., location: _Optional[str] = ..., funding_source: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class CandidateListDecision(_message.Message):
    __slots__ = ("state", "open_poll", "polls", "adopted", "unfilled_seats", "final_poll")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[CandidateListDecision.State]
        AWAITING_POLL: _ClassVar[CandidateListDecision.State]
        VOTING: _ClassVar[CandidateListDecision.State]
        RUNOFF_NEEDED: _ClassVar[CandidateListDecision.State]
        DECIDED: _ClassVar[CandidateListDecision.State]
    STATE_UNSPECIFIED: CandidateListDecision.State
    AWAITING_POLL: CandidateListDecision.State
    VOTING: CandidateListDecision.State
    RUNOFF_NEEDED: CandidateListDecision.State
    DECIDED: CandidateListDecision.State
    class PollRecord(_message.Message):
        __slots__ = ("poll", "outcome", "adopted", "tied", "runoff_seats", "unfilled_seats", "void_reason")
        POLL_FIELD_NUMBER: _ClassVar[int]
        OUTCOME_FIELD_NUMBER: _ClassVar[int]
        ADOPTED_FIELD_NUMBER: _ClassVar[int]
        TIED_FIELD_NUMBER: _ClassVar[int]
        RUNOFF_SEATS_FIELD_NUMBER: _ClassVar[int]
        UNFILLED_SEATS_FIELD_NUMBER: _ClassVar[int]
        VOID_REASON_FIELD_NUMBER: _ClassVar[int]
        poll: str
        outcome: PollResult.Outcome
        adopted: _containers.RepeatedScalarFieldContainer[str]
        tied: _containers.RepeatedScalarFieldContainer[str]
        runoff_seats: int
        unfilled_seats: int
        void_reason: str
        def __init__(self, poll: _Optional[str] = ..., outcome: _Optional[_Union[PollResult.Outcome, str]] = ..., adopted: _Optional[_Iterable[str]] = ..., tied: _Optional[_Iterable[str]] = ..., runoff_seats: _Optional[int] = ..., unfilled_seats: _Optional[int] = ..., void_reason: _Optional[str] = ...) -> None: ...
    STATE_FIELD_NUMBER: _ClassVar[int]
    OPEN_POLL_FIELD_NUMBER: _ClassVar[int]
    POLLS_FIELD_NUMBER: _ClassVar[int]
    ADOPTED_FIELD_NUMBER: _ClassVar[int]
    UNFILLED_SEATS_FIELD_NUMBER: _ClassVar[int]
    FINAL_POLL_FIELD_NUMBER: _ClassVar[int]
    state: CandidateListDecision.State
    open_poll: str
    polls: _containers.RepeatedCompositeFieldContainer[CandidateListDecision.PollRecord]
    adopted: _containers.RepeatedScalarFieldContainer[str]
    unfilled_seats: int
    final_poll: str
    def __init__(self, state: _Optional[_Union[CandidateListDecision.State, str]] = ..., open_poll: _Optional[str] = ..., polls: _Optional[_Iterable[_Union[CandidateListDecision.PollRecord, _Mapping]]] = ..., adopted: _Optional[_Iterable[str]] = ..., unfilled_seats: _Optional[int] = ..., final_poll: _Optional[str] = ...) -> None: ...

class CandidateList(_message.Message):
    __slots__ = ("name", "review", "year", "seats", "candidates", "approval_record", "decision")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SEATS_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_RECORD_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    name: str
    review: str
    year: int
    seats: int
    candidates: _containers.RepeatedCompositeFieldContainer[Candidate]
    approval_record: str
    decision: CandidateListDecision
    def __init__(self, name: _Optional[str] = ..., review: _Optional[str] = ..., year: _Optional[int] = ..., seats: _Optional[int] = ..., candidates: _Optional[_Iterable[_Union[Candidate, _Mapping]]] = ..., approval_record: _Optional[str] = ..., decision: _Optional[_Union[CandidateListDecision, _Mapping]] = ...) -> None: ...

class GetCandidateListRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListCandidateListsRequest(_message.Message):
    __slots__ = ("parent",)
    PARENT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    def __init__(self, parent: _Optional[str] = ...) -> None: ...

class ListCandidateListsResponse(_message.Message):
    __slots__ = ("candidate_lists",)
    CANDIDATE_LISTS_FIELD_NUMBER: _ClassVar[int]
    candidate_lists: _containers.RepeatedCompositeFieldContainer[CandidateList]
    def __init__(self, candidate_lists: _Optional[_Iterable[_Union[CandidateList, _Mapping]]] = ...) -> None: ...

class Session(_message.Message):
    __slots__ = ("name", "term", "title", "session_date", "chief_scrutineer", "scrutineers", "state", "seated_count", "present_count", "quorum_required", "quorum_met", "check_in_open")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Session.State]
        OPEN: _ClassVar[Session.State]
    STATE_UNSPECIFIED: Session.State
    OPEN: Session.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    TERM_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    SESSION_DATE_FIELD_NUMBER: _ClassVar[int]
    CHIEF_SCRUTINEER_FIELD_NUMBER: _ClassVar[int]
    SCRUTINEERS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SEATED_COUNT_FIELD_NUMBER: _ClassVar[int]
    PRESENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    QUORUM_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    QUORUM_MET_FIELD_NUMBER: _ClassVar[int]
    CHECK_IN_OPEN_FIELD_NUMBER: _ClassVar[int]
    name: str
    term: str
    title: str
    session_date: str
    chief_scrutineer: str
    scrutineers: _containers.RepeatedScalarFieldContainer[str]
    state: Session.State
    seated_count: int
    present_count: int
    quorum_required: int
    quorum_met: bool
    check_in_open: bool
    def __init__(self, name: _Optional[str] = ..., term: _Optional[str] = ..., title: _Optional[str] = ..., session_date: _Optional[str] = ..., chief_scrutineer: _Optional[str] = ..., scrutineers: _Optional[_Iterable[str]] = ..., state: _Optional[_Union[Session.State, str]] = ..., seated_count: _Optional[int] = ..., present_count: _Optional[int] = ..., quorum_required: _Optional[int] = ..., quorum_met: _Optional[bool] = ..., check_in_open: _Optional[bool] = ...) -> None: ...

class OpenSessionRequest(_message.Message):
    __slots__ = ("parent", "session", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    session: Session
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., session: _Optional[_Union[Session, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class KeyCeremony(_message.Message):
    __slots__ = ("name", "trustees", "quorum", "state", "published", "confirmed", "key_record", "fingerprint")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[KeyCeremony.State]
        AWAITING_KEYS: _ClassVar[KeyCeremony.State]
        DEALING: _ClassVar[KeyCeremony.State]
        COMPLETE: _ClassVar[KeyCeremony.State]
    STATE_UNSPECIFIED: KeyCeremony.State
    AWAITING_KEYS: KeyCeremony.State
    DEALING: KeyCeremony.State
    COMPLETE: KeyCeremony.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    TRUSTEES_FIELD_NUMBER: _ClassVar[int]
    QUORUM_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    KEY_RECORD_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    name: str
    trustees: _containers.RepeatedScalarFieldContainer[str]
    quorum: int
    state: KeyCeremony.State
    published: _containers.RepeatedScalarFieldContainer[str]
    confirmed: _containers.RepeatedScalarFieldContainer[str]
    key_record: str
    fingerprint: str
    def __init__(self, name: _Optional[str] = ..., trustees: _Optional[_Iterable[str]] = ..., quorum: _Optional[int] = ..., state: _Optional[_Union[KeyCeremony.State, str]] = ..., published: _Optional[_Iterable[str]] = ..., confirmed: _Optional[_Iterable[str]] = ..., key_record: _Optional[str] = ..., fingerprint: _Optional[str] = ...) -> None: ...

class GetKeyCeremonyRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class PublishTrusteeKeyRequest(_message.Message):
    __slots__ = ("name", "public_part")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_PART_FIELD_NUMBER: _ClassVar[int]
    name: str
    public_part: str
    def __init__(self, name: _Optional[str] = ..., public_part: _Optional[str] = ...) -> None: ...

class PostKeySharesRequest(_message.Message):
    __slots__ = ("name", "shares")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SHARES_FIELD_NUMBER: _ClassVar[int]
    name: str
    shares: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., shares: _Optional[_Iterable[str]] = ...) -> None: ...

class ListKeySharesRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListKeySharesResponse(_message.Message):
    __slots__ = ("shares",)
    SHARES_FIELD_NUMBER: _ClassVar[int]
    shares: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, shares: _Optional[_Iterable[str]] = ...) -> None: ...

class ConfirmTrusteeKeyRequest(_message.Message):
    __slots__ = ("name", "fingerprint")
    NAME_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    name: str
    fingerprint: str
    def __init__(self, name: _Optional[str] = ..., fingerprint: _Optional[str] = ...) -> None: ...

class GetSessionRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class CheckInDeputiesRequest(_message.Message):
    __slots__ = ("name", "deputies", "reason", "absent")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DEPUTIES_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ABSENT_FIELD_NUMBER: _ClassVar[int]
    name: str
    deputies: _containers.RepeatedScalarFieldContainer[str]
    reason: str
    absent: bool
    def __init__(self, name: _Optional[str] = ..., deputies: _Optional[_Iterable[str]] = ..., reason: _Optional[str] = ..., absent: _Optional[bool] = ...) -> None: ...

class PollCandidate(_message.Message):
    __slots__ = ("candidate_id", "rank", "title")
    CANDIDATE_ID_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    candidate_id: str
    rank: int
    title: str
    def __init__(self, candidate_id: _Optional[str] = ..., rank: _Optional[int] = ..., title: _Optional[str] = ...) -> None: ...

class PaperTally(_message.Message):
    __slots__ = ("ballots_issued", "ballots_returned", "invalid_ballots", "counts")
    class Count(_message.Message):
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
    BALLOTS_ISSUED_FIELD_NUMBER: _ClassVar[int]
    BALLOTS_RETURNED_FIELD_NUMBER: _ClassVar[int]
    INVALID_BALLOTS_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    ballots_issued: int
    ballots_returned: int
    invalid_ballots: int
    counts: _containers.RepeatedCompositeFieldContainer[PaperTally.Count]
    def __init__(self, ballots_issued: _Optional[int] = ..., ballots_returned: _Optional[int] = ..., invalid_ballots: _Optional[int] = ..., counts: _Optional[_Iterable[_Union[PaperTally.Count, _Mapping]]] = ...) -> None: ...

class Poll(_message.Message):
    __slots__ = ("name", "candidate_list", "title", "seats", "candidates", "method", "rules", "state", "runoff_of", "paper_tally", "confirmed_by", "deputies_voted", "ballot_manifest", "joint_key", "context")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Poll.State]
        OPEN: _ClassVar[Poll.State]
        CLOSED: _ClassVar[Poll.State]
        COUNTING: _ClassVar[Poll.State]
    STATE_UNSPECIFIED: Poll.State
    OPEN: Poll.State
    CLOSED: Poll.State
    COUNTING: Poll.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_LIST_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    SEATS_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    RUNOFF_OF_FIELD_NUMBER: _ClassVar[int]
    PAPER_TALLY_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_BY_FIELD_NUMBER: _ClassVar[int]
    DEPUTIES_VOTED_FIELD_NUMBER: _ClassVar[int]
    BALLOT_MANIFEST_FIELD_NUMBER: _ClassVar[int]
    JOINT_KEY_FIELD_NUMBER: _ClassVar[int]
    CONTEXT_FIELD_NUMBER: _ClassVar[int]
    name: str
    candidate_list: str
    title: str
    seats: int
    candidates: _containers.RepeatedCompositeFieldContainer[PollCandidate]
    method: VotingMethod
    rules: VotingRules
    state: Poll.State
    runoff_of: str
    paper_tally: PaperTally
    confirmed_by: _containers.RepeatedScalarFieldContainer[str]
    deputies_voted: int
    ballot_manifest: str
    joint_key: str
    context: str
    def __init__(self, name: _Optional[str] = ..., candidate_list: _Optional[str] = ..., title: _Optional[str] = ..., seats: _Optional[int] = ..., candidates: _Optional[_Iterable[_Union[PollCandidate, _Mapping]]] = ..., method: _Optional[_Union[VotingMethod, str]] = ..., rules: _Optional[_Union[VotingRules, _Mapping]] = ..., state: _Optional[_Union[Poll.State, str]] = ..., runoff_of: _Optional[str] = ..., paper_tally: _Optional[_Union[PaperTally, _Mapping]] = ..., confirmed_by: _Optional[_Iterable[str]] = ..., deputies_voted: _Optional[int] = ..., ballot_manifest: _Optional[str] = ..., joint_key: _Optional[str] = ..., context: _Optional[str] = ...) -> None: ...

class OpenPollRequest(_message.Message):
    __slots__ = ("parent", "poll", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    POLL_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    poll: Poll
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., poll: _Optional[_Union[Poll, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetPollRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class CastBallotRequest(_message.Message):
    __slots__ = ("poll", "ballot", "request_id")
    POLL_FIELD_NUMBER: _ClassVar[int]
    BALLOT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    poll: str
    ballot: _ballot_box_pb2.EncryptedBallot
    request_id: str
    def __init__(self, poll: _Optional[str] = ..., ballot: _Optional[_Union[_ballot_box_pb2.EncryptedBallot, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class RecordPaperTallyRequest(_message.Message):
    __slots__ = ("poll", "tally")
    POLL_FIELD_NUMBER: _ClassVar[int]
    TALLY_FIELD_NUMBER: _ClassVar[int]
    poll: str
    tally: PaperTally
    def __init__(self, poll: _Optional[str] = ..., tally: _Optional[_Union[PaperTally, _Mapping]] = ...) -> None: ...

class ConfirmPaperTallyRequest(_message.Message):
    __slots__ = ("poll",)
    POLL_FIELD_NUMBER: _ClassVar[int]
    poll: str
    def __init__(self, poll: _Optional[str] = ...) -> None: ...

class ClosePollRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetPollResultRequest(_message.Message):
    __slots__ = ("poll",)
    POLL_FIELD_NUMBER: _ClassVar[int]
    poll: str
    def __init__(self, poll: _Optional[str] = ...) -> None: ...

class PollResult(_message.Message):
    __slots__ = ("name", "outcome", "state", "announcement", "adopted", "tied", "runoff_seats", "document", "signature", "public_key", "unfilled_seats", "void_reason", "board_sha256")
    class Outcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        OUTCOME_UNSPECIFIED: _ClassVar[PollResult.Outcome]
        DECIDED: _ClassVar[PollResult.Outcome]
        TIE: _ClassVar[PollResult.Outcome]
        POLL_INVALID: _ClassVar[PollResult.Outcome]
        NO_VOTES: _ClassVar[PollResult.Outcome]
    OUTCOME_UNSPECIFIED: PollResult.Outcome
    DECIDED: PollResult.Outcome
    TIE: PollResult.Outcome
    POLL_INVALID: PollResult.Outcome
    NO_VOTES: PollResult.Outcome
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[PollResult.State]
        ANNOUNCED: _ClassVar[PollResult.State]
        FILED: _ClassVar[PollResult.State]
        COUNTING: _ClassVar[PollResult.State]
    STATE_UNSPECIFIED: PollResult.State
    ANNOUNCED: PollResult.State
    FILED: PollResult.State
    COUNTING: PollResult.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ANNOUNCEMENT_FIELD_NUMBER: _ClassVar[int]
    ADOPTED_FIELD_NUMBER: _ClassVar[int]
    TIED_FIELD_NUMBER: _ClassVar[int]
    RUNOFF_SEATS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    UNFILLED_SEATS_FIELD_NUMBER: _ClassVar[int]
    VOID_REASON_FIELD_NUMBER: _ClassVar[int]
    BOARD_SHA256_FIELD_NUMBER: _ClassVar[int]
    name: str
    outcome: PollResult.Outcome
    state: PollResult.State
    announcement: str
    adopted: _containers.RepeatedScalarFieldContainer[str]
    tied: _containers.RepeatedScalarFieldContainer[str]
    runoff_seats: int
    document: str
    signature: bytes
    public_key: bytes
    unfilled_seats: int
    void_reason: str
    board_sha256: str
    def __init__(self, name: _Optional[str] = ..., outcome: _Optional[_Union[PollResult.Outcome, str]] = ..., state: _Optional[_Union[PollResult.State, str]] = ..., announcement: _Optional[str] = ..., adopted: _Optional[_Iterable[str]] = ..., tied: _Optional[_Iterable[str]] = ..., runoff_seats: _Optional[int] = ..., document: _Optional[str] = ..., signature: _Optional[bytes] = ..., public_key: _Optional[bytes] = ..., unfilled_seats: _Optional[int] = ..., void_reason: _Optional[str] = ..., board_sha256: _Optional[str] = ...) -> None: ...

class FileResultRequest(_message.Message):
    __slots__ = ("poll",)
    POLL_FIELD_NUMBER: _ClassVar[int]
    poll: str
    def __init__(self, poll: _Optional[str] = ...) -> None: ...

class GetResultSigningKeyRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResultSigningKey(_message.Message):
    __slots__ = ("public_key", "algorithm")
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    public_key: bytes
    algorithm: str
    def __init__(self, public_key: _Optional[bytes] = ..., algorithm: _Optional[str] = ...) -> None: ...
