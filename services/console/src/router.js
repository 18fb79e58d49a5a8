import { createRouter, createWebHistory } from "vue-router";
import { useSession } from "./session.js";

const routes = [
  { path: "/", redirect: () => useSession().home() },
  { path: "/sign-in", component: () => import("./views/SignIn.vue"), meta: { open: true } },
  { path: "/callback", component: () => import("./views/Callback.vue"), meta: { open: true } },
  { path: "/public", component: () => import("./views/PublicHome.vue"), meta: { role: "public" } },
  { path: "/follow", component: () => import("./views/Follow.vue"), meta: { role: "public" } },
  { path: "/notice", component: () => import("./views/Notice.vue"), meta: { role: "public" } },
  { path: "/staff/cycle", component: () => import("./views/StaffCycle.vue"), meta: { role: "staff" } },
  { path: "/staff/review", component: () => import("./views/StaffReview.vue"), meta: { role: "staff" } },
  { path: "/staff/tally", component: () => import("./views/StaffTally.vue"), meta: { role: "staff" } },
  { path: "/staff/session", component: () => import("./views/StaffSession.vue"), meta: { role: "staff" } },
  { path: "/staff/supervision", component: () => import("./views/StaffSupervision.vue"), meta: { role: "staff" } },
  { path: "/staff/oversight", component: () => import("./views/StaffOversight.vue"), meta: { role: "staff" } },
  { path: "/staff/evaluation", component: () => import("./views/StaffEvaluation.vue"), meta: { role: "staff" } },
  { path: "/staff", component: () => import("./views/StaffProposals.vue"), meta: { role: "staff" } },
  { path: "/district", component: () => import("./views/Dashboard.vue"), meta: { role: "district" } },
  { path: "/deputy/assess", component: () => import("./views/Assess.vue"), meta: { role: "deputy" } },
  { path: "/deputy/ceremony", component: () => import("./views/KeyCeremony.vue"), meta: { role: "deputy" } },
  { path: "/deputy/close", component: () => import("./views/Scrutineer.vue"), meta: { role: "deputy" } },
  { path: "/deputy", component: () => import("./views/Ballot.vue"), meta: { role: "deputy" } },
];

export const router = createRouter({ history: createWebHistory("/console/"), routes });

// A page for a role needs a signed-in caller with that role; anything else goes to sign-in.
router.beforeEach((to) => {
  const session = useSession();
  if (to.meta.open) return true;
  if (!session.token) return { path: "/sign-in", query: { next: to.fullPath } };
  if (to.meta.role && to.meta.role !== session.role) return session.home();
  return true;
});
