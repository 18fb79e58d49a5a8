// The scrutineer's device side of the key ceremony, in the browser: services/ballotbox/trustee.py's
// keygen, deal and receive, byte for byte, on libsodium.js. The polynomial, the X25519 key and
// the share stay in the page (and in the file the scrutineer saves); only the public part (the
// commitments with their Schnorr proofs and the X25519 public key) and the shares sealed to the
// other trustees' keys go to the server. tests/console/test_ceremony_js.py has the Python ballot
// box check what this makes.
import sodium from "libsodium-wrappers-sumo";
import { add, challenge, decode, digest, encode, IDENTITY, mul, mulBase, random, scalar, sMul, sSub } from "./ballotbox.js";
import { ceremonyHash, publicShare, recordHash } from "./record.js";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const sAdd = (a, b) => sodium.crypto_core_ristretto255_scalar_add(a, b);

/** What this trustee must not go on with; `code` names the cases a page says in its own words. */
export class CeremonyError extends Error {
  constructor(message, code = "") {
    super(message);
    this.code = code;
  }
}

/** ceremony.short_code: the first 80 bits in Crockford base32, four groups of four. */
export function shortCode(data) {
  let bits = 0n;
  for (const b of data.slice(0, 10)) bits = (bits << 8n) | BigInt(b);
  const chars = Array.from({ length: 16 }, (_, i) => CROCKFORD[Number((bits >> BigInt(75 - 5 * i)) & 31n)]).join("");
  return chars.match(/.{4}/g).join("-");
}

// The ceremony of the server's KeyCeremony (name, trustees, quorum) as ceremony.Ceremony's JSON.
export const ceremonyOf = (found) => ({ id: found.name, trustees: found.trustees, quorum: found.quorum });

/** This deputy's place in the ceremony, from 1; 0 when not a trustee. */
export const indexOf = (ceremony, deputy) => ceremony.trustees.indexOf(deputy) + 1;

// What a Schnorr proof of coefficient j is bound to (TrusteePublic.bound).
const bound = (ceremony, index, j, transportKey) => [ceremonyHash(ceremony), index, j, transportKey];

function polynomial(coefficients, x) {
  return coefficients.reduceRight((value, a) => sAdd(sMul(value, scalar(x)), a), scalar(0));
}

// sum over j of x^j * commitments[j] (Feldman's check of a dealt share).
const expectedShare = (commitments, x) => commitments.reduceRight((total, c) => add(mul(scalar(x), total), c), IDENTITY);

/** TrusteePublic.fingerprint: what the trustees read aloud to each other. */
export function trusteeFingerprint(ceremony, pub) {
  return shortCode(digest("trustee", ceremonyHash(ceremony), pub.index, decode(pub.transport_key),
    ...pub.commitments.map(decode)));
}

/** KeyRecord.fingerprint: the joint key's short code every trustee and the server agree on. */
export const recordFingerprint = (record) => shortCode(recordHash(record));

/** trustee.keygen: the state (TrusteeState's JSON, private) and the public part (TrusteePublic's JSON). */
export function keygen(ceremony, deputy) {
  const index = indexOf(ceremony, deputy);
  if (!index) throw new CeremonyError(`${deputy} is not a trustee of ${ceremony.id}`);
  const coefficients = Array.from({ length: ceremony.quorum }, () => random());
  const transport = sodium.crypto_box_keypair();
  const commitments = coefficients.map((a) => mulBase(a));
  const proofs = coefficients.map((a, j) => {
    const u = random();
    const c = challenge("schnorr", ...bound(ceremony, index, j, transport.publicKey), commitments[j], mulBase(u));
    return { c: encode(c), v: encode(sSub(u, sMul(c, a))) };
  });
  const state = { ceremony, index, transport_key: encode(transport.privateKey), coefficients: coefficients.map(encode),
    record_hash: null, share: null };
  const pub = { index, commitments: commitments.map(encode), proofs, transport_key: encode(transport.publicKey) };
  return { state, public: pub };
}

/** trustee.deal: one share sealed to each other trustee's key; the state remembers the record. */
export function deal(state, record) {
  if (!state.coefficients) throw new CeremonyError("this trustee has already received its share; the ceremony is over");
  const coefficients = state.coefficients.map(decode);
  const ceremony = encode(ceremonyHash(state.ceremony));
  const shares = record.trustees.filter((t) => t.index !== state.index).map((t) => {
    const payload = JSON.stringify({ ceremony, from: state.index, to: t.index, share: encode(polynomial(coefficients, t.index)) });
    const sealed = sodium.crypto_box_seal(sodium.from_string(payload), decode(t.transport_key));
    return { ceremony: state.ceremony.id, from: state.index, to: t.index, sealed: encode(sealed) };
  });
  return { state: { ...state, record_hash: encode(recordHash(record)) }, shares };
}

function open(state, message) {
  const secret = decode(state.transport_key);
  let payload;
  try {
    const opened = sodium.crypto_box_seal_open(decode(message.sealed), sodium.crypto_scalarmult_base(secret), secret);
    payload = JSON.parse(sodium.to_string(opened));
  } catch (exc) {
    throw new CeremonyError(`a share from ${message.from} cannot be opened`);
  }
  if (payload.ceremony !== encode(ceremonyHash(state.ceremony)) || payload.to !== state.index || payload.from !== message.from) {
    throw new CeremonyError(`the share from ${payload.from} is for another ceremony or trustee`);
  }
  return [payload.from, decode(payload.share)];
}

/** trustee.receive: checks every dealt share against its dealer's commitments and keeps their sum. */
export function receive(state, record, messages) {
  if (!state.record_hash || !equal(decode(state.record_hash), recordHash(record))) {
    throw new CeremonyError("the key record differs from the one this trustee dealt shares for");
  }
  const received = new Map(messages.filter((m) => m.to === state.index).map((m) => open(state, m)));
  const missing = record.trustees.map((t) => t.index).filter((i) => i !== state.index && !received.has(i));
  if (missing.length) throw new CeremonyError(`no share yet from trustees ${missing.join(", ")}`, "sharesMissing");
  received.set(state.index, polynomial(state.coefficients.map(decode), state.index));
  for (const t of record.trustees) {
    if (!equal(mulBase(received.get(t.index)), expectedShare(t.commitments.map(decode), state.index))) {
      throw new CeremonyError(`the share from trustee ${t.index} does not match its commitments; it must deal again`);
    }
  }
  const share = [...received.values()].reduce(sAdd, scalar(0));
  if (!equal(mulBase(share), publicShare(record, state.index))) {
    throw new CeremonyError("the combined share does not match the key record");
  }
  return { ...state, coefficients: null, share: encode(share) };
}
