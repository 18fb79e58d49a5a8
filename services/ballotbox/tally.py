"""The homomorphic tally and the bulletin board.

At the close the server adds the encrypted ballots selection by selection (`sums`), publishes
the board without counts (`bulletin_board`), each present trustee decrypts the sums with its
share (`decrypt_sums`, run by the trustee's own tool), and the server combines a quorum
of verified parts into the counts (`finish`). Individual ballots are never decrypted.

The board (JSON, every group element and scalar in base64url, see group.py):

    {"format": "minsheng-ballotbox/1",
     "manifest": {"poll": ..., "form": {...}},
     "key": {"ceremony": {"id", "trustees", "quorum"}, "trustees": [public parts], "joint_key"},
     "context": hex of the context hash,
     "ballots": [{"tracking_hash", "tracking_code", "ballot_id", "selections", "totals"}, ...],
     "sums": [[{"alpha", "beta"} per option] per candidate],
     "decryptions": [{"index", "parts": [[{"part", "proof"}]]}, ...],     after the close
     "counts": [[count per option] per candidate]}                        after the close

Ballots are listed in the order of their tracking hashes: the order says nothing about who
cast which ballot, or when."""
from dataclasses import dataclass

from services.ballotbox.ballot import EncryptedBallot, parse
from services.ballotbox.ceremony import KeyRecord
from services.ballotbox.elgamal import Ciphertext, add_all, combine, discrete_log, partial_decryption
from services.ballotbox.group import InvalidEncoding, Point, Scalar, decode_point, encode
from services.ballotbox.poll import Form, Manifest, context
from services.ballotbox.proofs import Proof, prove_decryption, verify_decryption

FORMAT = "minsheng-ballotbox/1"

Grid = list[list[Ciphertext]]


def sums(form: Form, ballots: list[EncryptedBallot]) -> Grid:
    """Per candidate and option, the encryption of how many ballots chose it."""
    return add_grids(form, [b.ciphertexts() for b in ballots])


def add_grids(form: Form, grids: list[Grid]) -> Grid:
    """The ballots' ciphertexts ([candidate][option] each) added cell by cell."""
    return [[add_all(g[c][o] for g in grids) for o in range(len(form.options))]
            for c in range(len(form.candidates))]


def bulletin_board(manifest: Manifest, record: KeyRecord, ballots: list[EncryptedBallot]) -> dict:
    """The board the trustees decrypt from: everything but the decryptions and counts."""
    ctx = context(manifest, record.hash(), record.joint_key())
    entries = [{"tracking_hash": b.tracking_hash(ctx).hex(), "tracking_code": b.tracking_code(ctx), **b.to_json()}
               for b in ballots]
    entries.sort(key=lambda e: e["tracking_hash"])
    return {"format": FORMAT, "manifest": manifest.to_json(), "key": record.to_json(), "context": ctx.hex(),
            "ballots": entries, "sums": [[ct.to_json() for ct in row] for row in sums(manifest.form, ballots)]}


@dataclass
class Board:
    """A board parsed: every field decoded and validated as an encoding, nothing verified yet."""
    manifest: Manifest
    record: KeyRecord
    context: bytes
    ballots: list[EncryptedBallot]
    sums: Grid
    ballot_count: int

    @classmethod
    def parse(cls, data: dict, with_ballots: bool = True) -> "Board":
        """ValueError naming what is malformed. Without ballots (the server combining the
        trustees' parts needs only the sums) `ballots` stays empty."""
        try:
            if data["format"] != FORMAT:
                raise ValueError(f"not a {FORMAT} document")
            return cls(Manifest.from_json(data["manifest"]), KeyRecord.from_json(data["key"]),
                       bytes.fromhex(data["context"]), [parse(b) for b in data["ballots"]] if with_ballots else [],
                       [[Ciphertext.from_json(ct) for ct in row] for row in data["sums"]], len(data["ballots"]))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            detail = exc if isinstance(exc, ValueError) else f"missing or wrong field {exc}"
            raise ValueError(f"malformed board: {detail}") from exc

    def expected_context(self) -> bytes:
        return context(self.manifest, self.record.hash(), self.record.joint_key())


def decrypt_sums(share: Scalar, index: int, board: Board) -> dict:
    """A trustee's part of every sum, each with its proof of correct decryption."""
    public_share = board.record.public_share(index)
    rows = []
    for row in board.sums:
        cells = []
        for ct in row:
            part = partial_decryption(ct, share)
            proof = prove_decryption(share, public_share, ct, part, board.context, index)
            cells.append({"part": encode(part), "proof": proof.to_json()})
        rows.append(cells)
    return {"index": index, "parts": rows}


def partial_problem(partial: dict, board: Board) -> str | None:
    """None when the partial decryption is a trustee's and every proof verifies."""
    try:
        index = partial["index"]
        if not isinstance(index, int) or not 1 <= index <= len(board.record.trustees):
            return f"partial decryption by an unknown trustee {index!r}"
        parts = [[(decode_point(c["part"]), Proof.from_json(c["proof"])) for c in row] for row in partial["parts"]]
    except (InvalidEncoding, KeyError, TypeError) as exc:
        return f"malformed partial decryption: {exc!r}"
    if [len(r) for r in parts] != [len(r) for r in board.sums]:
        return f"trustee {index}: the partial decryption does not match the sums"
    public_share = board.record.public_share(index)
    for row, parts_row in zip(board.sums, parts):
        for ct, (part, proof) in zip(row, parts_row):
            if not verify_decryption(proof, public_share, ct, part, board.context, index):
                return f"trustee {index}: a proof of correct decryption does not verify"
    return None


def parts_of(partial: dict) -> list[list[Point]]:
    return [[decode_point(c["part"]) for c in row] for row in partial["parts"]]


def counts_from(board: Board, partials: list[dict]) -> list[list[int]]:
    """Combines verified partial decryptions of a quorum (or more) of trustees."""
    grids = {p["index"]: parts_of(p) for p in partials}
    return [[discrete_log(combine(ct, {i: g[c][o] for i, g in grids.items()}), board.ballot_count)
             for o, ct in enumerate(row)] for c, row in enumerate(board.sums)]


class NotEnoughTrustees(Exception):
    """Fewer valid partial decryptions than the quorum; the message lists what was wrong."""


def finish(board_json: dict, partials: list[dict]) -> dict:
    """The server at the close: keeps the verified partial decryptions (one per trustee),
    combines them and returns the complete board with the counts."""
    board = Board.parse(board_json, with_ballots=False)
    kept: dict[int, dict] = {}
    problems = []
    for partial in partials:
        found = partial_problem(partial, board)
        if found:
            problems.append(found)
        else:
            kept.setdefault(partial["index"], partial)
    quorum = board.record.ceremony.quorum
    if len(kept) < quorum:
        raise NotEnoughTrustees(f"{len(kept)} valid partial decryptions, the quorum is {quorum}: " + "; ".join(problems))
    used = [kept[i] for i in sorted(kept)]
    return {**board_json, "decryptions": used, "counts": counts_from(board, used)}
