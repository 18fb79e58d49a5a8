// For the Python ballot box's test of this port: reads {step, ...} on stdin and writes what the
// scrutineer's page would: keygen {ceremony, trustee}, deal {state, record}, receive {state, record, shares}.
import { ready } from "./ballotbox.js";
import { deal, keygen, receive, recordFingerprint, trusteeFingerprint } from "./ceremony.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
await ready;
const steps = {
  keygen: () => {
    const made = keygen(input.ceremony, input.trustee);
    return { ...made, fingerprint: trusteeFingerprint(input.ceremony, made.public) };
  },
  deal: () => deal(input.state, input.record),
  receive: () => ({ state: receive(input.state, input.record, input.shares), fingerprint: recordFingerprint(input.record) }),
};
try {
  process.stdout.write(JSON.stringify(steps[input.step]()));
} catch (exc) {
  process.stdout.write(JSON.stringify({ error: exc.message }));
}
