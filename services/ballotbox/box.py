"""An encrypted poll's rules, the same for every service that holds secret ballots: voting's
polls and the evaluation service's satisfaction assessments. Pure: no I/O. The service
stores what a step returns (the box as JSON, each cast ballot, the board's text) and passes
in what it looked up (the voter's earlier receipt, whether a ballot id is taken).

    OPEN --close--> COUNTING --a quorum of partial decryptions--> COUNTED

- cast: `check` a ballot's proofs (CPU only: run it outside the transaction), then `cast` it:
  each ballot id once, one ballot per voter; a retry with the voter's request id returns the
  same receipt, another request of a voter who cast is ALREADY_VOTED. `cast` adds the
  ballot to the box's running sums (a service that keeps its box in one row); a service that
  stores only the ballots at cast sums them at the close instead (`sum_ballots`, about 2.4 ms
  of CPU a ballot of 20 candidates), which makes the sums those of the board's ballots by
  construction.
- close: the sums freeze and the bulletin board (`board`) lists every ballot and the sums.
- count: each scrutineer's partial decryption is checked (`accept_partial`); at the quorum
  `finish` combines them into the counts and completes the board.

The board's text is `document(board)` (compact JSON, sorted keys) and its hash `sha256`:
what a signed result and the events carry instead of the megabytes of the board itself."""
import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum

from services.ballotbox.ballot import EncryptedBallot, ciphertexts_of, parse, problem
from services.ballotbox.ceremony import KeyRecord
from services.ballotbox.elgamal import ZERO, Ciphertext
from services.ballotbox.group import encode
from services.ballotbox.poll import Manifest, context
from services.ballotbox.tally import FORMAT, Board, Grid, add_grids, counts_from, partial_problem


class BoxState(StrEnum):
    OPEN = "OPEN"
    COUNTING = "COUNTING"
    COUNTED = "COUNTED"


class Invalid(ValueError):
    """A ballot or a partial decryption that is malformed or whose proofs fail: the reason."""


class Refused(Exception):
    """A valid ballot or part the box cannot take now; `reason` for the caller's error."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Receipt:
    """What the voter gets back, and the service keeps with the voter to answer a retry."""
    request_id: str
    tracking_code: str
    tracking_hash: str

    def to_json(self) -> dict:
        return {"request_id": self.request_id, "tracking_code": self.tracking_code,
                "tracking_hash": self.tracking_hash}

    @classmethod
    def from_json(cls, data: dict) -> "Receipt":
        return cls(data["request_id"], data["tracking_code"], data["tracking_hash"])


@dataclass(frozen=True)
class CheckedBallot:
    """A ballot whose proofs verified: `entry` is how the board lists it (store it as is)."""
    ballot: EncryptedBallot
    ballot_id: str
    tracking_code: str
    tracking_hash: str
    entry: dict


def document(board: dict) -> str:
    """The board's published text: compact JSON with sorted keys."""
    return json.dumps(board, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Box:
    manifest: Manifest
    record: KeyRecord
    state: BoxState = BoxState.OPEN
    sums: Grid = field(default_factory=list)
    voters: int = 0
    # Trustee index -> its accepted partial decryption (JSON), in COUNTING and after.
    partials: dict[int, dict] = field(default_factory=dict)
    counts: list[list[int]] | None = None

    def __post_init__(self) -> None:
        form = self.manifest.form
        if not self.sums:
            self.sums = [[ZERO] * len(form.options) for _ in form.candidates]
        self.context = context(self.manifest, self.record.hash(), self.record.joint_key())

    @classmethod
    def open(cls, manifest: Manifest, record: KeyRecord) -> "Box":
        """A new box under a completed ceremony's key; ValueError if the record does not verify."""
        problems = record.problems()
        if problems:
            raise ValueError("; ".join(problems))
        return cls(manifest, record)

    @property
    def quorum(self) -> int:
        return self.record.ceremony.quorum

    # --- Casting -------------------------------------------------------------------------

    def check(self, data: dict) -> CheckedBallot:
        """A ballot's JSON, parsed and every proof verified; Invalid with the reason."""
        try:
            ballot = parse(data)
        except ValueError as exc:
            raise Invalid(str(exc)) from exc
        reason = problem(ballot, self.manifest.form, self.record.joint_key(), self.context)
        if reason:
            raise Invalid(reason)
        tracking_hash = ballot.tracking_hash(self.context).hex()
        code = ballot.tracking_code(self.context)
        entry = {"tracking_hash": tracking_hash, "tracking_code": code, **ballot.to_json()}
        return CheckedBallot(ballot, encode(ballot.ballot_id), code, tracking_hash, entry)

    def cast(self, checked: CheckedBallot, request_id: str, earlier: Receipt | None,
             ballot_id_taken: bool) -> tuple[Receipt, bool]:
        """The voter's receipt, and whether the ballot is new (then store it and the box)."""
        if earlier is not None:
            if request_id and earlier.request_id == request_id:
                return earlier, False
            raise Refused("this voter has already voted", "ALREADY_VOTED")
        if self.state is not BoxState.OPEN:
            raise Refused("voting has ended", "POLL_CLOSED")
        if ballot_id_taken:
            raise Refused("a ballot with this ballot id was cast already: encrypt the ballot again", "BALLOT_ID_USED")
        grid = checked.ballot.ciphertexts()
        self.sums = [[s + ct for s, ct in zip(row, cts)] for row, cts in zip(self.sums, grid)]
        self.voters += 1
        return Receipt(request_id, checked.tracking_code, checked.tracking_hash), True

    def sum_ballots(self, entries: list[dict]) -> None:
        """The sums and the number of voters from the stored entries (CheckedBallot.entry),
        in place of any running sums: what every verifier of the board recomputes. ValueError
        on an entry that is malformed or not of the form's shape (a damaged store)."""
        form = self.manifest.form
        grids = [ciphertexts_of(entry) for entry in entries]
        shape = [len(form.options)] * len(form.candidates)
        if any([len(row) for row in grid] != shape for grid in grids):
            raise ValueError("malformed ballot: it does not have the form's selections")
        self.sums = add_grids(form, grids)
        self.voters = len(grids)

    def sums_json(self) -> list:
        return [[ct.to_json() for ct in row] for row in self.sums]

    # --- The close and the count -----------------------------------------------------------

    def close(self) -> None:
        """Voting ends: the sums are frozen. Closing again changes nothing."""
        if self.state is BoxState.OPEN:
            self.state = BoxState.COUNTING

    def board(self, entries: list[dict]) -> dict:
        """The bulletin board from the stored entries (CheckedBallot.entry), in the order of
        their tracking hashes; with the counts once COUNTED."""
        if len(entries) != self.voters:
            raise ValueError(f"{self.voters} ballots were cast but {len(entries)} are stored")
        board = {"format": FORMAT, "manifest": self.manifest.to_json(), "key": self.record.to_json(),
                 "context": self.context.hex(), "ballots": sorted(entries, key=lambda e: e["tracking_hash"]),
                 "sums": self.sums_json()}
        if self.state is BoxState.COUNTED:
            board |= {"decryptions": [self.partials[i] for i in sorted(self.partials)], "counts": self.counts}
        return board

    def _parsed(self) -> Board:
        return Board(self.manifest, self.record, self.context, [], self.sums, self.voters)

    def accept_partial(self, data: dict) -> bool:
        """A trustee's partial decryption of the sums; True when it is the trustee's first."""
        if self.state is BoxState.OPEN:
            raise Refused("voting has not ended: nothing to decrypt yet", "POLL_OPEN")
        reason = partial_problem(data, self._parsed())
        if reason:
            raise Invalid(reason)
        if self.state is BoxState.COUNTED or data["index"] in self.partials:
            return False
        self.partials[data["index"]] = data
        return True

    def finish(self) -> bool:
        """At the quorum: the counts from the partial decryptions. True when this counted."""
        if self.state is not BoxState.COUNTING or len(self.partials) < self.quorum:
            return False
        self.counts = counts_from(self._parsed(), [self.partials[i] for i in sorted(self.partials)])
        self.state = BoxState.COUNTED
        return True

    def counts_by_option(self) -> dict[str, dict[str, int]]:
        """candidate -> option -> count, once COUNTED."""
        form = self.manifest.form
        return {c: dict(zip(form.options, row)) for c, row in zip(form.candidates, self.counts)}

    # --- Storage ------------------------------------------------------------------------

    def to_json(self) -> dict:
        return {"manifest": self.manifest.to_json(), "key": self.record.to_json(), "state": self.state.value,
                "sums": self.sums_json(), "voters": self.voters,
                "partials": [self.partials[i] for i in sorted(self.partials)], "counts": self.counts}

    @classmethod
    def from_json(cls, data: dict) -> "Box":
        """As stored by the service (its record verified when the box opened)."""
        return cls(Manifest.from_json(data["manifest"]), KeyRecord.from_json(data["key"]), BoxState(data["state"]),
                   [[Ciphertext.from_json(ct) for ct in row] for row in data["sums"]], data["voters"],
                   {p["index"]: p for p in data["partials"]}, data["counts"])
