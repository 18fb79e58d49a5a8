import { defineStore } from "pinia";

const KEY = "minsheng.session";
const SIGNED_OUT = { token: "", role: "", town: "", subject: "", townName: "" };
const HOMES = { public: "/public", staff: "/staff", district: "/district", deputy: "/deputy" };

// Who is signed in: the bearer token and what it says. Kept in sessionStorage, so a closed
// tab signs out (a shared tablet at the session).
export const useSession = defineStore("session", {
  state: () => JSON.parse(sessionStorage.getItem(KEY) || "null") || { ...SIGNED_OUT },
  actions: {
    signIn({ token, role, town, subject, townName }) {
      const signed = { token, role, town: town || "", subject, townName: townName || town || "" };
      Object.assign(this, signed);
      sessionStorage.setItem(KEY, JSON.stringify(signed));
    },
    signOut() {
      Object.assign(this, SIGNED_OUT);
      sessionStorage.removeItem(KEY);
    },
    home() {
      return this.token ? HOMES[this.role] || "/sign-in" : "/sign-in";
    },
    // A name as a deputy or the staff type it (sessions/…), in the signed-in town; a full one stays.
    inTown(name) {
      return name.startsWith("towns/") ? name : `towns/${this.town}/${name}`;
    },
  },
});
