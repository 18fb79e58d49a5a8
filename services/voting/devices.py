"""What the deputies' and the scrutineers' own devices do, as library calls over a grpc.aio
stub of the voting service: the demo, the tests and the benchmarks act as those devices. A
deputy's device encrypts the ballot with the ballot box (the web console does the same with
libsodium.js); a scrutineer's device holds its share of the session's key and decrypts only
verified sums (the command-line tool, services.voting.trustee, takes the same steps).

Marks are written one character per candidate in the poll's order: "F" for, "A" against,
"-" abstain (or, on an approval ballot, not approved)."""
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from minsheng.common.v1 import ballot_box_pb2 as box_pb
from minsheng.voting.v1 import voting_pb2 as pb
from services.ballotbox import trustee
from services.ballotbox.ballot import encrypt_ballot
from services.ballotbox.ceremony import Ceremony, KeyRecord
from services.ballotbox.group import decode_point
from services.ballotbox.poll import ApprovalForm, Manifest

OPTIONS = {"F": "for", "A": "against", "-": "abstain"}

Metadata = Callable[[str], tuple]  # deputy id -> that deputy's call metadata (their own token)


def encrypt(poll: pb.Poll, marks: str) -> str:
    """The ballot's JSON, encrypted under the poll's joint key with its proofs."""
    manifest = Manifest.from_json(json.loads(poll.ballot_manifest))
    form = manifest.form
    if isinstance(form, ApprovalForm):
        grid = form.marks({c for c, m in zip(form.candidates, marks) if m == "F"})
    else:
        grid = form.marks({c: OPTIONS[m] for c, m in zip(form.candidates, marks)})
    ballot = encrypt_ballot(form, grid, decode_point(poll.joint_key), bytes.fromhex(poll.context))
    return json.dumps(ballot.to_json())


async def cast(stub, poll: pb.Poll, marks: str, metadata, request_id: str = "") -> box_pb.CastReceipt:
    return await stub.CastBallot(pb.CastBallotRequest(
        poll=poll.name, ballot=box_pb.EncryptedBallot(json=encrypt(poll, marks)),
        request_id=request_id or uuid.uuid4().hex), metadata=metadata)


@dataclass
class Scrutineers:
    """The session's trustees' devices: each one's private state (and file, if kept in a folder)."""
    session: str
    states: dict[str, trustee.TrusteeState] = field(default_factory=dict)
    folder: Path | None = None

    def save(self) -> None:
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            for deputy, state in self.states.items():
                state.save(self.folder / f"{deputy}.state")


async def hold_key_ceremony(stub, session: str, chief: str, metadata_of: Metadata,
                            folder: Path | None = None) -> Scrutineers:
    """Every trustee of the session, each with their own token: keygen, deal, receive, confirm."""
    name = session + "/keyCeremony"
    found = await stub.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=name), metadata=metadata_of(chief))
    ceremony = Ceremony(found.name, tuple(found.trustees), found.quorum)
    scrutineers = Scrutineers(session, folder=folder)
    for deputy in ceremony.trustees:
        state, public = trustee.keygen(ceremony, deputy)
        scrutineers.states[deputy] = state
        await stub.PublishTrusteeKey(pb.PublishTrusteeKeyRequest(name=name, public_part=json.dumps(public.to_json())),
                                     metadata=metadata_of(deputy))
    found = await stub.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=name), metadata=metadata_of(chief))
    record = KeyRecord.from_json(json.loads(found.key_record))
    for deputy, state in scrutineers.states.items():
        shares = trustee.deal(state, record)
        await stub.PostKeyShares(pb.PostKeySharesRequest(name=name, shares=[json.dumps(m) for m in shares]),
                                 metadata=metadata_of(deputy))
    for deputy, state in scrutineers.states.items():
        mine = await stub.ListKeyShares(pb.ListKeySharesRequest(name=name), metadata=metadata_of(deputy))
        trustee.receive(state, record, [json.loads(m) for m in mine.shares])
        await stub.ConfirmTrusteeKey(pb.ConfirmTrusteeKeyRequest(name=name, fingerprint=record.fingerprint()),
                                     metadata=metadata_of(deputy))
    scrutineers.save()
    return scrutineers


async def decrypt(stub, poll_name: str, scrutineers: Scrutineers, present: list[str],
                  metadata_of: Metadata) -> box_pb.DecryptionProgress:
    """The present scrutineers' devices at the count: each fetches and verifies the board, then
    submits its partial decryption. `present` in the order they arrive."""
    name = poll_name + "/bulletinBoard"
    progress = None
    for deputy in present:
        board = await stub.GetBulletinBoard(box_pb.GetBulletinBoardRequest(name=name), metadata=metadata_of(deputy))
        partial = trustee.decrypt(scrutineers.states[deputy], json.loads(board.document), board.voters)
        progress = await stub.SubmitPartialDecryption(box_pb.SubmitPartialDecryptionRequest(
            name=name, partial=box_pb.PartialDecryption(json=json.dumps(partial))), metadata=metadata_of(deputy))
    return progress
