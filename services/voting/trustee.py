"""A scrutineer's tool for the session's key ceremony, run on their own device: the ballot
box's trustee (services.ballotbox.trustee) talking to the voting service over gRPC instead of
passing files. Its private state (STATE, created 0600) never leaves the device.

    export MINSHENG_DEPUTY_TOKEN=...   # the scrutineer's own deputy token (never on the command line)
    python -m services.voting.trustee keygen  --server HOST:PORT --session towns/T/sessions/S --deputy ID --state STATE
    python -m services.voting.trustee shares  --server HOST:PORT --session towns/T/sessions/S --state STATE
    python -m services.voting.trustee receive --server HOST:PORT --session towns/T/sessions/S --state STATE

1. keygen: publishes this trustee's commitments with proofs; prints its fingerprint.
2. shares: once every trustee published: prints every trustee's fingerprint (read them aloud
   to each other: it shows the published keys are theirs) and posts one sealed share for each
   other trustee.
3. receive: once every trustee dealt: fetches the shares addressed to this trustee, checks
   them against their dealers' commitments, keeps their sum and confirms the joint key's
   fingerprint, which it prints (every scrutineer must see the same)."""
import argparse
import json
import os
import sys
from pathlib import Path

import grpc

from minsheng.voting.v1 import voting_pb2 as pb
from minsheng.voting.v1 import voting_pb2_grpc
from services.ballotbox import trustee
from services.ballotbox.ceremony import Ceremony, KeyRecord

TOKEN_ENV = "MINSHENG_DEPUTY_TOKEN"


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.voting.trustee", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("keygen", "shares", "receive"):
        p = commands.add_parser(name)
        p.add_argument("--server", required=True, help="the voting service, HOST:PORT")
        p.add_argument("--session", required=True, help="towns/TOWN/sessions/SESSION")
        p.add_argument("--state", type=Path, required=True, help="this trustee's private file")
    commands.choices["keygen"].add_argument("--deputy", required=True, help="this scrutineer's deputy id")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        print(f"error: set {TOKEN_ENV} to your deputy token", file=sys.stderr)
        return 2
    command = {"keygen": _keygen, "shares": _shares, "receive": _receive}[args.command]
    try:
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
