import { ref } from "vue";
import { useI18n } from "vue-i18n";
import { ApiError } from "./api.js";
import { serverText } from "./i18n.js";

// A page's calls to the gateway: the server's field errors keyed by field path (err(path), in
// Chinese where known, shown by Field.vue next to its field), or its message when it names no field.
// `saved` is the page's own notice of a call done, cleared by the next one; `busy` is true while
// a call runs. A page that marks only some of the fields a call may name (or none: a ballot) lists
// them in `marks`; a refusal that names none of those shows the server's message.
export function useForm({ marks } = {}) {
  const { t } = useI18n();
  const errors = ref({});
  const problem = ref("");
  const saved = ref("");
  const busy = ref(false);

  function clear() {
    errors.value = {};
    problem.value = "";
    saved.value = "";
  }
  // Complaints about fields (the server's, or the page's own): next to them, with a word to fix them.
  function fail(fields, message) {
    const marked = Object.keys(fields).filter((path) => !marks || marks.includes(path));
    errors.value = fields;
    problem.value = marked.length ? t("fix") : message;
  }
  // The action's result, or undefined when the gateway refused it.
  async function attempt(action) {
    clear();
    busy.value = true;
    try {
      return await action();
    } catch (exc) {
      if (!(exc instanceof ApiError)) throw exc;
      fail(exc.fields, exc.message);
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  const err = (path) => serverText(errors.value[path]);
  return { err, problem, saved, busy, clear, fail, attempt };
}

// "a, b，c" -> ["a", "b", "c"]: staff type lists with either comma.
export const listOf = (text) => text.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
