"""A scrutineer's own tool: keeps the scrutineer's share of the poll key on their device and
uses it only to decrypt verified sums. The server never holds a decryption key.

    python -m services.ballotbox.trustee keygen  --ceremony CEREMONY.json --trustee ID --state STATE --public PUBLIC.json
    python -m services.ballotbox.trustee shares  --state STATE --publics PUBLIC.json... --out-dir DIR
    python -m services.ballotbox.trustee receive --state STATE --publics PUBLIC.json... --shares SHARE.json...
    python -m services.ballotbox.trustee decrypt --state STATE --board BOARD.json --ballots N --out PARTIAL.json

1. keygen: a polynomial of degree quorum-1 and an X25519 key for receiving shares; publishes
   the coefficients' commitments with proofs (PUBLIC.json) and prints its fingerprint.
2. shares: once every trustee's PUBLIC.json is in: checks them all, prints every fingerprint
   (the trustees read them aloud to each other), and writes one sealed share per other trustee.
3. receive: opens the shares sent to this trustee, checks each against its dealer's
   commitments, keeps the sum as this trustee's share of the joint key and forgets the
   polynomial. Prints the joint key's fingerprint, which every trustee and the server must agree on.
4. decrypt: at the close, verifies the board (the key, every ballot's proofs, that the sums are
   the sums of exactly these ballots, and that there are as many as the N deputies who voted)
   and only then writes its partial decryption of the sums.

STATE is this trustee's private file (created 0600; refused if others may read it). The
ceremony's JSON is {"id": ..., "trustees": [ids in order], "quorum": k}; the trustee's index
is its place in that list, from 1. Share files are {"ceremony", "from", "to", "sealed"}, the
share sealed to the recipient's X25519 key (PyNaCl sealed box)."""
import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox

from services.ballotbox.ceremony import Ceremony, KeyRecord, TrusteePublic, check_share
from services.ballotbox.group import G, Scalar, decode_bytes, decode_scalar, encode
from services.ballotbox.proofs import prove_knowledge
from services.ballotbox.tally import decrypt_sums
from services.ballotbox.verify import check_before_decryption


class CeremonyError(Exception):
    """Something this trustee must not go on with; the message says what and whose."""


@dataclass
class TrusteeState:
    ceremony: Ceremony
    index: int
    transport_key: bytes  # X25519 private key
    coefficients: list[Scalar] | None  # forgotten once the share is received
    record_hash: bytes | None = None
    share: Scalar | None = None

    def to_json(self) -> dict:
        return {"ceremony": self.ceremony.to_json(), "index": self.index, "transport_key": encode(self.transport_key),
                "coefficients": None if self.coefficients is None else [encode(a) for a in self.coefficients],
                "record_hash": None if self.record_hash is None else encode(self.record_hash),
                "share": None if self.share is None else encode(self.share)}

    @classmethod
    def from_json(cls, data: dict) -> "TrusteeState":
        def optional(name, decode):
            return None if data.get(name) is None else decode(data[name])
        return cls(Ceremony.from_json(data["ceremony"]), data["index"], decode_bytes(data["transport_key"], 32),
                   optional("coefficients", lambda xs: [decode_scalar(a) for a in xs]),
                   optional("record_hash", lambda h: decode_bytes(h, 64)), optional("share", decode_scalar))

    def save(self, path: Path) -> None:
        """Atomically, readable by its owner only."""
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".trustee-")  # mkstemp creates 0600
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self.to_json(), f)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> "TrusteeState":
        if path.stat().st_mode & 0o077:
            raise CeremonyError(f"{path} may be read by others; make it private (chmod 600) first")
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def keygen(ceremony: Ceremony, trustee: str) -> tuple[TrusteeState, TrusteePublic]:
    index = ceremony.index(trustee)
    coefficients = [Scalar.random() for _ in range(ceremony.quorum)]
    transport = PrivateKey.generate()
    state = TrusteeState(ceremony, index, bytes(transport), coefficients)
    unproven = TrusteePublic(index, tuple(a * G for a in coefficients), (), bytes(transport.public_key))
    proofs = tuple(prove_knowledge(a, k, unproven.bound(ceremony, j))
                   for j, (a, k) in enumerate(zip(coefficients, unproven.commitments)))
    return state, TrusteePublic(index, unproven.commitments, proofs, unproven.transport_key)


def _polynomial(coefficients: list[Scalar], x: int) -> Scalar:
    value = Scalar(0)
    for a in reversed(coefficients):
        value = value * Scalar(x) + a
    return value


def key_record(ceremony: Ceremony, publics: list[TrusteePublic]) -> KeyRecord:
    record = KeyRecord(ceremony, tuple(sorted(publics, key=lambda p: p.index)))
    problems = record.problems()
    if problems:
        raise CeremonyError("; ".join(problems))
    return record


def deal(state: TrusteeState, record: KeyRecord) -> list[dict]:
    """One sealed share for each other trustee; remembers which key record it dealt for."""
    if state.coefficients is None:
        raise CeremonyError("this trustee has already received its share; the ceremony is over")
    ceremony_hash = state.ceremony.hash()
    messages = []
    for public in record.trustees:
        if public.index == state.index:
            continue
        payload = json.dumps({"ceremony": encode(ceremony_hash), "from": state.index, "to": public.index,
                              "share": encode(_polynomial(state.coefficients, public.index))}).encode()
        sealed = SealedBox(PublicKey(public.transport_key)).encrypt(payload)
        messages.append({"ceremony": state.ceremony.ceremony_id, "from": state.index, "to": public.index,
                         "sealed": encode(sealed)})
    state.record_hash = record.hash()
    return messages


def _open(state: TrusteeState, message: dict) -> tuple[int, Scalar]:
    try:
        payload = json.loads(SealedBox(PrivateKey(state.transport_key)).decrypt(decode_bytes(message["sealed"])))
        dealer, share = payload["from"], decode_scalar(payload["share"])
    except (CryptoError, ValueError, KeyError, TypeError) as exc:
        raise CeremonyError(f"a share from {message.get('from')!r} cannot be opened: {exc}") from exc
    if payload["ceremony"] != encode(state.ceremony.hash()) or payload["to"] != state.index or dealer != message["from"]:
        raise CeremonyError(f"the share from {dealer!r} is for another ceremony or trustee")
    return dealer, share


def receive(state: TrusteeState, record: KeyRecord, messages: list[dict]) -> None:
    """Checks every dealer's share against its commitments and keeps their sum."""
    if state.record_hash != record.hash():
        raise CeremonyError("the key record differs from the one this trustee dealt shares for")
    received = dict(_open(state, m) for m in messages if m.get("to") == state.index)
    missing = {p.index for p in record.trustees} - {state.index} - set(received)
    if missing:
        raise CeremonyError(f"no share yet from trustees {sorted(missing)}")
    received[state.index] = _polynomial(state.coefficients, state.index)
    for public in record.trustees:
        if not check_share(received[public.index], public, state.index):
            raise CeremonyError(f"the share from trustee {public.index} does not match its commitments; "
                                f"it must deal again")
    share = Scalar(0)
    for value in received.values():
        share = share + value
    if share * G != record.public_share(state.index):
        raise CeremonyError("the combined share does not match the key record")
    state.share, state.coefficients = share, None


def decrypt(state: TrusteeState, board_json: dict, expected_ballots: int) -> dict:
    """This trustee's partial decryption of the sums of a board it has verified. The scrutineer
    gives the number of deputies who voted, as announced in the session: a board listing fewer
    ballots could be a request to decrypt a few ballots, or one."""
    if state.share is None:
        raise CeremonyError("this trustee has no share yet (run receive)")
    board, problems = check_before_decryption(board_json)
    if board is None or problems:
        raise CeremonyError("refusing to decrypt: " + "; ".join(problems))
    if len(board.ballots) != expected_ballots:
        raise CeremonyError(f"refusing to decrypt: the board lists {len(board.ballots)} ballots, "
                            f"not the {expected_ballots} announced")
    if board.record.hash() != state.record_hash:
        raise CeremonyError("refusing to decrypt: the board is for another key")
    return decrypt_sums(state.share, state.index, board)


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _record_of(state: TrusteeState, paths: list[Path]) -> KeyRecord:
    return key_record(state.ceremony, [TrusteePublic.from_json(_read(p)) for p in paths])


def _cmd_keygen(args) -> str:
    if args.state.exists():
        raise CeremonyError(f"{args.state} exists; a trustee's key is generated once")
    ceremony = Ceremony.from_json(_read(args.ceremony))
    state, public = keygen(ceremony, args.trustee)
    state.save(args.state)
    _write(args.public, public.to_json())
    return f"trustee {state.index} of {ceremony.ceremony_id}: fingerprint {public.fingerprint(ceremony)}"


def _cmd_shares(args) -> str:
    state = TrusteeState.load(args.state)
    record = _record_of(state, args.publics)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for message in deal(state, record):
        _write(args.out_dir / f"share-{message['from']}-to-{message['to']}.json", message)
    state.save(args.state)
    return "compare these fingerprints aloud:\n" + "\n".join(
        f"  trustee {p.index} ({state.ceremony.trustees[p.index - 1]}): {p.fingerprint(state.ceremony)}"
        for p in record.trustees)


def _cmd_receive(args) -> str:
    state = TrusteeState.load(args.state)
    record = _record_of(state, args.publics)
    receive(state, record, [_read(p) for p in args.shares])
    state.save(args.state)
    return f"share received; joint key fingerprint {record.fingerprint()}"


def _cmd_decrypt(args) -> str:
    state = TrusteeState.load(args.state)
    _write(args.out, decrypt(state, _read(args.board), args.ballots))
    return f"partial decryption by trustee {state.index} written to {args.out}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.ballotbox.trustee", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("keygen")
    p.add_argument("--ceremony", type=Path, required=True)
    p.add_argument("--trustee", required=True)
    p.add_argument("--public", type=Path, required=True)
    for name in ("shares", "receive", "decrypt"):
        commands.add_parser(name)
    for name, p in commands.choices.items():
        p.add_argument("--state", type=Path, required=True)
        if name in ("shares", "receive"):
            p.add_argument("--publics", type=Path, nargs="+", required=True)
    commands.choices["shares"].add_argument("--out-dir", type=Path, required=True)
    commands.choices["receive"].add_argument("--shares", type=Path, nargs="+", required=True)
    commands.choices["decrypt"].add_argument("--board", type=Path, required=True)
    commands.choices["decrypt"].add_argument("--out", type=Path, required=True)
    commands.choices["decrypt"].add_argument("--ballots", type=int, required=True,
                                             help="how many deputies voted, as announced in the session")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = {"keygen": _cmd_keygen, "shares": _cmd_shares, "receive": _cmd_receive, "decrypt": _cmd_decrypt}
    try:
        print(command[args.command](args))
    except (CeremonyError, OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
