import { ref } from "vue";
import { useI18n } from "vue-i18n";
import { ApiError } from "./api.js";
import { serverText } from "./i18n.js";

// A page's calls to the gateway: the server's field errors keyed by field path (err(path), in
// Chinese where known, shown by Field.vue next to its field), or its message when it names no field.
export function useForm() {
  const { t } = useI18n();
  const errors = ref({});
  const problem = ref("");

  async function attempt(action) {
    errors.value = {};
    problem.value = "";
    try {
      return await action();
    } catch (exc) {
      if (!(exc instanceof ApiError)) throw exc;
      errors.value = exc.fields;
      problem.value = Object.keys(exc.fields).length ? t("fix") : exc.message;
      return undefined;
    }
  }
  const err = (path) => serverText(errors.value[path]);
  return { err, problem, attempt };
}

// "a, b，c" -> ["a", "b", "c"]: staff type lists with either comma.
export const listOf = (text) => text.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
