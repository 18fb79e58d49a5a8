from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class SupervisionNoteCreated(_message.Message):
    __slots__ = ("note", "title")
    NOTE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    note: str
    title: str
    def __init__(self, note: _Optional[str] = ..., title: _Optional[str] = ...) -> None: ...
