// The voter's device side of services/ballotbox, in the browser: the same ristretto255 group
// (libsodium.js), hash-to-scalar, exponential ElGamal, range proofs, ballot JSON and tracking
// code, byte for byte. services/ballotbox/ballot.py's encrypt_ballot is the reference; the
// Python ballot box checks what this makes (tests/console/test_ballot_js.py).
import sodium from "libsodium-wrappers-sumo";

export const ready = sodium.ready;
const DOMAIN = "minsheng-ballotbox-v1";
export const IDENTITY = new Uint8Array(32);
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const BALLOT_ID_BYTES = 16;

const utf8 = (text) => new TextEncoder().encode(text);
const isZero = (bytes) => bytes.every((b) => b === 0);
export const encode = (bytes) => sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING);
export const decode = (text) => sodium.from_base64(text, sodium.base64_variants.URLSAFE_NO_PADDING);

// A public small integer as a scalar: 32 bytes little-endian.
export function scalar(value) {
  const out = new Uint8Array(32);
  let v = BigInt(value);
  for (let i = 0; v > 0n; i += 1, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

export const add = (p, q) => sodium.crypto_core_ristretto255_add(p, q);
export const sub = (p, q) => sodium.crypto_core_ristretto255_sub(p, q);
const sAdd = (a, b) => sodium.crypto_core_ristretto255_scalar_add(a, b);
export const sSub = (a, b) => sodium.crypto_core_ristretto255_scalar_sub(a, b);
export const sMul = (a, b) => sodium.crypto_core_ristretto255_scalar_mul(a, b);
export const random = () => sodium.crypto_core_ristretto255_scalar_random();

// scalar * point, scalar * G: libsodium refuses an identity result, the group has one.
export function mul(s, point) {
  return isZero(s) || isZero(point) ? IDENTITY : sodium.crypto_scalarmult_ristretto255(s, point);
}
export function mulBase(s) {
  return isZero(s) ? IDENTITY : sodium.crypto_scalarmult_ristretto255_base(s);
}
export const multiple = (count) => mulBase(scalar(count));
let generator;
const G = () => (generator ||= mulBase(scalar(1)));

function part(value) {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string") return utf8(value);
  if (Number.isInteger(value) && value >= 0) {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigUint64(0, BigInt(value));
    return out;
  }
  throw new TypeError(`cannot hash ${value}`);
}

// SHA-512 of the domain, the tag and the parts, each prefixed by its length (4 bytes big-endian).
export function digest(tag, ...parts) {
  const items = [utf8(DOMAIN), utf8(tag), ...parts.map(part)];
  const out = new Uint8Array(items.reduce((n, x) => n + 4 + x.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const item of items) {
    view.setUint32(at, item.length);
    out.set(item, at + 4);
    at += 4 + item.length;
  }
  return sodium.crypto_hash_sha512(out);
}
export const challenge = (tag, ...parts) => sodium.crypto_core_ristretto255_scalar_reduce(digest(tag, ...parts));

function encrypt(count, key, nonce) {
  const beta = mul(nonce, key);
  return { alpha: mulBase(nonce), beta: count ? add(beta, multiple(count)) : beta };
}

const pair = (v, c, base1, public1, base2, public2) => [add(mul(v, base1), mul(c, public1)), add(mul(v, base2), mul(c, public2))];

// The disjunctive Chaum-Pedersen proof that ct encrypts `value` in lo..hi (proofs.prove_range).
function proveRange(ct, nonce, value, lo, hi, key, context, label) {
  if (value < lo || value > hi) throw new RangeError(`${value} is outside ${lo}..${hi}`);
  const challenges = {};
  const responses = {};
  const commitments = [];
  const u = random();
  for (let j = lo; j <= hi; j += 1) {
    if (j === value) {
      commitments.push(mulBase(u), mul(u, key));
      continue;
    }
    challenges[j] = random();
    responses[j] = random();
    commitments.push(...pair(responses[j], challenges[j], G(), ct.alpha, key, sub(ct.beta, multiple(j))));
  }
  let real = challenge("range", context, ...label, lo, hi, key, ct.alpha, ct.beta, ...commitments);
  for (const c of Object.values(challenges)) real = sSub(real, c);
  challenges[value] = real;
  responses[value] = sSub(u, sMul(real, nonce));
  const js = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return { c: js.map((j) => challenges[j]), v: js.map((j) => responses[j]) };
}

// The form's groups of cells and their allowed totals (poll.py).
export function groups(form) {
  const n = form.candidates.length;
  if (form.kind === "approval") {
    return [{ cells: form.candidates.map((_, c) => [c, 0]), lo: 0, hi: form.max_approvals }];
  }
  const lo = form.blank_allowed ? 0 : 1;
  return Array.from({ length: n }, (_, c) => ({ cells: form.options.map((_, o) => [c, o]), lo, hi: 1 }));
}
export const optionsOf = (form) => (form.kind === "approval" ? ["approve"] : form.options);

// The grid of 0/1 marks: for a choice form {candidate: option} (unmarked: abstain when the
// form has it), for an approval form the list of approved candidates.
export function marks(form, chosen) {
  if (form.kind === "approval") {
    if (chosen.length > form.max_approvals) throw new Error(`at most ${form.max_approvals} approvals`);
    return form.candidates.map((c) => [chosen.includes(c) ? 1 : 0]);
  }
  return form.candidates.map((c) => {
    const option = chosen[c] || (!form.blank_allowed && form.options.includes("abstain") ? "abstain" : undefined);
    return form.options.map((o) => (o === option ? 1 : 0));
  });
}

const selectionLabel = (id, c, o) => [id, "selection", c, o];
const totalLabel = (id, g) => [id, "total", g];

/** Encrypts `grid` (from marks) for the poll's `form` under the joint key, bound to `context`. */
export function encryptBallot(form, grid, key, context, ballotId = sodium.randombytes_buf(BALLOT_ID_BYTES)) {
  const options = optionsOf(form);
  const nonces = form.candidates.map(() => options.map(() => random()));
  const selections = form.candidates.map((_, c) => options.map((_, o) => {
    const ct = encrypt(grid[c][o], key, nonces[c][o]);
    return { ct, proof: proveRange(ct, nonces[c][o], grid[c][o], 0, 1, key, context, selectionLabel(ballotId, c, o)) };
  }));
  const totals = groups(form).map((group, g) => {
    let total = { alpha: IDENTITY, beta: IDENTITY };
    let nonce = scalar(0);
    let value = 0;
    for (const [c, o] of group.cells) {
      total = { alpha: add(total.alpha, selections[c][o].ct.alpha), beta: add(total.beta, selections[c][o].ct.beta) };
      nonce = sAdd(nonce, nonces[c][o]);
      value += grid[c][o];
    }
    return proveRange(total, nonce, value, group.lo, group.hi, key, context, totalLabel(ballotId, g));
  });
  return { ballotId, selections, totals };
}

const proofParts = (proof) => [proof.c.length, ...proof.c, proof.v.length, ...proof.v];

/** The tracking hash (32 bytes) and its short code (ceremony.short_code). */
export function tracking(ballot, context) {
  const parts = [ballot.ballotId, ballot.selections.length];
  for (const row of ballot.selections) {
    parts.push(row.length);
    for (const s of row) parts.push(s.ct.alpha, s.ct.beta, ...proofParts(s.proof));
  }
  parts.push(ballot.totals.length);
  for (const proof of ballot.totals) parts.push(...proofParts(proof));
  const hash = digest("tracking", context, ...parts).slice(0, 32);
  let bits = 0n;
  for (const b of hash.slice(0, 10)) bits = (bits << 8n) | BigInt(b);
  const chars = Array.from({ length: 16 }, (_, i) => CROCKFORD[Number((bits >> BigInt(75 - 5 * i)) & 31n)]).join("");
  return { hash: sodium.to_hex(hash), code: chars.match(/.{4}/g).join("-") };
}

const proofJson = (p) => ({ c: p.c.map(encode), v: p.v.map(encode) });

/** The ballot's JSON, as ballot.EncryptedBallot.to_json writes it. */
export function ballotJson(ballot) {
  return {
    ballot_id: encode(ballot.ballotId),
    selections: ballot.selections.map((row) => row.map((s) => (
      { alpha: encode(s.ct.alpha), beta: encode(s.ct.beta), proof: proofJson(s.proof) }))),
    totals: ballot.totals.map(proofJson),
  };
}
