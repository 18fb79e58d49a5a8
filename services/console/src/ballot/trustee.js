// The scrutineer's device side of the close, in the browser: checks the bulletin board and
// computes this trustee's partial decryption of its sums with the proofs of correct decryption,
// as services/ballotbox/trustee.py's decrypt and tally.py's decrypt_sums do. The share comes from
// the trustee's state file, read on this device, and never leaves it: only the parts and the
// proofs are sent. tests/console/test_ballot_js.py has the Python ballot box check what this makes.
import sodium from "libsodium-wrappers-sumo";
import {
  add, challenge, decode, encode, groups, IDENTITY, mul, mulBase, multiple, optionsOf, random, scalar, sMul, sSub, sub,
  tracking,
} from "./ballotbox.js";
import { jointKey, pollContext, publicShare, recordHash } from "./record.js";

export const FORMAT = "minsheng-ballotbox/1";
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const ciphertext = (json) => ({ alpha: decode(json.alpha), beta: decode(json.beta) });
const sumOf = (cts) => cts.reduce((t, ct) => ({ alpha: add(t.alpha, ct.alpha), beta: add(t.beta, ct.beta) }),
  { alpha: IDENTITY, beta: IDENTITY });

/** A trustee's state file (trustee.TrusteeState's JSON): its index, share and key record hash. */
export function parseState(data) {
  if (!data || !Number.isInteger(data.index) || !data.share || !data.record_hash) {
    throw new Error("not a scrutineer's state file with a share (run the key ceremony first)");
  }
  return { index: data.index, share: decode(data.share), recordHash: decode(data.record_hash), ceremony: data.ceremony };
}

function verifyRange(proof, ct, lo, hi, key, context, label) {
  if (proof.c.length !== hi - lo + 1 || proof.v.length !== hi - lo + 1) return false;
  const commitments = [];
  let total = scalar(0);
  proof.c.forEach((cText, i) => {
    const c = decode(cText);
    const v = decode(proof.v[i]);
    const j = lo + i;
    commitments.push(add(mulBase(v), mul(c, ct.alpha)), add(mul(v, key), mul(c, j ? sub(ct.beta, multiple(j)) : ct.beta)));
    total = sodium.crypto_core_ristretto255_scalar_add(total, c);
  });
  return equal(total, challenge("range", context, ...label, lo, hi, key, ct.alpha, ct.beta, ...commitments));
}

// ballot.problem: the form's shape, every selection a proven 0 or 1, every group's total in range.
function ballotProblem(entry, form, key, context) {
  const id = decode(entry.ballot_id);
  const options = optionsOf(form);
  if (entry.selections.length !== form.candidates.length || entry.selections.some((r) => r.length !== options.length)) {
    return "the ballot does not have the form's selections";
  }
  const cts = entry.selections.map((row) => row.map(ciphertext));
  for (const [c, row] of entry.selections.entries()) {
    for (const [o, s] of row.entries()) {
      if (!verifyRange(s.proof, cts[c][o], 0, 1, key, context, [id, "selection", c, o])) return "a selection is not a proven 0 or 1";
    }
  }
  const bad = groups(form).some((group, g) => !entry.totals[g] || !verifyRange(entry.totals[g],
    sumOf(group.cells.map(([c, o]) => cts[c][o])), group.lo, group.hi, key, context, [id, "total", g]));
  if (bad) return "a group of marks is outside what the form allows";
  const mine = tracking({ ballotId: id, selections: entry.selections.map((row, c) => row.map((s, o) => (
    { ct: cts[c][o], proof: { c: s.proof.c.map(decode), v: s.proof.v.map(decode) } }))),
  totals: entry.totals.map((p) => ({ c: p.c.map(decode), v: p.v.map(decode) })) }, context);
  return mine.hash === entry.tracking_hash && mine.code === entry.tracking_code ? null : "the tracking code is not the ballot's hash";
}

/** What is wrong with the board for this trustee to decrypt (trustee.decrypt's checks); [] when nothing. */
export function boardProblems(board, state, announced) {
  if (board.format !== FORMAT) return [`not a ${FORMAT} board`];
  if (!equal(recordHash(board.key), state.recordHash)) return ["the board is for another key than this scrutineer's"];
  const key = jointKey(board.key);
  const context = sodium.from_hex(board.context);
  if (!equal(context, pollContext(board.manifest, board.key))) return ["the context is not the hash of the poll and the key"];
  const problems = [];
  if (board.ballots.length !== announced) {
    problems.push(`the board lists ${board.ballots.length} ballots, not the ${announced} announced`);
  }
  const ids = new Set(board.ballots.map((b) => b.ballot_id));
  if (ids.size !== board.ballots.length) problems.push("a ballot id is listed twice");
  const hashes = board.ballots.map((b) => b.tracking_hash);
  if (hashes.join() !== [...hashes].sort().join()) problems.push("the ballots are not in the order of their tracking hashes");
  for (const entry of board.ballots) {
    const found = ballotProblem(entry, board.manifest.form, key, context);
    if (found) problems.push(`ballot ${entry.tracking_code}: ${found}`);
  }
  const options = optionsOf(board.manifest.form);
  board.manifest.form.candidates.forEach((_, c) => options.forEach((_o, o) => {
    const expected = sumOf(board.ballots.map((b) => ciphertext(b.selections[c][o])));
    const listed = board.sums[c]?.[o];
    if (!listed || !equal(decode(listed.alpha), expected.alpha) || !equal(decode(listed.beta), expected.beta)) {
      problems.push(`candidate ${board.manifest.form.candidates[c]}: a sum is not the sum of the listed ballots`);
    }
  }));
  return problems;
}

/** tally.decrypt_sums: this trustee's part of every sum, each with its Chaum-Pedersen proof. */
export function decryptSums(state, board) {
  const context = sodium.from_hex(board.context);
  const shareKey = publicShare(board.key, state.index);
  const parts = board.sums.map((row) => row.map((json) => {
    const ct = ciphertext(json);
    const part = mul(state.share, ct.alpha);
    const u = random();
    const c = challenge("decryption", context, state.index, shareKey, ct.alpha, ct.beta, part, mulBase(u), mul(u, ct.alpha));
    return { part: encode(part), proof: { c: encode(c), v: encode(sSub(u, sMul(c, state.share))) } };
  }));
  return { index: state.index, parts };
}
