"""A scrutineer's tool for the session's key ceremony, run on their own device: the ballot
box's trustee (services.ballotbox.trustee) talking to the voting service over gRPC instead of
passing files. Its private state (STATE, created 0600) never leaves the device.

    export MINSHENG_DEPUTY_TOKEN=...   # the scrutineer's own deputy token (never on the command line)
    python -m services.voting.trustee keygen  --server HOST:PORT --session towns/T/sessions/S --deputy ID --state STATE
    python -m services.voting.trustee shares  --server HOST:PORT --session towns/T/sessions/S --state STATE
    python -m services.voting.trustee receive --server HOST:PORT --session towns/T/sessions/S --state STATE
    python -m services.voting.trustee decrypt --server HOST:PORT --board NAME/bulletinBoard --ballots N --state STATE [--service voting|evaluation]

1. keygen: publishes this trustee's commitments with proofs; prints its fingerprint.
2. shares: once every trustee published: prints every trustee's fingerprint (read them aloud
   to each other: it shows the published keys are theirs) and posts one sealed share for each
   other trustee.
3. receive: once every trustee dealt: fetches the shares addressed to this trustee, checks
   them against their dealers' commitments, keeps their sum and confirms the joint key's
   fingerprint, which it prints (every scrutineer must see the same).
4. decrypt: at the close of a poll (voting) or a satisfaction assessment (evaluation) under
   this key: fetches the bulletin board, verifies it (every ballot's proofs, that the sums are
   theirs, and that it lists exactly the N deputies who voted, as announced in the session)
   and only then submits this trustee's partial decryption of the sums with its proofs. The
   service is the one the board's name belongs to (polls are voting's), or --service. Both
   serve the shared RPCs of minsheng.common.v1 (ballot_box.proto)."""
import argparse
import json
import os
import sys
from pathlib import Path

import grpc

from minsheng.common.v1 import ballot_box_pb2 as box_pb
from minsheng.voting.v1 import voting_pb2 as pb
from minsheng.voting.v1 import voting_pb2_grpc
from services.ballotbox import trustee
from services.ballotbox.ceremony import Ceremony, KeyRecord

TOKEN_ENV = "MINSHENG_DEPUTY_TOKEN"
# The services whose boards a scrutineer decrypts, by their gRPC service name.
SERVICES = {"voting": "minsheng.voting.v1.VotingService", "evaluation": "minsheng.evaluation.v1.EvaluationService"}
# A board of a large poll is megabytes (about 23 kB per ballot of 20 candidates).
MAX_BOARD_BYTES = 256 * 1024 * 1024


def service_of(board_name: str, chosen: str | None) -> str:
    """The --service given, else voting for a poll's board and evaluation for any other."""
    if chosen:
        return chosen
    return "voting" if "/polls/" in board_name else "evaluation"


class BoardServer:
    """A service's two RPCs for scrutineers at the count, with the shared messages."""

    def __init__(self, target: str, service: str, token: str):
        channel = grpc.insecure_channel(target, options=[("grpc.max_receive_message_length", MAX_BOARD_BYTES)])
        path = "/" + SERVICES[service] + "/"
        self.get_board = channel.unary_unary(path + "GetBulletinBoard",
                                             request_serializer=box_pb.GetBulletinBoardRequest.SerializeToString,
                                             response_deserializer=box_pb.BulletinBoard.FromString)
        self.submit = channel.unary_unary(path + "SubmitPartialDecryption",
                                          request_serializer=box_pb.SubmitPartialDecryptionRequest.SerializeToString,
                                          response_deserializer=box_pb.DecryptionProgress.FromString)
        self.metadata = (("authorization", "Bearer " + token),)


def decrypt_board(server: BoardServer, name: str, state: trustee.TrusteeState, ballots: int) -> box_pb.DecryptionProgress:
    board = server.get_board(box_pb.GetBulletinBoardRequest(name=name), metadata=server.metadata)
    if board.stage != box_pb.BulletinBoard.COUNTING:
        raise trustee.CeremonyError(f"{name} is not being counted")
    partial = trustee.decrypt(state, json.loads(board.document), ballots)
    return server.submit(box_pb.SubmitPartialDecryptionRequest(
        name=name, partial=box_pb.PartialDecryption(json=json.dumps(partial))), metadata=server.metadata)


class Server:
    def __init__(self, target: str, session: str, token: str):
        self.stub = voting_pb2_grpc.VotingServiceStub(grpc.insecure_channel(target))
        self.name = session + "/keyCeremony"
        self.metadata = (("authorization", "Bearer " + token),)

    def ceremony(self) -> pb.KeyCeremony:
        return self.stub.GetKeyCeremony(pb.GetKeyCeremonyRequest(name=self.name), metadata=self.metadata)

    def record(self) -> KeyRecord:
        found = self.ceremony()
        if not found.key_record:
            raise trustee.CeremonyError(f"not every trustee has published yet ({', '.join(found.published)} have)")
        return KeyRecord.from_json(json.loads(found.key_record))


def _keygen(server: Server, args) -> str:
    if args.state.exists():
        raise trustee.CeremonyError(f"{args.state} exists; a trustee's key is generated once")
    found = server.ceremony()
    ceremony = Ceremony(found.name, tuple(found.trustees), found.quorum)
    state, public = trustee.keygen(ceremony, args.deputy)
    state.save(args.state)
    server.stub.PublishTrusteeKey(pb.PublishTrusteeKeyRequest(name=server.name, public_part=json.dumps(
        public.to_json())), metadata=server.metadata)
    return (f"trustee {state.index} of {ceremony.ceremony_id} ({len(ceremony.trustees)} trustees, quorum "
            f"{ceremony.quorum}): fingerprint {public.fingerprint(ceremony)}")


def _shares(server: Server, args) -> str:
    state = trustee.TrusteeState.load(args.state)
    record = trustee.key_record(state.ceremony, list(server.record().trustees))
    shares = trustee.deal(state, record)
    state.save(args.state)
    server.stub.PostKeyShares(pb.PostKeySharesRequest(name=server.name, shares=[json.dumps(m) for m in shares]),
                              metadata=server.metadata)
    return "shares posted; compare these fingerprints aloud:\n" + "\n".join(
        f"  trustee {p.index} ({state.ceremony.trustees[p.index - 1]}): {p.fingerprint(state.ceremony)}"
        for p in record.trustees)


def _receive(server: Server, args) -> str:
    state = trustee.TrusteeState.load(args.state)
    record = server.record()
    mine = server.stub.ListKeyShares(pb.ListKeySharesRequest(name=server.name), metadata=server.metadata)
    trustee.receive(state, record, [json.loads(m) for m in mine.shares])
    state.save(args.state)
    server.stub.ConfirmTrusteeKey(pb.ConfirmTrusteeKeyRequest(name=server.name, fingerprint=record.fingerprint()),
                                  metadata=server.metadata)
    return f"share received and confirmed; joint key fingerprint {record.fingerprint()}"


def _decrypt(args, token: str) -> str:
    state = trustee.TrusteeState.load(args.state)
    progress = decrypt_board(BoardServer(args.server, service_of(args.board, args.service), token), args.board,
                             state, args.ballots)
    done = "the counts are decrypted" if progress.counted else f"{len(progress.trustees)} of the quorum of {progress.quorum}"
    return f"partial decryption of trustee {state.index} accepted: {done}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.voting.trustee", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("keygen", "shares", "receive", "decrypt"):
        p = commands.add_parser(name)
        p.add_argument("--server", required=True, help="the voting (or evaluation) service, HOST:PORT")
        p.add_argument("--state", type=Path, required=True, help="this trustee's private file")
        if name != "decrypt":
            p.add_argument("--session", required=True, help="towns/TOWN/sessions/SESSION")
    commands.choices["keygen"].add_argument("--deputy", required=True, help="this scrutineer's deputy id")
    decrypt = commands.choices["decrypt"]
    decrypt.add_argument("--board", required=True, help="the poll's or assessment's name, then /bulletinBoard")
    decrypt.add_argument("--ballots", type=int, required=True, help="how many deputies voted, as announced")
    decrypt.add_argument("--service", choices=sorted(SERVICES), help="default: voting for a poll's board")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        print(f"error: set {TOKEN_ENV} to your deputy token", file=sys.stderr)
        return 2
    try:
        if args.command == "decrypt":
            print(_decrypt(args, token))
        else:
            command = {"keygen": _keygen, "shares": _shares, "receive": _receive}[args.command]
            print(command(Server(args.server, args.session, token), args))
    except grpc.RpcError as exc:
        print(f"error: the server refused: {exc.details()}", file=sys.stderr)
        return 1
    except (trustee.CeremonyError, OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
