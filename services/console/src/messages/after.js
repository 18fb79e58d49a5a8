// The messages of the scrutineers' key ceremony, supervision and evaluation pages, kept apart
// from i18n.js's so each part of the console adds its own.
export const zh = {
  ceremony: {
    nav: "密钥生成", title: "监票人密钥生成",
    help: "每位监票人在自己的设备上生成密钥：私密部分只保存在本页面和您保存的密钥文件中，不会上传；服务器只收到公开的承诺、证明和加密后的份额。",
    session: "会议", load: "打开", trustees: "监票人", trustee: "监票人", published: "已公布", confirmed: "已确认",
    states: { AWAITING_KEYS: "等待各监票人公布密钥", DEALING: "分发与接收份额", COMPLETE: "密钥生成完成",
      STATE_UNSPECIFIED: "" },
    you: "您是第 {n} 号监票人；{total} 名监票人中任意 {quorum} 名可共同解密。",
    notTrustee: "您不是本次会议的监票人", resume: "继续：载入已保存的密钥文件",
    publish: "生成并公布密钥", deal: "核对指纹并分发份额", receive: "接收份额并确认", refresh: "刷新",
    working: "正在本机计算…", waitKeys: "还有监票人未公布密钥，请稍后再分发",
    fingerprints: "请与其他监票人当面核对以下指纹：", joint: "联合公钥指纹：",
    stages: { deal: "已公布密钥。请保存进度文件，待全部监票人公布后分发份额。",
      receive: "已分发份额。待全部监票人分发后接收份额。", done: "已确认联合公钥。请保存密钥文件，计票时使用。" },
    saveProgress: "保存进度文件", saveKey: "保存密钥文件", keepFile: "文件只存在您的设备上，请妥善保管。",
    badFile: "不是监票人密钥文件",
  },
};

export const en = {
  ceremony: {
    nav: "Key ceremony", title: "Scrutineers' key ceremony",
    help: "Each scrutineer makes their key on their own device: the private part stays in this page and in the file you save and is never uploaded; the server receives only the public commitments, the proofs and the sealed shares.",
    session: "Session", load: "Open", trustees: "Scrutineers", trustee: "Scrutineer", published: "Published",
    confirmed: "Confirmed",
    states: { AWAITING_KEYS: "Waiting for every scrutineer's key", DEALING: "Dealing and receiving shares",
      COMPLETE: "Key ceremony complete", STATE_UNSPECIFIED: "" },
    you: "You are scrutineer {n}; any {quorum} of the {total} scrutineers decrypt together.",
    notTrustee: "You are not a scrutineer of this session", resume: "Continue: load a saved key file",
    publish: "Generate and publish my key", deal: "Check fingerprints and deal shares", receive: "Receive shares and confirm",
    refresh: "Refresh", working: "Computing on this device…",
    waitKeys: "Some scrutineers have not published their key yet: deal later",
    fingerprints: "Compare these fingerprints with the other scrutineers in person:", joint: "Joint key fingerprint:",
    stages: { deal: "Key published. Save the progress file; deal once every scrutineer has published.",
      receive: "Shares dealt. Receive yours once every scrutineer has dealt.",
      done: "Joint key confirmed. Save the key file: you need it at the count." },
    saveProgress: "Save the progress file", saveKey: "Save the key file",
    keepFile: "The file exists on your device only: keep it safe.", badFile: "Not a scrutineer's key file",
  },
};
