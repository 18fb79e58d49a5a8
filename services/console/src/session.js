import { defineStore } from "pinia";

const KEY = "minsheng.session";
const HOMES = { public: "/public", staff: "/staff", district: "/district", deputy: "/deputy" };

// Who is signed in: the bearer token and what it says. Kept in sessionStorage, so a closed
// tab signs out (a shared tablet at the session).
export const useSession = defineStore("session", {
  state: () => JSON.parse(sessionStorage.getItem(KEY) || "null") || { token: "", role: "", town: "", subject: "" },
  actions: {
    signIn({ token, role, town, subject }) {
      Object.assign(this, { token, role, town: town || "", subject });
      sessionStorage.setItem(KEY, JSON.stringify({ token, role, town: town || "", subject }));
    },
    signOut() {
      Object.assign(this, { token: "", role: "", town: "", subject: "" });
      sessionStorage.removeItem(KEY);
    },
    home() {
      return this.token ? HOMES[this.role] || "/sign-in" : "/sign-in";
    },
  },
});
