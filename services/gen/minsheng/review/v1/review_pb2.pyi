import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from minsheng.common.v1 import audit_pb2 as _audit_pb2
from minsheng.common.v1 import field_rules_pb2 as _field_rules_pb2
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

class Review(_message.Message):
    __slots__ = ("name", "year", "title", "competitive_list_rule", "state", "work_group", "ranking", "presidium_decision", "candidate_list", "history")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Review.State]
        OPEN: _ClassVar[Review.State]
        RECOMMENDATIONS_PROPOSED: _ClassVar[Review.State]
        PRESIDIUM_DECIDED: _ClassVar[Review.State]
        APPROVED: _ClassVar[Review.State]
    STATE_UNSPECIFIED: Review.State
    OPEN: Review.State
    RECOMMENDATIONS_PROPOSED: Review.State
    PRESIDIUM_DECIDED: Review.State
    APPROVED: Review.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    COMPETITIVE_LIST_RULE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    WORK_GROUP_FIELD_NUMBER: _ClassVar[int]
    RANKING_FIELD_NUMBER: _ClassVar[int]
    PRESIDIUM_DECISION_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_LIST_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    name: str
    year: int
    title: str
    competitive_list_rule: CompetitiveListRule
    state: Review.State
    work_group: _containers.RepeatedCompositeFieldContainer[WorkGroupMember]
    ranking: _containers.RepeatedCompositeFieldContainer[RankedItem]
    presidium_decision: PresidiumDecision
    candidate_list: CandidateList
    history: _containers.RepeatedCompositeFieldContainer[_audit_pb2.AuditEntry]
    def __init__(self, name: _Optional[str] = ..., year: _Optional[int] = ..., title: _Optional[str] = ..., competitive_list_rule: _Optional[_Union[CompetitiveListRule, _Mapping]] = ..., state: _Optional[_Union[Review.State, str]] = ..., work_group: _Optional[_Iterable[_Union[WorkGroupMember, _Mapping]]] = ..., ranking: _Optional[_Iterable[_Union[RankedItem, _Mapping]]] = ..., presidium_decision: _Optional[_Union[PresidiumDecision, _Mapping]] = ..., candidate_list: _Optional[_Union[CandidateList, _Mapping]] = ..., history: _Optional[_Iterable[_Union[_audit_pb2.AuditEntry, _Mapping]]] = ...) -> None: ...

class CompetitiveListRule(_message.Message):
    __slots__ = ("min_margin_percent", "allow_equal_list")
    MIN_MARGIN_PERCENT_FIELD_NUMBER: _ClassVar[int]
    ALLOW_EQUAL_LIST_FIELD_NUMBER: _ClassVar[int]
    min_margin_percent: int
    allow_equal_list: bool
    def __init__(self, min_margin_percent: _Optional[int] = ..., allow_equal_list: _Optional[bool] = ...) -> None: ...

class WorkGroupMember(_message.Message):
    __slots__ = ("member_id", "name", "role", "expertise", "account")
    class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        ROLE_UNSPECIFIED: _ClassVar[WorkGroupMember.Role]
        DEPUTY: _ClassVar[WorkGroupMember.Role]
        SECTOR_EXPERT: _ClassVar[WorkGroupMember.Role]
    ROLE_UNSPECIFIED: WorkGroupMember.Role
    DEPUTY: WorkGroupMember.Role
    SECTOR_EXPERT: WorkGroupMember.Role
    MEMBER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    EXPERTISE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    member_id: str
    name: str
    role: WorkGroupMember.Role
    expertise: str
    account: str
    def __init__(self, member_id: _Optional[str] = ..., name: _Optional[str] = ..., role: _Optional[_Union[WorkGroupMember.Role, str]] = ..., expertise: _Optional[str] = ..., account: _Optional[str] = ...) -> None: ...

class RankedItem(_message.Message):
    __slots__ = ("item", "title", "rank", "explanation")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    item: str
    title: str
    rank: int
    explanation: str
    def __init__(self, item: _Optional[str] = ..., title: _Optional[str] = ..., rank: _Optional[int] = ..., explanation: _Optional[str] = ...) -> None: ...

class PresidiumDecision(_message.Message):
    __slots__ = ("record", "removals", "additions", "decide_time")
    class Change(_message.Message):
        __slots__ = ("item", "reason")
        ITEM_FIELD_NUMBER: _ClassVar[int]
        REASON_FIELD_NUMBER: _ClassVar[int]
        item: str
        reason: str
        def __init__(self, item: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...
    RECORD_FIELD_NUMBER: _ClassVar[int]
    REMOVALS_FIELD_NUMBER: _ClassVar[int]
    ADDITIONS_FIELD_NUMBER: _ClassVar[int]
    DECIDE_TIME_FIELD_NUMBER: _ClassVar[int]
    record: str
    removals: _containers.RepeatedCompositeFieldContainer[PresidiumDecision.Change]
    additions: _containers.RepeatedCompositeFieldContainer[PresidiumDecision.Change]
    decide_time: _timestamp_pb2.Timestamp
    def __init__(self, record: _Optional[str] = ..., removals: _Optional[_Iterable[_Union[PresidiumDecision.Change, _Mapping]]] = ..., additions: _Optional[_Iterable[_Union[PresidiumDecision.Change, _Mapping]]] = ..., decide_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Candidate(_message.Message):
    __slots__ = ("candidate_id", "proposal", "rank", "project")
    CANDIDATE_ID_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    candidate_id: str
    proposal: str
    rank: int
    project: RecommendedProject
    def __init__(self, candidate_id: _Optional[str] = ..., proposal: _Optional[str] = ..., rank: _Optional[int] = ..., project: _Optional[_Union[RecommendedProject, _Mapping]] = ...) -> None: ...

class CandidateList(_message.Message):
    __slots__ = ("seats", "candidates", "approval_record", "approve_time")
    SEATS_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_RECORD_FIELD_NUMBER: _ClassVar[int]
    APPROVE_TIME_FIELD_NUMBER: _ClassVar[int]
    seats: int
    candidates: _containers.RepeatedCompositeFieldContainer[Candidate]
    approval_record: str
    approve_time: _timestamp_pb2.Timestamp
    def __init__(self, seats: _Optional[int] = ..., candidates: _Optional[_Iterable[_Union[Candidate, _Mapping]]] = ..., approval_record: _Optional[str] = ..., approve_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecommendedProject(_message.Message):
    __slots__ = ("title", "description", "location", "budget_yuan", "funding_source", "responsible_unit", "completion_deadline")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    BUDGET_YUAN_FIELD_NUMBER: _ClassVar[int]
    FUNDING_SOURCE_FIELD_NUMBER: _ClassVar[int]
    RESPONSIBLE_UNIT_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_DEADLINE_FIELD_NUMBER: _ClassVar[int]
    title: str
    description: str
    location: str
    budget_yuan: int
    funding_source: str
    responsible_unit: str
    completion_deadline: str
    def __init__(self, title: _Optional[str] = ..., description: _Optional[str] = ..., location: _Optional[str] = ..., budget_yuan: _Optional[int] = ..., funding_source: _Optional[str] = ..., responsible_unit: _Optional[str] = ..., completion_deadline: _Optional[str] = ...) -> None: ...

class FeasibilityActivity(_message.Message):
    __slots__ = ("kind", "date", "participants", "findings")
    class Kind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        KIND_UNSPECIFIED: _ClassVar[FeasibilityActivity.Kind]
        SITE_INSPECTION: _ClassVar[FeasibilityActivity.Kind]
        DOCUMENT_REVIEW: _ClassVar[FeasibilityActivity.Kind]
        FORUM: _ClassVar[FeasibilityActivity.Kind]
    KIND_UNSPECIFIED: FeasibilityActivity.Kind
    SITE_INSPECTION: FeasibilityActivity.Kind
    DOCUMENT_REVIEW: FeasibilityActivity.Kind
    FORUM: FeasibilityActivity.Kind
    KIND_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    kind: FeasibilityActivity.Kind
    date: str
    participants: _containers.RepeatedScalarFieldContainer[str]
    findings: str
    def __init__(self, kind: _Optional[_Union[FeasibilityActivity.Kind, str]] = ..., date: _Optional[str] = ..., participants: _Optional[_Iterable[str]] = ..., findings: _Optional[str] = ...) -> None: ...

class Score(_message.Message):
    __slots__ = ("score", "note")
    SCORE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    score: int
    note: str
    def __init__(self, score: _Optional[int] = ..., note: _Optional[str] = ...) -> None: ...

class Assessment(_message.Message):
    __slots__ = ("urgency", "maturity", "benefit", "cost", "completable_within_year", "legality", "safety_environment", "estimated_cost_yuan", "funding_secured_yuan", "land_secured", "design_ready", "recommendation", "reason", "project", "assessed_by", "assess_time", "total_score")
    URGENCY_FIELD_NUMBER: _ClassVar[int]
    MATURITY_FIELD_NUMBER: _ClassVar[int]
    BENEFIT_FIELD_NUMBER: _ClassVar[int]
    COST_FIELD_NUMBER: _ClassVar[int]
    COMPLETABLE_WITHIN_YEAR_FIELD_NUMBER: _ClassVar[int]
    LEGALITY_FIELD_NUMBER: _ClassVar[int]
    SAFETY_ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_COST_YUAN_FIELD_NUMBER: _ClassVar[int]
    FUNDING_SECURED_YUAN_FIELD_NUMBER: _ClassVar[int]
    LAND_SECURED_FIELD_NUMBER: _ClassVar[int]
    DESIGN_READY_FIELD_NUMBER: _ClassVar[int]
    RECOMMENDATION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    ASSESSED_BY_FIELD_NUMBER: _ClassVar[int]
    ASSESS_TIME_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SCORE_FIELD_NUMBER: _ClassVar[int]
    urgency: Score
    maturity: Score
    benefit: Score
    cost: Score
    completable_within_year: Score
    legality: Score
    safety_environment: Score
    estimated_cost_yuan: int
    funding_secured_yuan: int
    land_secured: bool
    design_ready: bool
    recommendation: Recommendation
    reason: str
    project: RecommendedProject
    assessed_by: str
    assess_time: _timestamp_pb2.Timestamp
    total_score: int
    def __init__(self, urgency: _Optional[_Union[Score, _Mapping]] = ..., maturity: _Optional[_Union[Score, _Mapping]] = ..., benefit: _Optional[_Union[Score, _Mapping]] = ..., cost: _Optional[_Union[Score, _Mapping]] = ..., completable_within_year: _Optional[_Union[Score, _Mapping]] = ..., legality: _Optional[_Union[Score, _Mapping]] = ..., safety_environment: _Optional[_Union[Score, _Mapping]] = ..., estimated_cost_yuan: _Optional[int] = ..., funding_secured_yuan: _Optional[int] = ..., land_secured: _Optional[bool] = ..., design_ready: _Optional[bool] = ..., recommendation: _Optional[_Union[Recommendation, str]] = ..., reason: _Optional[str] = ..., project: _Optional[_Union[RecommendedProject, _Mapping]] = ..., assessed_by: _Optional[str] = ..., assess_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., total_score: _Optional[int] = ...) -> None: ...

class ReviewItem(_message.Message):
    __slots__ = ("name", "proposal", "year", "title", "content", "location", "category", "estimated_cost_yuan", "completion_time_frame", "suggested_implementer", "supporter_count", "assessors", "activities", "assessment", "rank", "rank_explanation", "history")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_COST_YUAN_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_TIME_FRAME_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_IMPLEMENTER_FIELD_NUMBER: _ClassVar[int]
    SUPPORTER_COUNT_FIELD_NUMBER: _ClassVar[int]
    ASSESSORS_FIELD_NUMBER: _ClassVar[int]
    ACTIVITIES_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    RANK_EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    name: str
    proposal: str
    year: int
    title: str
    content: str
    location: str
    category: str
    estimated_cost_yuan: int
    completion_time_frame: str
    suggested_implementer: str
    supporter_count: int
    assessors: _containers.RepeatedScalarFieldContainer[str]
    activities: _containers.RepeatedCompositeFieldContainer[FeasibilityActivity]
    assessment: Assessment
    rank: int
    rank_explanation: str
    history: _containers.RepeatedCompositeFieldContainer[_audit_pb2.AuditEntry]
    def __init__(self, name: _Optional[str] = ..., proposal: _Optional[str] = ..., year: _Optional[int] = ..., title: _Optional[str] = ..., content: _Optional[str] = ..., location: _Optional[str] = ..., category: _Optional[str] = ..., estimated_cost_yuan: _Optional[int] = ..., completion_time_frame: _Optional[str] = ..., suggested_implementer: _Optional[str] = ..., supporter_count: _Optional[int] = ..., assessors: _Optional[_Iterable[str]] = ..., activities: _Optional[_Iterable[_Union[FeasibilityActivity, _Mapping]]] = ..., assessment: _Optional[_Union[Assessment, _Mapping]] = ..., rank: _Optional[int] = ..., rank_explanation: _Optional[str] = ..., history: _Optional[_Iterable[_Union[_audit_pb2.AuditEntry, _Mapping]]] = ...) -> None: ...

class OpenReviewRequest(_message.Message):
    __slots__ = ("parent", "year", "title", "competitive_list_rule")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    COMPETITIVE_LIST_RULE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    year: int
    title: str
    competitive_list_rule: CompetitiveListRule
    def __init__(self, parent: _Optional[str] = ..., year: _Optional[int] = ..., title: _Optional[str] = ..., competitive_list_rule: _Optional[_Union[CompetitiveListRule, _Mapping]] = ...) -> None: ...

class GetReviewRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class FormWorkGroupRequest(_message.Message):
    __slots__ = ("name", "members")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    name: str
    members: _containers.RepeatedCompositeFieldContainer[WorkGroupMember]
    def __init__(self, name: _Optional[str] = ..., members: _Optional[_Iterable[_Union[WorkGroupMember, _Mapping]]] = ...) -> None: ...

class GetReviewItemRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListReviewItemsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListReviewItemsResponse(_message.Message):
    __slots__ = ("items", "next_page_token")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ReviewItem]
    next_page_token: str
    def __init__(self, items: _Optional[_Iterable[_Union[ReviewItem, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AssignAssessorsRequest(_message.Message):
    __slots__ = ("name", "member_ids")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MEMBER_IDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    member_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., member_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class RecordFeasibilityActivityRequest(_message.Message):
    __slots__ = ("name", "activity")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    name: str
    activity: FeasibilityActivity
    def __init__(self, name: _Optional[str] = ..., activity: _Optional[_Union[FeasibilityActivity, _Mapping]] = ...) -> None: ...

class RecordAssessmentRequest(_message.Message):
    __slots__ = ("name", "assessment")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    name: str
    assessment: Assessment
    def __init__(self, name: _Optional[str] = ..., assessment: _Optional[_Union[Assessment, _Mapping]] = ...) -> None: ...

class MoveReviewItemRequest(_message.Message):
    __slots__ = ("name", "position", "reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    position: int
    reason: str
    def __init__(self, name: _Optional[str] = ..., position: _Optional[int] = ..., reason: _Optional[str] = ...) -> None: ...

class ProposeRecommendationsRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class RecordPresidiumDecisionRequest(_message.Message):
    __slots__ = ("name", "record", "removals", "additions")
    NAME_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    REMOVALS_FIELD_NUMBER: _ClassVar[int]
    ADDITIONS_FIELD_NUMBER: _ClassVar[int]
    name: str
    record: str
    removals: _containers.RepeatedCompositeFieldContainer[PresidiumDecision.Change]
    additions: _containers.RepeatedCompositeFieldContainer[PresidiumDecision.Change]
    def __init__(self, name: _Optional[str] = ..., record: _Optional[str] = ..., removals: _Optional[_Iterable[_Union[PresidiumDecision.Change, _Mapping]]] = ..., additions: _Optional[_Iterable[_Union[PresidiumDecision.Change, _Mapping]]] = ...) -> None: ...

class ApproveCandidateListRequest(_message.Message):
    __slots__ = ("name", "approval_record", "seats")
    NAME_FIELD_NUMBER: _ClassVar[int]
    APPROVAL_RECORD_FIELD_NUMBER: _ClassVar[int]
    SEATS_FIELD_NUMBER: _ClassVar[int]
    name: str
    approval_record: str
    seats: int
    def __init__(self, name: _Optional[str] = ..., approval_record: _Optional[str] = ..., seats: _Optional[int] = ...) -> None: ...
