from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class FilingAccepted(_message.Message):
    __slots__ = ("filing", "poll", "year")
    FILING_FIELD_NUMBER: _ClassVar[int]
    POLL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    filing: str
    poll: str
    year: int
    def __init__(self, filing: _Optional[str] = ..., poll: _Optional[str] = ..., year: _Optional[int] = ...) -> None: ...

class FilingRefused(_message.Message):
    __slots__ = ("filing", "poll", "year", "problems")
    FILING_FIELD_NUMBER: _ClassVar[int]
    POLL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    filing: str
    poll: str
    year: int
    problems: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, filing: _Optional[str] = ..., poll: _Optional[str] = ..., year: _Optional[int] = ..., problems: _Optional[_Iterable[str]] = ...) -> None: ...
