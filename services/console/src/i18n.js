import { createI18n } from "vue-i18n";
import * as review from "./messages/review.js";
import * as after from "./messages/after.js";
import * as oversight from "./messages/oversight.js";

// Chinese first; the English switch keeps the choice for the tab.
const zh = {
  app: "民生实事项目", lang: "English", signOut: "退出", loading: "加载中…", save: "提交", error: "出错了",
  required: "必填", fix: "请修改标出的项目",
  roles: { public: "群众", staff: "镇人大工作人员", deputy: "人大代表", district: "区人大常委会" },
  signIn: {
    title: "登录", role: "身份", town: "所在镇", submit: "登录", local: "本地演示账号",
    oidc: "统一身份认证登录", subject: "账号（可选）", failed: "登录失败",
  },
  nav: { announcement: "征集公告", follow: "查询进度", notice: "项目公示", staff: "项目建议办理", cycle: "征集周期",
    district: "全区概况", deputy: "表决", session: "人代会", assess: "满意度测评", close: "监票解密" },
  public: {
    announcement: "征集公告", noCycle: "本年度征集尚未开始", year: "年度", opens: "征集时间",
    submitTitle: "提出项目建议", oneItem: "一事一提：每次只提一个项目",
    title: "项目名称", content: "建议内容", location: "实施地点", category: "类别",
    cost: "估算金额（元）", timeFrame: "完成时限", implementer: "建议实施单位",
    proposerName: "姓名", phone: "联系电话", unit: "工作单位", channel: "提交渠道",
    submitted: "提交成功", receipt: "回执码", keepReceipt: "请保存回执码，用于查询办理进度和答复。",
    channels: { ONLINE_PLATFORM: "微信公众号", WEB: "网站" },
  },
  follow: { title: "查询项目建议", receipt: "回执码", find: "查询", state: "办理状态", answer: "答复",
    noAnswer: "尚未答复", screening: "初审" },
  states: { SUBMITTED: "已受理", MERGED: "已合并", SHORTLISTED: "已列入初选", NOT_SHORTLISTED: "未列入初选",
    RESERVE_POOL: "列入储备库", ADOPTED: "已票决通过", NOT_ADOPTED: "未通过票决" },
  outcomes: { SHORTLISTED: "列入初选", NOT_SHORTLISTED: "不列入初选", RESERVE_POOL: "列入储备库" },
  cycle: { title: "征集周期", year: "年度", name: "公告标题", announcement: "公告正文", opens: "开始时间",
    closes: "截止时间", open: "发布征集公告", find: "查看", close: "结束征集", proposals: "已收到 {n} 条建议",
    states: { OPEN: "征集中", CLOSED: "已结束" } },
  notice: { title: "项目公示", year: "年度", project: "项目", unit: "责任单位", budget: "资金（元）",
    progress: "进度", deadline: "完成时限", state: "状态", completed: "已完成 {n} 项", none: "暂无公示" },
  staff: {
    title: "项目建议办理", views: { screen: "待初审", owed: "待答复", all: "全部" }, screen: "初审", answer: "答复", merge: "合并",
    criteria: "初审标准", passed: "符合", outcome: "初审结论", explanation: "说明（政策解释）",
    answerText: "答复内容", duplicates: "合并的重复建议（编号，逗号分隔）", done: "已保存",
    empty: "没有待办事项", proposal: "项目建议", receipt: "回执码", state: "状态", received: "提交时间",
    select: "办理", supporters: "附议人数", close: "关闭",
  },
  district: {
    title: "全区民生实事项目概况", year: "年度", funnel: "办理漏斗", received: "收到建议", shortlisted: "列入初选",
    candidates: "候选项目", adopted: "票决通过", completed: "已完成", budget: "票决资金（元）",
    completedLate: "逾期完成", carriedOver: "结转跟踪监督", spent: "已支出（元）", overdue: "逾期事项",
    townsVoted: "已票决镇数",
    filingsAccepted: "备案通过", filingsRefused: "备案退回", town: "镇", totals: "合计", byTown: "各镇情况",
    money: "各镇资金：票决与支出",
  },
  ballot: {
    title: "代表表决", poll: "表决事项", load: "打开选票", for: "赞成", against: "反对", abstain: "弃权",
    approve: "同意", confirm: "确认投票", review: "请核对您的选择", back: "返回修改", cast: "投出选票",
    encrypting: "正在本机加密…", tracking: "选票追踪码", trackingHelp: "可在公开的电子公告板上核对此追踪码。",
    unmarked: "未标记的项目按弃权计", checkIn: "签到", checkedIn: "已签到", atMost: "最多同意 {n} 项",
    board: "公告板", found: "已在公告板上找到您的追踪码", session: "会议", paper: "本次表决使用纸质选票",
    mismatch: "服务器回执与本机计算的追踪码不一致，请告知监票人",
  },
  sitting: {
    title: "人代会：签到与表决", session: "会议", load: "打开会议", roster: "本届代表名册", deputy: "代表", id: "账号",
    checkIn: "签到", attendance: "实到 {present} 名，实有代表 {seated} 名，法定人数 {quorum} 名：",
    quorumMet: "已达法定人数", noQuorum: "未达法定人数", openPoll: "发起表决", pollTitle: "表决事项名称",
    candidateList: "候选项目名单", method: "表决方式", methods: { ELECTRONIC: "电子加密票", PAPER: "纸质选票" },
    open: "发起表决", opened: "表决已开始：", closePoll: "结束表决", poll: "表决事项", close: "结束表决",
    results: { COUNTING: "投票已结束，等待监票人解密计票", ANNOUNCED: "已计票并公布", FILED: "已报备案",
      STATE_UNSPECIFIED: "" },
  },
  assess: {
    title: "民生实事项目满意度测评", name: "测评事项", load: "打开测评票", satisfied: "满意", basic: "基本满意",
    unsatisfied: "不满意", blank: "未评", help: "请阅读各项目的完成情况报告后逐项评价；未评价的项目按未评计。",
    closed: "本次测评已结束投票",
    status: { COMPLETED: "按期完成", COMPLETED_LATE: "逾期完成", UNFINISHED: "未完成", CARRIED_OVER: "结转跟踪监督",
      FINAL_STATUS_UNSPECIFIED: "" },
  },
  close: {
    title: "监票人解密计票", help: "您的密钥份额只在本设备上使用，不会上传。先核验公告板，再提交您的部分解密。",
    state: "监票人密钥文件", poll: "表决事项", announced: "会上宣布的投票人数", decrypt: "核验并解密",
    working: "正在本机核验公告板并解密…", refused: "公告板未通过核验，未解密：", trustee: "第 {n} 号监票人的密钥已载入",
    badState: "不是含有密钥份额的监票人文件", needState: "请先选择您的密钥文件",
    accepted: "已提交：{n} / {quorum} 名监票人完成解密", counted: "已达法定人数，计票完成",
  },
};

const en = {
  app: "Livelihood projects", lang: "中文", signOut: "Sign out", loading: "Loading…", save: "Submit", error: "Error",
  required: "required", fix: "Please correct the marked fields",
  roles: { public: "Public", staff: "Town congress staff", deputy: "Deputy", district: "District standing committee" },
  signIn: {
    title: "Sign in", role: "Role", town: "Town", submit: "Sign in", local: "Local demo users",
    oidc: "Sign in with the district identity provider", subject: "Account (optional)", failed: "Sign-in failed",
  },
  nav: { announcement: "Announcement", follow: "Follow", notice: "Public notice", staff: "Proposals", cycle: "Collection",
    district: "District overview", deputy: "Vote", session: "Session", assess: "Satisfaction assessment", close: "Scrutineer's count" },
  public: {
    announcement: "Collection announcement", noCycle: "This year's collection has not started", year: "Year",
    opens: "Open", submitTitle: "Submit a proposal", oneItem: "One item per submission",
    title: "Project name", content: "What is proposed", location: "Location", category: "Category",
    cost: "Estimated cost (yuan)", timeFrame: "Completion time frame", implementer: "Suggested implementer",
    proposerName: "Name", phone: "Phone", unit: "Employer", channel: "Channel",
    submitted: "Submitted", receipt: "Receipt code", keepReceipt: "Keep the receipt code to follow the proposal.",
    channels: { ONLINE_PLATFORM: "WeChat official account", WEB: "Website" },
  },
  follow: { title: "Follow a proposal", receipt: "Receipt code", find: "Find", state: "Status", answer: "Answer",
    noAnswer: "Not answered yet", screening: "Screening" },
  states: { SUBMITTED: "Received", MERGED: "Merged", SHORTLISTED: "Shortlisted", NOT_SHORTLISTED: "Not shortlisted",
    RESERVE_POOL: "Reserve pool", ADOPTED: "Adopted", NOT_ADOPTED: "Not adopted" },
  outcomes: { SHORTLISTED: "Shortlist", NOT_SHORTLISTED: "Do not shortlist", RESERVE_POOL: "Reserve pool" },
  cycle: { title: "Collection cycle", year: "Year", name: "Title", announcement: "Announcement", opens: "Opens",
    closes: "Closes", open: "Open the collection", find: "Show", close: "Close the collection",
    proposals: "{n} proposals received", states: { OPEN: "Open", CLOSED: "Closed" } },
  notice: { title: "Public notice", year: "Year", project: "Project", unit: "Responsible unit", budget: "Budget (yuan)",
    progress: "Progress", deadline: "Deadline", state: "State", completed: "{n} completed", none: "Nothing published" },
  staff: {
    title: "Proposals", views: { screen: "To screen", owed: "Owed an answer", all: "All" }, screen: "Screen", answer: "Answer", merge: "Merge",
    criteria: "Criteria", passed: "met", outcome: "Outcome", explanation: "Explanation",
    answerText: "Answer", duplicates: "Duplicates to merge (ids, comma-separated)", done: "Saved",
    empty: "Nothing owed", proposal: "Proposal", receipt: "Receipt", state: "State", received: "Received",
    select: "Open", supporters: "Supporters", close: "Close",
  },
  district: {
    title: "District overview", year: "Year", funnel: "Funnel", received: "Received", shortlisted: "Shortlisted",
    candidates: "Candidates", adopted: "Adopted", completed: "Completed", budget: "Adopted budget (yuan)",
    completedLate: "Completed late", carriedOver: "Carried over", spent: "Spent (yuan)", overdue: "Overdue items",
    townsVoted: "Towns voted",
    filingsAccepted: "Filings accepted", filingsRefused: "Filings refused", town: "Town", totals: "Total",
    byTown: "By town", money: "Money by town: adopted and spent",
  },
  ballot: {
    title: "Vote", poll: "Poll", load: "Open the ballot", for: "For", against: "Against", abstain: "Abstain",
    approve: "Approve", confirm: "Confirm", review: "Check your choices", back: "Change", cast: "Cast the ballot",
    encrypting: "Encrypting on this device…", tracking: "Tracking code",
    trackingHelp: "Find this code on the public bulletin board.", unmarked: "Unmarked items count as abstentions",
    checkIn: "Check in", checkedIn: "Checked in", atMost: "Approve at most {n}", board: "Bulletin board",
    found: "Your tracking code is on the bulletin board", session: "Session", paper: "This poll is on paper",
    mismatch: "The server's receipt differs from the code this device computed: tell a scrutineer",
  },
  sitting: {
    title: "Session: check-in and polls", session: "Session", load: "Open the session", roster: "Deputies of the term",
    deputy: "Deputy", id: "Account", checkIn: "Check in",
    attendance: "{present} present of {seated} seated deputies, quorum {quorum}:", quorumMet: "quorum met",
    noQuorum: "no quorum", openPoll: "Open a poll", pollTitle: "Poll title", candidateList: "Candidate list",
    method: "Method", methods: { ELECTRONIC: "Encrypted electronic ballot", PAPER: "Paper ballot" }, open: "Open the poll",
    opened: "The poll is open:", closePoll: "Close a poll", poll: "Poll", close: "Close the poll",
    results: { COUNTING: "Voting has ended: waiting for the scrutineers' decryption", ANNOUNCED: "Counted and announced",
      FILED: "Filed", STATE_UNSPECIFIED: "" },
  },
  assess: {
    title: "Satisfaction assessment of the livelihood projects", name: "Assessment", load: "Open the ballot",
    satisfied: "Satisfied", basic: "Basically satisfied", unsatisfied: "Unsatisfied", blank: "Not rated",
    help: "Read each project's completion report, then rate it; a project left unrated counts as blank.",
    closed: "Voting in this assessment has ended",
    status: { COMPLETED: "Completed on time", COMPLETED_LATE: "Completed late", UNFINISHED: "Unfinished",
      CARRIED_OVER: "Carried over", FINAL_STATUS_UNSPECIFIED: "" },
  },
  close: {
    title: "Scrutineer's decryption", help: "Your key share is used on this device only and never uploaded. The board is checked first, then your partial decryption is submitted.",
    state: "Scrutineer's key file", poll: "Poll", announced: "Voters announced at the session", decrypt: "Check and decrypt",
    working: "Checking the board and decrypting on this device…", refused: "The board did not check; nothing was decrypted:",
    trustee: "Key of scrutineer {n} loaded", badState: "Not a scrutineer's file with a key share",
    needState: "Choose your key file first", accepted: "Submitted: {n} of {quorum} scrutineers have decrypted",
    counted: "Quorum reached: the poll is counted",
  },
};

const LANG = "minsheng.lang";
export const i18n = createI18n({ legacy: false, locale: sessionStorage.getItem(LANG) || "zh", fallbackLocale: "zh",
  messages: { zh: { ...zh, ...review.zh, ...after.zh, ...oversight.zh }, en: { ...en, ...review.en, ...after.en, ...oversight.en } } });

// The page's language and title follow the choice, also after a reload in English.
function apply(locale) {
  document.documentElement.lang = locale === "zh" ? "zh-CN" : "en";
  document.title = i18n.global.t("app");
}
apply(i18n.global.locale.value);

export function switchLanguage() {
  const next = i18n.global.locale.value === "zh" ? "en" : "zh";
  i18n.global.locale.value = next;
  sessionStorage.setItem(LANG, next);
  apply(next);
}

// The services' own words for the commonest field errors (services/platform/errors.py), in
// Chinese; anything else is shown as the server wrote it.
const SERVER_ZH = [...review.serverZh, ...oversight.serverZh, [/^required\b.*/, "必填"], [/^longer than (\d+) characters$/, "超过 $1 个字符"],
  [/^must not be negative$/, "不能为负数"], [/^must be after (\w+)$/, "须晚于开始时间"]];

export function serverText(text) {
  if (!text || i18n.global.locale.value !== "zh") return text;
  const found = SERVER_ZH.find(([pattern]) => pattern.test(text));
  return found ? text.replace(found[0], found[1]) : text;
}
