// For the Python ballot box's test of this port: reads {state, board, announced} on stdin, writes
// {problems} and, when there are none, this trustee's partial decryption of the board's sums.
import { ready } from "./ballotbox.js";
import { boardProblems, decryptSums, parseState } from "./trustee.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
await ready;
const state = parseState(input.state);
const problems = boardProblems(input.board, state, input.announced);
process.stdout.write(JSON.stringify(problems.length ? { problems } : { problems, partial: decryptSums(state, input.board) }));
