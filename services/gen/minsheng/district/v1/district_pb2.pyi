import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

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
