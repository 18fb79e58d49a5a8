import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from minsheng.common.v1 import audit_pb2 as _audit_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Note(_message.Message):
    __slots__ = ("name", "title", "text", "create_time", "history")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    name: str
    title: str
    text: str
    create_time: _timestamp_pb2.Timestamp
    history: _containers.RepeatedCompositeFieldContainer[_audit_pb2.AuditEntry]
    def __init__(self, name: _Optional[str] = ..., title: _Optional[str] = ..., text: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., history: _Optional[_Iterable[_Union[_audit_pb2.AuditEntry, _Mapping]]] = ...) -> None: ...

class CreateNoteRequest(_message.Message):
    __slots__ = ("parent", "note", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    note: Note
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., note: _Optional[_Union[Note, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class GetNoteRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...
