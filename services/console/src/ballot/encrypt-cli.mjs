// For the Python ballot box's test of this port: reads {form, marks, key, context} (key and
// context base64url) on stdin, writes the encrypted ballot's JSON and its tracking code.
import { ballotJson, decode, encryptBallot, ready, tracking } from "./ballotbox.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
await ready;
const context = decode(input.context);
const ballot = encryptBallot(input.form, input.marks, decode(input.key), context);
process.stdout.write(JSON.stringify({ ballot: ballotJson(ballot), tracking: tracking(ballot, context) }));
