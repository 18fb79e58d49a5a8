// The key ceremony's public record and the poll's context, as services/ballotbox/ceremony.py and
// poll.py compute them: what a deputy's device encrypts under and a scrutineer's checks against.
import { add, digest, decode, IDENTITY, mul, scalar } from "./ballotbox.js";

export const ceremonyHash = (c) => digest("ceremony", c.id, c.quorum, c.trustees.length, ...c.trustees);

/** ceremony.KeyRecord.hash of the board's key. */
export function recordHash(key) {
  const parts = key.trustees.flatMap((t) => [t.index, decode(t.transport_key), ...t.commitments.map(decode)]);
  return digest("key-record", ceremonyHash(key.ceremony), key.trustees.length, ...parts);
}

// C_j = sum over trustees of K_ij; the joint key is C_0, trustee x's public share sum of x^j C_j.
function aggregate(key) {
  return key.trustees.reduce((totals, t) => totals.map((c, j) => add(c, decode(t.commitments[j]))),
    Array.from({ length: key.ceremony.quorum }, () => IDENTITY));
}
export function publicShare(key, index) {
  return aggregate(key).reduceRight((total, c) => add(mul(scalar(index), total), c), IDENTITY);
}

function hashParts(form) {
  if (form.kind === "approval") return ["approval", form.candidates.length, ...form.candidates, form.max_approvals];
  return ["choice", form.candidates.length, ...form.candidates, form.options.length, ...form.options,
    Number(form.blank_allowed)];
}
export const jointKey = (key) => aggregate(key)[0];

/** poll.context: the hash of the poll's manifest, the key record and the joint key (64 bytes). */
export function pollContext(manifest, key) {
  return digest("context", digest("poll", manifest.poll, ...hashParts(manifest.form)), recordHash(key), jointKey(key));
}
