// wagecalc widget v2: <wagecalc-equivalents> and <wagecalc-compare>.
// One ES module, no dependencies. This is the readable source: /widget/v2/wagecalc.js is
// this file without its comments and needless whitespace, its local names shortened
// (scripts/widget_build.py).
// DOM is built with createElement and textContent only: nothing the service answers is
// ever parsed as HTML.
// Answer first: the headline figure, the sentences, then rate, date and sources in small
// print and a one-line credit; the inputs wait behind "Change the figures".
// Theming: theme="light|dark|auto" (light by default) and --wagecalc-font, --wagecalc-fg,
// --wagecalc-bg, --wagecalc-muted, --wagecalc-accent, --wagecalc-border, --wagecalc-error,
// --wagecalc-radius, --wagecalc-padding, --wagecalc-max-width, --wagecalc-min-height.
const ORIGIN = new URL(import.meta.url).origin;
const PERIODS = ["hour", "day", "week", "month", "year"];
const CURRENCIES = ["USD", "MYR", "EUR", "GBP", "CNY", "HKD", "TWD", "SGD", "JPY", "AUD", "CAD", "INR"];

const EN = {
  // Punctuation between the widget's own words and the server's: full-width in Chinese.
  colon: ": ", semi: "; ", comma: ", ", lp: " (", rp: ")", stop: ".", gap: " ",
  amount: "Amount", currency: "Currency", period: "Period", salary: "Salary", shown: "Compare in",
  label: "Label", per: { hour: "per hour", day: "per day", week: "per week", month: "per month", year: "per year" },
  head: (from, per, to) => [`${from} ${per} =`, to, per],
  loading: "Calculating…", rate: "Rate", on: "rate of", source: "Source", sources: "Sources", asOf: "in force from {date}",
  why: "Why this date", edit: "Change the figures", credit: "Calculated with wagecalc",
  equivalents: "Salary equivalents", compare: "Salary comparison",
  needAmount: "Enter an amount, such as 900,000.", badAmount: "Enter the amount as a number, such as 900,000 or 1.5m.",
  badCurrency: "Enter a three-letter currency code, such as USD.", noRate: "There is no exchange rate for this currency on this date.",
  stale: "Out of date: showing the answer for the previous figures.",
  unreachable: "The calculation cannot be reached right now. Try again later.",
  failed: "The calculation failed. Try again later.",
  author: "This calculation cannot be shown because of a mistake in the page.",
  fallback: {
    latest: "no date was asked for, so the newest published rate is used",
    "not-published": "no rate was published on the requested day (a weekend or holiday), so the latest one before it is used",
    "after-last-published": "the date is after the newest rate available, so that newest rate is used",
    "future-date": "the date has not happened yet, so the newest rate is used",
    "live-unavailable": "the live rate source failed, so the embedded history answered",
  },
};
const HANS = {
  colon: "：", semi: "；", comma: "，", lp: "（", rp: "）", stop: "。", gap: "",
  amount: "金额", currency: "货币", period: "周期", salary: "薪酬", shown: "换算货币", label: "名称",
  per: { hour: "每小时", day: "每天", week: "每周", month: "每月", year: "每年" },
  head: (from, per, to) => [`${per}${from} =`, `${per}${to}`, ""],
  loading: "计算中…", rate: "汇率", on: "汇率日期", source: "来源", sources: "来源", asOf: "自{date}起生效", why: "为何用此日期",
  edit: "修改数字", credit: "由 wagecalc 计算", equivalents: "薪酬换算", compare: "薪酬比较",
  needAmount: "请输入金额，例如 900,000。", badAmount: "请以数字输入金额，例如 900,000 或 90万。",
  badCurrency: "请输入三个字母的货币代码，例如 USD。", noRate: "此日期没有这种货币的汇率。",
  stale: "已过时：显示的是之前数字的结果。",
  unreachable: "暂时无法连接计算服务，请稍后再试。", failed: "计算失败，请稍后再试。",
  author: "由于页面设置有误，无法显示此计算。",
  fallback: {
    latest: "未指定日期，使用最新公布的汇率",
    "not-published": "所请求的日期没有公布汇率（周末或假日），使用此前最近一次的汇率",
    "after-last-published": "所请求的日期晚于现有最新汇率，使用该最新汇率",
    "future-date": "所请求的日期尚未到来，使用最新汇率",
    "live-unavailable": "实时汇率来源失败，改用内置历史数据",
  },
};
const HANT = {
  ...HANS, amount: "金額", currency: "貨幣", period: "週期", salary: "薪酬", shown: "換算貨幣", label: "名稱",
  per: { hour: "每小時", day: "每天", week: "每週", month: "每月", year: "每年" },
  loading: "計算中…", rate: "匯率", on: "匯率日期", source: "來源", sources: "來源", why: "為何用此日期",
  edit: "修改數字", credit: "由 wagecalc 計算", equivalents: "薪酬換算", compare: "薪酬比較",
  needAmount: "請輸入金額，例如 900,000。", badAmount: "請以數字輸入金額，例如 900,000 或 90萬。",
  badCurrency: "請輸入三個字母的貨幣代碼，例如 USD。", noRate: "此日期沒有這種貨幣的匯率。",
  stale: "已過時：顯示的是之前數字的結果。",
  unreachable: "暫時無法連線計算服務，請稍後再試。", failed: "計算失敗，請稍後再試。",
  author: "由於頁面設定有誤，無法顯示此計算。",
  fallback: {
    latest: "未指定日期，使用最新公佈的匯率",
    "not-published": "所請求的日期沒有公佈匯率（週末或假日），使用此前最近一次的匯率",
    "after-last-published": "所請求的日期晚於現有最新匯率，使用該最新匯率",
    "future-date": "所請求的日期尚未到來，使用最新匯率",
    "live-unavailable": "即時匯率來源失敗，改用內建歷史資料",
  },
};
const MS = {
  ...EN, amount: "Jumlah", currency: "Mata wang", period: "Tempoh", salary: "Gaji", shown: "Banding dalam", label: "Label",
  per: { hour: "sejam", day: "sehari", week: "seminggu", month: "sebulan", year: "setahun" },
  loading: "Sedang mengira…", rate: "Kadar", on: "kadar bertarikh", source: "Sumber", sources: "Sumber", asOf: "berkuat kuasa dari {date}",
  why: "Mengapa tarikh ini", edit: "Tukar angka", credit: "Dikira dengan wagecalc",
  equivalents: "Kesetaraan gaji", compare: "Perbandingan gaji",
  needAmount: "Masukkan jumlah, contohnya 900,000.", badAmount: "Masukkan jumlah sebagai nombor, contohnya 900,000 atau 1.5m.",
  badCurrency: "Masukkan kod mata wang tiga huruf, contohnya USD.", noRate: "Tiada kadar pertukaran untuk mata wang ini pada tarikh ini.",
  stale: "Lapuk: jawapan untuk angka sebelumnya dipaparkan.",
  unreachable: "Pengiraan tidak dapat dicapai sekarang. Cuba lagi kemudian.",
  failed: "Pengiraan gagal. Cuba lagi kemudian.",
  author: "Pengiraan ini tidak dapat dipaparkan kerana kesilapan pada halaman.",
  fallback: {
    latest: "tiada tarikh diminta, jadi kadar terbaharu yang diterbitkan digunakan",
    "not-published": "tiada kadar diterbitkan pada hari yang diminta (hujung minggu atau cuti), jadi kadar terakhir sebelumnya digunakan",
    "after-last-published": "tarikh itu selepas kadar terbaharu yang ada, jadi kadar terbaharu itu digunakan",
    "future-date": "tarikh itu belum tiba, jadi kadar terbaharu digunakan",
    "live-unavailable": "sumber kadar langsung gagal, jadi sejarah terbenam digunakan",
  },
};

/** The UI strings for a language tag (the answers themselves come localized from the service). */
function strings(tag) {
  const t = String(tag || "").toLowerCase();
  if (/^zh[-_](tw|hk|mo|hant)/.test(t)) return HANT;
  if (t.startsWith("zh")) return HANS;
  return t === "ms" || t.startsWith("ms-") || t.startsWith("ms_") ? MS : EN;
}

// ---- The reader's amount -------------------------------------------------------------

/** Currency signs a reader may type, and the code each stands for (null: more than one). */
const SIGNS = [
  ["US$", "USD"], ["HK$", "HKD"], ["NT$", "TWD"], ["S$", "SGD"], ["A$", "AUD"], ["C$", "CAD"],
  ["RM", "MYR"], ["€", "EUR"], ["£", "GBP"], ["₹", "INR"], ["$", null], ["¥", null], ["￥", null], ["元", null],
];
const SUFFIXES = { k: 3, m: 6, mn: 6, bn: 9 };
const CJK_SUFFIXES = { 千: 3, 万: 4, 萬: 4, 亿: 8, 億: 8 };

/** The locale's grouping and decimal separators (Intl knows them). */
function separators(tag) {
  let parts = [];
  try {
    parts = new Intl.NumberFormat(tag).formatToParts(12345.5);
  } catch {
    parts = new Intl.NumberFormat("en").formatToParts(12345.5);
  }
  const find = (type, fallback) => (parts.find((p) => p.type === type) || { value: fallback }).value;
  return { group: find("group", ","), decimal: find("decimal", ".") };
}

/** "12" "5" shifted by `power` decimal places → a plain decimal string, no float involved. */
function shift(whole, fraction, power) {
  let digits = whole + fraction;
  let point = whole.length + power;
  if (point > digits.length) digits += "0".repeat(point - digits.length);
  const intPart = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
  const fracPart = digits.slice(point).replace(/0+$/, "");
  return fracPart ? `${intPart}.${fracPart}` : intPart;
}

/**
 * What a reader typed, as the API's plain decimal string: `{amount, currency}` (currency is
 * the code a symbol or code named, else null), or null when it cannot be read for sure.
 * Accepts the locale's grouping and decimal separators, spaces as grouping, a currency
 * symbol or code before or after, k / m / bn suffixes, and 千 / 万 / 亿 in Chinese.
 */
export function parseAmount(text, tag = "en") {
  let s = String(text ?? "").normalize("NFKC").replace(/[\s\u00a0\u202f\u2009]+/g, " ").trim();
  if (!s) return null;
  let currency = null;
  const code = /^([A-Za-z]{3}) ?(?=\d)|(?<=[\d千万萬亿億kKmMnN]) ?([A-Za-z]{3})$/.exec(s);
  if (code) {
    currency = (code[1] || code[2]).toUpperCase();
    s = (code[1] ? s.slice(code[0].length) : s.slice(0, s.length - code[0].length)).trim();
  }
  if (currency === null) {
    for (const [sign, stands] of SIGNS) {
      if (s.startsWith(sign)) {
        s = s.slice(sign.length).trim();
        currency = stands;
        break;
      }
      if (s.endsWith(sign)) {
        s = s.slice(0, -sign.length).trim();
        currency = stands;
        break;
      }
    }
  }
  let power = 0;
  const cjk = String(tag).toLowerCase().startsWith("zh") ? /(千|万|萬|亿|億)$/.exec(s) : null;
  const suffix = cjk || /\s?(k|m|mn|bn)$/i.exec(s);
  if (suffix) {
    power = cjk ? CJK_SUFFIXES[suffix[1]] : SUFFIXES[suffix[1].toLowerCase()];
    s = s.slice(0, s.length - suffix[0].length).trim();
  }
  const { group, decimal } = separators(tag);
  // Spaces always group; the locale's own grouping sign only where it groups three digits.
  const g = group.replace(/[\s\u00a0\u202f]/, " ");
  const esc = (c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const grouped = new RegExp(`^(\\d{1,3}(?:(?:${esc(g)}| )\\d{3})+|\\d+)(?:${esc(decimal)}(\\d+))?$`);
  const m = grouped.exec(s);
  if (!m) return null;
  const whole = m[1].replace(/\D/g, "");
  const amount = shift(whole, m[2] || "", power);
  if (!/[1-9]/.test(amount)) return null;
  return { amount, currency };
}

// ---- DOM helpers -----------------------------------------------------------------------

/** An element: h("a", {href}, child, "text"...). Children are nodes or plain text. */
function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v != null && v !== false) node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c != null && c !== false) node.append(c);
  return node;
}

/** The URL if it is http(s), else null: nothing else becomes an href. */
function safeUrl(text) {
  try {
    const url = new URL(String(text));
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function link(text, url) {
  const href = url && safeUrl(url);
  return href ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, text) : text;
}

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
:host{--_fg:var(--wagecalc-fg,#1b1b1b);--_bg:var(--wagecalc-bg,#fff);--_m:var(--wagecalc-muted,#595959);
--_a:var(--wagecalc-accent,#0b57d0);--_b:var(--wagecalc-border,#d4d4d4);--_e:var(--wagecalc-error,#a50e0e);
--_r:var(--wagecalc-radius,8px);color-scheme:light;
display:flex;flex-direction:column;box-sizing:border-box;max-width:var(--wagecalc-max-width,42rem);padding:var(--wagecalc-padding,1rem);
min-height:var(--wagecalc-min-height,44rem);container-type:inline-size;overflow-wrap:anywhere;
font:var(--wagecalc-font,16px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",sans-serif);
color:var(--_fg);background:var(--_bg);border-radius:var(--_r)}
:host(wagecalc-compare){min-height:var(--wagecalc-min-height,34rem)}
@media (min-width:40rem){:host{min-height:var(--wagecalc-min-height,34rem)}:host(wagecalc-compare){min-height:var(--wagecalc-min-height,22rem)}}
:host([theme=dark]){--_fg:var(--wagecalc-fg,#ececec);--_bg:var(--wagecalc-bg,#1e1f22);--_m:var(--wagecalc-muted,#b4b4b4);
--_a:var(--wagecalc-accent,#8ab4f8);--_b:var(--wagecalc-border,#4a4a4a);--_e:var(--wagecalc-error,#ff9e9e);color-scheme:dark}
@media (prefers-color-scheme:dark){:host([theme=auto]){--_fg:var(--wagecalc-fg,#ececec);--_bg:var(--wagecalc-bg,#1e1f22);
--_m:var(--wagecalc-muted,#b4b4b4);--_a:var(--wagecalc-accent,#8ab4f8);--_b:var(--wagecalc-border,#4a4a4a);
--_e:var(--wagecalc-error,#ff9e9e);color-scheme:dark}}
[hidden]{display:none!important}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
a{color:var(--_a)}
:focus-visible{outline:2px solid var(--_a);outline-offset:2px}
p,ul{margin:0}
.head{margin:0 0 .75rem}
.lede{display:block;color:var(--_m);font-size:.9375em}
.figure{display:block;font-size:clamp(1.75rem,9cqi,2.75rem);line-height:1.15;font-weight:700;font-variant-numeric:tabular-nums;letter-spacing:-.01em}
.tail{display:block;color:var(--_m);font-size:.9375em}
.pair{font-size:clamp(1.125rem,5cqi,1.375rem);line-height:1.3;font-weight:650;margin:0 0 .75rem}
.items{list-style:none;padding:0;margin:0 0 .75rem}
.items li{margin:0 0 .5rem;padding-left:.75rem;border-left:3px solid var(--_a)}
.fine{font-size:.8125em;line-height:1.45;color:var(--_m)}
.fine p{margin:0 0 .25rem}
.answer-body{display:flow-root;margin-bottom:.75rem}
/* The footer sits at the foot of the reserved height, so a growing answer moves nothing. */
.foot{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;margin-top:auto;
padding-top:.5rem;border-top:1px solid var(--_b);font-size:.8125em;color:var(--_m)}
.edit{font:inherit;color:var(--_a);background:transparent;border:1px solid currentColor;border-radius:999px;
padding:.25rem .875rem;cursor:pointer;min-height:2rem}
.stale-note{font-size:.8125em;color:var(--_e);margin:0 0 .5rem}
.stale .answer-body{opacity:.55}
.err{color:var(--_e)}
form{display:grid;gap:.75rem;margin:.75rem 0 0}
fieldset{display:flex;flex-wrap:wrap;gap:.5rem .75rem;border:1px solid var(--_b);border-radius:var(--_r);margin:0;padding:.25rem .75rem .75rem;min-width:0}
legend{font-weight:600;padding:0 .25rem}
label{display:flex;flex-direction:column;font-size:.875em;gap:.125rem}
input,select{font:inherit;font-size:1rem;color:var(--_fg);background:var(--_bg);border:1px solid var(--_m);border-radius:calc(var(--_r) / 2);padding:.25rem .5rem;min-width:0}
input[aria-invalid=true]{border-color:var(--_e);border-width:2px}
input[name$=amount]{width:9em}input[name$=currency]{width:4.5em;text-transform:uppercase}
.msg{flex-basis:100%;font-size:.8125em;margin:0}
.msg.bad{color:var(--_e)}
table{border-collapse:collapse;width:100%;font-size:.875em;margin:0 0 .75rem}
th,td{text-align:start;padding:.25rem .75rem .25rem 0;border-bottom:1px solid var(--_b);vertical-align:top}
td{font-variant-numeric:tabular-nums}
@container (max-width:34rem){
table,thead,tbody,tr,th,td{display:block}
thead tr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
tbody tr{padding:.375rem 0;border-bottom:1px solid var(--_b)}
tbody th,tbody td{border:0;padding:.0625rem 0}
tbody th{font-weight:650}
tbody td{display:flex;justify-content:space-between;gap:1rem}
tbody td::before{content:attr(data-label);color:var(--_m)}
}
`);

/** Every element on the page by the landmark name it would like, so names stay unique. */
const NAMES = new Map();

class Widget extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    this._timer = 0;
    this._abort = null;
    this._built = false;
    this._edited = new Set();
    this._answer = null;
    this._announced = "";
  }

  connectedCallback() {
    if (!this._built) this._build();
    else this._name(this._answer);
    // An embed page already holds the server's answer: no request until the reader edits.
    // Otherwise ask now, not on a timer: a timer fires only after the page's first layout
    // and paint, which took 13-57 ms of the first answer's time in Chromium (bench/widget_load).
    // A page script that changes an attribute after this restarts the request (_schedule).
    if (!this._answer && !this._serverAnswer()) {
      clearTimeout(this._timer);
      this._load();
    }
  }

  disconnectedCallback() {
    clearTimeout(this._timer);
    if (this._abort) this._abort.abort();
    this._forgetName();
  }

  attributeChangedCallback(name) {
    if (!this._built || name === "theme") return;
    if (name === "locale") {
      // New labels in the new language; the next answer comes in it too.
      this._t = strings(this._tag);
      this._form.replaceChildren();
      this._fields(this._t);
      this._edit.textContent = this._t.edit;
      this._credit.textContent = this._t.credit;
      this._out.setAttribute("lang", this._tag);
    }
    this._edited.clear();
    this._fill();
    this._schedule(300);
  }

  get _tag() {
    return this.getAttribute("locale") || navigator.language || "en";
  }

  get _api() {
    return (this.getAttribute("api") || ORIGIN).replace(/\/+$/, "");
  }

  /** True on an /embed/* page whose server-rendered answer is the element's children. */
  _serverAnswer() {
    return document.documentElement.hasAttribute("data-wagecalc-embed") && this.querySelector(".wagecalc-answer") !== null;
  }

  _build() {
    this._built = true;
    const t = (this._t = strings(this._tag));
    const id = `wagecalc-form`;
    this._form = h("form", { part: "form", novalidate: true, id, hidden: true });
    this._form.addEventListener("submit", (e) => {
      e.preventDefault();
      this._changed(0);
    });
    this._form.addEventListener("input", (e) => {
      if (e.target && e.target.name) this._edited.add(e.target.name);
      this._changed(300);
    });
    this._fields(t);
    // The page's own children (a sentence to show before the first answer, or an embed page's
    // whole answer) stay in place until an answer of the element's own replaces them.
    this._slot = h("slot");
    this._body = h("div", { class: "answer-body" }, this._slot);
    this._out = h("div", { part: "answer", role: "region", lang: this._tag }, this._body);
    this._live = h("p", { class: "sr", "aria-live": "polite", "aria-atomic": "true" });
    this._edit = h("button", { type: "button", class: "edit", "aria-expanded": "false", "aria-controls": id }, t.edit);
    this._edit.addEventListener("click", () => this._toggle());
    this._credit = h("span", null, t.credit);
    const foot = h("div", { class: "foot", part: "footer" }, this._credit, this._edit);
    const list = h("datalist", { id: "wagecalc-currencies" });
    for (const c of CURRENCIES) list.append(h("option", { value: c }));
    this.shadowRoot.append(this._out, this._live, foot, this._form, list);
    this._name(null);
    this._fill();
  }

  _toggle() {
    const open = this._form.hidden;
    this._form.hidden = !open;
    this._edit.setAttribute("aria-expanded", String(open));
    if (open) this._form.querySelector("input")?.focus();
  }

  /** The landmark's name: what it shows, made unique on the page with a number. */
  _name(answer) {
    this._forgetName();
    const base = this._landmark(this._t, answer);
    const taken = NAMES.get(base) || new Set();
    NAMES.set(base, taken);
    let n = 1;
    const used = new Set([...taken].map((e) => e._nameIndex));
    while (used.has(n)) n += 1;
    taken.add(this);
    this._nameBase = base;
    this._nameIndex = n;
    this._out.setAttribute("aria-label", n === 1 ? base : `${base} (${n})`);
  }

  _forgetName() {
    if (this._nameBase) NAMES.get(this._nameBase)?.delete(this);
    this._nameBase = null;
  }

  _input(name, label, props) {
    const input = h("input", { name, ...props });
    return [input, h("label", null, label, input)];
  }

  _currency(name, t) {
    return this._input(name, t.currency, {
      autocomplete: "off", spellcheck: "false", maxlength: 3, list: "wagecalc-currencies",
    });
  }

  _period(name, t) {
    const select = h("select", { name });
    for (const p of PERIODS) select.append(h("option", { value: p }, t.per[p]));
    return [select, h("label", null, t.period, select)];
  }

  _amount(name, t) {
    return this._input(name, t.amount, { inputmode: "decimal", autocomplete: "off", spellcheck: "false" });
  }

  /** The message line next to a field (aria-describedby points at it). */
  _message(input) {
    const msg = h("p", { class: "msg", id: `${input.name}-msg`, hidden: true });
    input.setAttribute("aria-describedby", msg.id);
    return msg;
  }

  /** Show `text` next to `input` (bad: aria-invalid too); null clears it. */
  _say(input, text, bad) {
    const msg = this.shadowRoot.getElementById(`${input.name}-msg`);
    if (!msg) return;
    msg.textContent = text || "";
    msg.hidden = !text;
    msg.classList.toggle("bad", Boolean(bad && text));
    if (bad && text) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  _clearMessages() {
    for (const input of this._form.querySelectorAll("input")) this._say(input, null);
  }

  /** The reader changed something: read it, and ask only when every field can be read. */
  _changed(delay) {
    clearTimeout(this._timer);
    const problems = this._readerProblems();
    if (problems.length) {
      if (this._abort) this._abort.abort();
      for (const [input, text, bad] of problems) this._say(input, text, bad);
      this._stale(true);
      return;
    }
    this._schedule(delay);
  }

  /** Each amount and currency field checked as a reader typed it: [input, message, bad]. */
  _readerProblems() {
    const t = this._t;
    const out = [];
    for (const input of this._form.querySelectorAll("input")) {
      if (!this._edited.has(input.name)) continue;
      if (input.name.endsWith("amount")) {
        if (!input.value.trim()) out.push([input, t.needAmount, false]);
        else if (!parseAmount(input.value, this._tag)) out.push([input, t.badAmount, true]);
        else this._say(input, null);
      } else if (input.name.endsWith("currency")) {
        if (!/^\s*[A-Za-z]{3}\s*$/.test(input.value)) out.push([input, t.badCurrency, true]);
        else this._say(input, null);
      }
    }
    return out;
  }

  /** The amount a field holds, as the API's plain decimal (a currency typed with it moves to
   * the currency field). */
  _amountOf(input, currencyInput) {
    // The page's own attribute is the API's plain decimal: only what a reader typed is read leniently.
    if (!this._edited.has(input.name)) return input.value.trim();
    const parsed = parseAmount(input.value, this._tag);
    if (!parsed) return input.value.trim();
    if (parsed.currency && currencyInput) currencyInput.value = parsed.currency;
    return parsed.amount;
  }

  /** An answer is on show: one this element fetched, or the embed page's own. */
  get _hasAnswer() {
    return Boolean(this._answer) || this._serverAnswer();
  }

  _stale(on) {
    if (!this._hasAnswer) return;
    this._out.classList.toggle("stale", on);
    const note = this._out.querySelector(".stale-note");
    if (on && !note) this._out.prepend(h("p", { class: "stale-note" }, this._t.stale));
    if (!on && note) note.remove();
  }

  _schedule(delay) {
    clearTimeout(this._timer);
    this._timer = setTimeout(() => this._load(), delay);
  }

  _query(path, params) {
    const url = new URL(this._api + path);
    for (const [k, v] of Object.entries(params)) if (v != null && v !== "") url.searchParams.set(k, v);
    url.searchParams.set("locale", this._tag);
    return url;
  }

  async _load() {
    if (this._abort) this._abort.abort();
    const abort = (this._abort = new AbortController());
    const t = this._t;
    this._out.setAttribute("aria-busy", "true");
    if (!this._hasAnswer && !this._slot.assignedNodes().some((n) => n.nodeType === 1 || n.textContent.trim())) {
      this._body.replaceChildren(h("p", { class: "fine" }, t.loading));
    }
    try {
      let response;
      try {
        response = await fetch(this._url(), { signal: abort.signal, credentials: "omit" });
      } catch (e) {
        if (e && e.name === "AbortError") throw e;
        throw { unreachable: true };
      }
      let body = null;
      try {
        body = await response.json();
      } catch (e) {
        if (e && e.name === "AbortError") throw e;
      }
      if (!response.ok) throw { status: response.status, problem: body };
      if (abort.signal.aborted) return;
      this._answer = body;
      this._clearMessages();
      this._out.classList.remove("stale");
      this._out.querySelector(".stale-note")?.remove();
      this._out.querySelector(".err")?.remove();
      this._body.replaceChildren(...this._render(t, body));
      this._name(body);
      this._announce();
    } catch (e) {
      if (abort.signal.aborted || (e && e.name === "AbortError")) return;
      this._failed(t, e);
    } finally {
      if (this._abort === abort) this._out.removeAttribute("aria-busy");
    }
  }

  /** Tell screen readers the new headline, and only it, when it changed. */
  _announce() {
    const head = this._body.querySelector(".head, .pair");
    const text = head ? head.textContent.replace(/\s+/g, " ").trim() : "";
    if (text && text !== this._announced) {
      // The first answer is on the page already; later ones are what the reader asked for.
      if (this._announced) this._live.textContent = text;
      this._announced = text;
    }
  }

  /** A refused or failed request: the reader's mistake next to the field, the page author's
   * as a visible message plus a console warning with the API's own detail. */
  _failed(t, e) {
    if (e && e.unreachable) return this._banner(t.unreachable);
    const problem = e && e.problem && typeof e.problem === "object" ? e.problem : null;
    if (!problem || !(e.status >= 400 && e.status < 500)) return this._banner(t.failed);
    const errors = Array.isArray(problem.errors) ? problem.errors : [];
    const reader = [];
    for (const err of errors) {
      const input = this._readerField(err.field, String(err.code || ""));
      if (input) reader.push([input, input.name.endsWith("currency") ? t.noRate : t.badAmount]);
    }
    if (reader.length && reader.length === errors.length) {
      for (const [input, text] of reader) this._say(input, text, true);
      this._stale(true);
      return;
    }
    const fields = errors.map((err) => `${err.field || "?"}: ${err.message || err.code || ""}`).join("; ");
    console.warn(`wagecalc: <${this.localName}> was refused (${e.status}): ${problem.detail || problem.title || ""}${fields ? ` [${fields}]` : ""}`);
    this._banner(t.author);
  }

  /** A message in place of the answer (the last good answer stays, marked out of date). */
  _banner(text) {
    this._out.querySelector(".err")?.remove();
    const box = h("p", { class: "err", role: "alert" }, text);
    if (this._hasAnswer) {
      this._stale(true);
      this._out.querySelector(".stale-note")?.after(box);
    } else if (this._body.contains(this._slot)) {
      // The page's own sentence stays under the message: it may still be true.
      this._body.prepend(box);
    } else {
      this._body.replaceChildren(box);
    }
  }

  /** The rate line(s): value, path, date, the fallback in words, the source as a link. */
  _rates(t, rates) {
    const seen = new Set();
    const out = [];
    for (const r of rates) {
      if (!r || r.base === r.target) continue;
      const key = `${r.base}${r.target}${r.rate_date}${r.fallback}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // The server's own line, in the answer's language, rate to four decimals and a stale
      // rate said in words ("rate of 2026-10-30, 28 days before the date asked"); the exact
      // rate stays in the JSON. The old form only for an answer without it.
      const line = r.text || `${t.rate}: 1 ${r.base} = ${r.value} ${r.target}, ${t.on} ${r.rate_date}.`;
      out.push(
        h(
          "p",
          null,
          `${line}${t.gap}${(r.path || []).join("→")}${t.stop}${t.gap}${t.source}${t.colon}`,
          link(r.source ? r.source.publisher : "", r.source && r.source.url),
          t.stop,
        ),
      );
      if (r.fallback) {
        const why = r.fallback_text || `${t.why}: ${t.fallback[r.fallback] || r.fallback_detail || r.fallback}.`;
        out.push(h("p", null, why));
      }
    }
    return out;
  }
}

/** <wagecalc-equivalents amount currency period date rules locale compact api to theme> */
class Equivalents extends Widget {
  static observedAttributes = ["amount", "currency", "period", "date", "rules", "locale", "compact", "api", "to", "theme"];

  _landmark(t, answer) {
    const a = answer && answer.amount;
    const amount = a ? a.formatted : `${this.getAttribute("currency") || ""} ${this.getAttribute("amount") || ""}`.trim();
    const period = t.per[(a && a.period) || this.getAttribute("period") || "year"] || "";
    return `${t.equivalents}: ${amount} ${period}`.trim();
  }

  _fields(t) {
    const [amount, a] = this._amount("amount", t);
    const [currency, c] = this._currency("currency", t);
    const [period, p] = this._period("period", t);
    this._inputs = { amount, currency, period };
    this._form.append(h("fieldset", null, h("legend", null, t.salary), a, c, p, this._message(amount), this._message(currency)));
  }

  _fill() {
    const i = this._inputs;
    i.amount.value = this.getAttribute("amount") || "";
    i.currency.value = this.getAttribute("currency") || "USD";
    i.period.value = PERIODS.includes(this.getAttribute("period")) ? this.getAttribute("period") : "year";
  }

  _readerField(field) {
    const i = this._inputs;
    if (field === "amount" && this._edited.has("amount")) return i.amount;
    if (field === "currency" && this._edited.has("currency")) return i.currency;
    return null;
  }

  _url() {
    const i = this._inputs;
    const compact = this.hasAttribute("compact") && this.getAttribute("compact") !== "false";
    const amount = this._amountOf(i.amount, i.currency);
    const to = (this.getAttribute("to") || "").trim();
    return this._query("/v1/equivalents", {
      amount,
      currency: i.currency.value.trim().toUpperCase(),
      period: i.period.value,
      date: this.getAttribute("date"),
      rules: this.getAttribute("rules"),
      compact: compact ? "true" : null,
      to: to || null,
    });
  }

  _render(t, eq) {
    const nodes = [];
    const rates = [];
    const items = eq.equivalents || [];
    const conv = eq.conversion;
    if (conv) {
      const [lede, figure, tail] = t.head(conv.from.formatted, t.per[conv.from.period], conv.to.formatted);
      nodes.push(h("p", { class: "head" }, h("span", { class: "lede" }, `${lede} `), h("strong", { class: "figure" }, figure), tail ? h("span", { class: "tail" }, ` ${tail}`) : null));
      rates.push(conv.rate);
    } else if (items.length) {
      let figure = items[0].count;
      try {
        figure = new Intl.NumberFormat(this._tag, { maximumFractionDigits: 12 }).format(items[0].count);
      } catch {}
      nodes.push(h("p", { class: "head" }, h("strong", { class: "figure" }, figure), h("span", { class: "lede" }, ` ${items[0].sentence}`)));
    }
    const list = h("ul", { class: "items" });
    for (const item of conv ? items : items.slice(1)) list.append(h("li", null, item.sentence));
    if (list.childElementCount) nodes.push(list);
    const sources = h("p", null, `${t.sources}${t.colon}`);
    items.forEach((item, n) => {
      const s = item.source || {};
      if (n) sources.append(t.semi);
      sources.append(link(`${s.publisher}${t.comma}${s.title}`, s.url), `${t.lp}${s.date_text ?? s.date}${t.semi}${t.asOf.replace("{date}", item.in_force_from)}${t.rp}`);
      rates.push(item.conversion);
    });
    sources.append(t.stop);
    nodes.push(h("div", { class: "fine" }, ...this._rates(t, rates), items.length ? sources : null));
    return nodes;
  }
}

/** "900000 USD/year" → [amount, currency, period] */
function parseSalary(text) {
  const m = /^\s*(\S+)\s+([A-Za-z]{3})\s*\/\s*([a-z]+)\s*$/.exec(text || "");
  return m ? [m[1], m[2].toUpperCase(), m[3]] : [String(text || ""), "USD", "year"];
}

/** <wagecalc-compare a b currency a-label b-label date locale api theme> */
class Compare extends Widget {
  static observedAttributes = ["a", "b", "currency", "a-label", "b-label", "date", "locale", "api", "theme"];

  _landmark(t) {
    return `${t.compare}: ${this.getAttribute("a-label") || "A"} / ${this.getAttribute("b-label") || "B"}`;
  }

  _fields(t) {
    this._inputs = {};
    this._legends = {};
    for (const side of ["a", "b"]) {
      const [amount, a] = this._amount(`${side}-amount`, t);
      const [currency, c] = this._currency(`${side}-currency`, t);
      const [period, p] = this._period(`${side}-period`, t);
      this._inputs[side] = { amount, currency, period };
      this._legends[side] = h("legend");
      this._form.append(h("fieldset", null, this._legends[side], a, c, p, this._message(amount), this._message(currency)));
    }
    const [shown, s] = this._currency("currency", t);
    this._inputs.currency = shown;
    s.firstChild.textContent = t.shown;
    this._form.append(h("div", null, s, this._message(shown)));
  }

  _fill() {
    for (const side of ["a", "b"]) {
      const [amount, currency, period] = parseSalary(this.getAttribute(side));
      const i = this._inputs[side];
      i.amount.value = amount;
      i.currency.value = currency;
      i.period.value = PERIODS.includes(period) ? period : "year";
      this._legends[side].textContent = this.getAttribute(`${side}-label`) || `${this._t.salary} ${side.toUpperCase()}`;
    }
    this._inputs.currency.value = this.getAttribute("currency") || "USD";
  }

  _readerField(field, code) {
    const side = /^(a|b)$/.exec(field || "");
    if (side) {
      // One field on the wire ("900000 USD/year"), two in the form: the code says which.
      const i = this._inputs[side[1]];
      const order = code.startsWith("currency") ? [i.currency, i.amount] : [i.amount, i.currency];
      return order.find((input) => this._edited.has(input.name)) || null;
    }
    if (field === "currency" && this._edited.has("currency")) return this._inputs.currency;
    return null;
  }

  _url() {
    const salary = (i) => `${this._amountOf(i.amount, i.currency)} ${i.currency.value.trim().toUpperCase()}/${i.period.value}`;
    return this._query("/v1/compare", {
      a: salary(this._inputs.a),
      b: salary(this._inputs.b),
      currency: this._inputs.currency.value.trim().toUpperCase(),
      a_label: this.getAttribute("a-label"),
      b_label: this.getAttribute("b-label"),
      date: this.getAttribute("date"),
    });
  }

  _render(t, cmp) {
    const money = (v) => {
      try {
        return new Intl.NumberFormat(this._tag, { style: "currency", currency: cmp.currency }).format(v);
      } catch {
        return `${cmp.currency} ${v}`;
      }
    };
    const pairs = cmp.pairs || [];
    const nodes = pairs.slice(0, 1).map((p) => h("p", { class: "pair" }, p.sentence));
    if (pairs.length > 1) nodes.push(h("ul", { class: "items" }, ...pairs.slice(1).map((p) => h("li", null, p.sentence))));
    const cols = ["year", "month", "hour"];
    const heads = cols.map((c) => `${cmp.currency} ${t.per[c]}`);
    // Explicit roles: the narrow layout stacks the cells, and the table must stay a table.
    const head = h("tr", { role: "row" }, h("th", { scope: "col", role: "columnheader" }, t.label), ...heads.map((c) => h("th", { scope: "col", role: "columnheader" }, c)));
    const body = h("tbody", { role: "rowgroup" });
    for (const s of cmp.salaries) {
      body.append(h("tr", { role: "row" }, h("th", { scope: "row", role: "rowheader" }, s.label), ...cols.map((c, n) => h("td", { role: "cell", "data-label": heads[n] }, money(s.per_period[c])))));
    }
    nodes.push(h("table", { role: "table" }, h("thead", { role: "rowgroup" }, head), body));
    nodes.push(h("div", { class: "fine" }, ...this._rates(t, cmp.salaries.map((s) => s.rate))));
    return nodes;
  }
}

if (!customElements.get("wagecalc-equivalents")) customElements.define("wagecalc-equivalents", Equivalents);
if (!customElements.get("wagecalc-compare")) customElements.define("wagecalc-compare", Compare);

// Inside an /embed/* page framed by another site: tell the parent how tall the page is,
// so the host snippet (/widget/v2/host.js) can size the iframe. Only the height is sent:
// when it changes, and again when the parent asks (host.js may start after the first report).
if (document.documentElement.hasAttribute("data-wagecalc-embed") && window.parent !== window && "ResizeObserver" in window) {
  let last = -1;
  const report = (always) => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (always || height !== last) {
      last = height;
      window.parent.postMessage({ type: "wagecalc:height", height }, "*");
    }
  };
  // Report now and on load too: Chromium runs no ResizeObserver in an offscreen frame of
  // another origin, so a frame below the fold would otherwise never report.
  report(false);
  addEventListener("load", () => report(false));
  new ResizeObserver(() => report(false)).observe(document.documentElement);
  addEventListener("message", (event) => {
    if (event.source === window.parent && event.data && event.data.type === "wagecalc:measure") report(true);
  });
}
