from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EncryptedBallot(_message.Message):
    __slots__ = ("json",)
    JSON_FIELD_NUMBER: _ClassVar[int]
    json: str
    def __init__(self, json: _Optional[str] = ...) -> None: ...

class CastReceipt(_message.Message):
    __slots__ = ("tracking_code", "tracking_hash")
    TRACKING_CODE_FIELD_NUMBER: _ClassVar[int]
    TRACKING_HASH_FIELD_NUMBER: _ClassVar[int]
    tracking_code: str
    tracking_hash: str
    def __init__(self, tracking_code: _Optional[str] = ..., tracking_hash: _Optional[str] = ...) -> None: ...

class PartialDecryption(_message.Message):
    __slots__ = ("json",)
    JSON_FIELD_NUMBER: _ClassVar[int]
    json: str
    def __init__(self, json: _Optional[str] = ...) -> None: ...

class BulletinBoard(_message.Message):
    __slots__ = ("name", "document", "sha256", "stage", "voters")
    class Stage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STAGE_UNSPECIFIED: _ClassVar[BulletinBoard.Stage]
        COUNTING: _ClassVar[BulletinBoard.Stage]
        COUNTED: _ClassVar[BulletinBoard.Stage]
    STAGE_UNSPECIFIED: BulletinBoard.Stage
    COUNTING: BulletinBoard.Stage
    COUNTED: BulletinBoard.Stage
    NAME_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    VOTERS_FIELD_NUMBER: _ClassVar[int]
    name: str
    document: str
    sha256: str
    stage: BulletinBoard.Stage
    voters: int
    def __init__(self, name: _Optional[str] = ..., document: _Optional[str] = ..., sha256: _Optional[str] = ..., stage: _Optional[_Union[BulletinBoard.Stage, str]] = ..., voters: _Optional[int] = ...) -> None: ...

class GetBulletinBoardRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class SubmitPartialDecryptionRequest(_message.Message):
    __slots__ = ("name", "partial")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARTIAL_FIELD_NUMBER: _ClassVar[int]
    name: str
    partial: PartialDecryption
    def __init__(self, name: _Optional[str] = ..., partial: _Optional[_Union[PartialDecryption, _Mapping]] = ...) -> None: ...

class DecryptionProgress(_message.Message):
    __slots__ = ("name", "trustees", "quorum", "counted")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TRUSTEES_FIELD_NUMBER: _ClassVar[int]
    QUORUM_FIELD_NUMBER: _ClassVar[int]
    COUNTED_FIELD_NUMBER: _ClassVar[int]
    name: str
    trustees: _containers.RepeatedScalarFieldContainer[int]
    quorum: int
    counted: bool
    def __init__(self, name: _Optional[str] = ..., trustees: _Optional[_Iterable[int]] = ..., quorum: _Optional[int] = ..., counted: _Optional[bool] = ...) -> None: ...

class PublicKeyRecord(_message.Message):
    __slots__ = ("ceremony", "key_record", "joint_key", "fingerprint", "trustees", "quorum", "public_shares")
    CEREMONY_FIELD_NUMBER: _ClassVar[int]
    KEY_RECORD_FIELD_NUMBER: _ClassVar[int]
    JOINT_KEY_FIELD_NUMBER: _ClassVar[int]
    FINGERPRINT_FIELD_NUMBER: _ClassVar[int]
    TRUSTEES_FIELD_NUMBER: _ClassVar[int]
    QUORUM_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_SHARES_FIELD_NUMBER: _ClassVar[int]
    ceremony: str
    key_record: str
    joint_key: str
    fingerprint: str
    trustees: _containers.RepeatedScalarFieldContainer[str]
    quorum: int
    public_shares: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ceremony: _Optional[str] = ..., key_record: _Optional[str] = ..., joint_key: _Optional[str] = ..., fingerprint: _Optional[str] = ..., trustees: _Optional[_Iterable[str]] = ..., quorum: _Optional[int] = ..., public_shares: _Optional[_Iterable[str]] = ...) -> None: ...
