import { ref } from "vue";
import { useI18n } from "vue-i18n";
import sodium from "libsodium-wrappers-sumo";
import { post } from "./api.js";
import { ballotJson, encryptBallot, marks, ready, tracking } from "./ballot/ballotbox.js";

// A deputy's ballot once the marks are checked (a poll's or a satisfaction assessment's): encrypted
// here under the joint key, so the server never sees a choice, cast, and its tracking code kept,
// which must be the one the server computed. The steps: mark, review, encrypting, done (back to
// review when the cast is refused). `attempt` and `problem` are the page's useForm().
export function useCasting({ attempt, problem }) {
  const { t } = useI18n();
  const step = ref("mark");
  const receipt = ref(null);

  // target: the poll's or assessment's name; prepare(), once the library is ready, gives the
  // ballot's form, the deputy's choices, the joint key and the context it is encrypted in.
  async function cast(target, prepare) {
    step.value = "encrypting";
    await ready;
    const { form, choices, key, context } = prepare();
    const ballot = encryptBallot(form, marks(form, choices), key, context);
    const own = tracking(ballot, context);
    const answer = await attempt(() => post(`/v1/${target}:cast`, {
      ballot: { json: JSON.stringify(ballotJson(ballot)) }, requestId: sodium.to_hex(ballot.ballotId) }));
    if (!answer) {
      step.value = "review";
      return;
    }
    if (answer.trackingHash !== own.hash) problem.value = t("ballot.mismatch");
    receipt.value = own;
    step.value = "done";
  }
  return { step, receipt, cast };
}
