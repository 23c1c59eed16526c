// wagecalc widget v1: <wagecalc-equivalents> and <wagecalc-compare>.
// One ES module, no dependencies, no build step. DOM is built with createElement and
// textContent only: nothing the service answers is ever parsed as HTML.
// Theming: --wagecalc-font, --wagecalc-fg, --wagecalc-bg, --wagecalc-accent,
// --wagecalc-border, --wagecalc-error, --wagecalc-radius, --wagecalc-padding, --wagecalc-max-width.
const ORIGIN = new URL(import.meta.url).origin;
const PERIODS = ["hour", "day", "week", "month", "year"];
const CURRENCIES = ["USD", "MYR", "EUR", "GBP", "CNY", "HKD", "TWD", "SGD", "JPY", "AUD", "CAD", "INR"];

const EN = {
  amount: "Amount", currency: "Currency", period: "Period", salary: "Salary", shown: "Compare in",
  label: "Label", amt: (a, p) => `${a} ${p}`, per: { hour: "per hour", day: "per day", week: "per week", month: "per month", year: "per year" },
  loading: "Calculating…", rate: "Rate", on: "rate of", source: "Source", asOf: "in force from",
  why: "Why this date", unreachable: "The wagecalc service cannot be reached. Try again later.",
  refused: "The request was refused", status: "The service answered with status",
  fallback: {
    latest: "no date was asked for, so the newest published rate is used",
    "not-published": "no rate was published on the requested day (a weekend or holiday), so the latest one before it is used",
    "after-last-published": "the date is after the newest rate available, so that newest rate is used",
    "future-date": "the date has not happened yet, so the newest rate is used",
    "live-unavailable": "the live rate source failed, so the embedded history answered",
  },
};
const HANS = {
  amount: "金额", currency: "货币", period: "周期", salary: "薪酬", shown: "换算货币", label: "名称",
  amt: (a, p) => `${p}${a}`,
  per: { hour: "每小时", day: "每天", week: "每周", month: "每月", year: "每年" },
  loading: "计算中…", rate: "汇率", on: "汇率日期", source: "来源", asOf: "生效自", why: "为何用此日期",
  unreachable: "无法连接 wagecalc 服务，请稍后再试。", refused: "请求被拒绝", status: "服务返回状态",
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
  loading: "計算中…", rate: "匯率", on: "匯率日期", source: "來源", why: "為何用此日期",
  unreachable: "無法連線 wagecalc 服務，請稍後再試。", refused: "請求被拒絕", status: "服務回傳狀態",
};

/** The UI strings for a language tag (the answers themselves come localized from the service). */
function strings(tag) {
  const t = String(tag || "").toLowerCase();
  if (/^zh[-_](tw|hk|mo|hant)/.test(t)) return HANT;
  return t.startsWith("zh") ? HANS : EN;
}

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
:host{--_fg:var(--wagecalc-fg,#1b1b1b);--_bg:var(--wagecalc-bg,#fff);--_a:var(--wagecalc-accent,#0b57d0);
--_b:var(--wagecalc-border,#c4c4c4);--_e:var(--wagecalc-error,#a50e0e);--_r:var(--wagecalc-radius,8px);
display:block;box-sizing:border-box;max-width:var(--wagecalc-max-width,42rem);padding:var(--wagecalc-padding,1rem);
font:var(--wagecalc-font,16px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK SC",sans-serif);
color:var(--_fg);background:var(--_bg);border:1px solid var(--_b);border-radius:var(--_r)}
@media (prefers-color-scheme:dark){:host{--_fg:var(--wagecalc-fg,#ececec);--_bg:var(--wagecalc-bg,#1e1f22);
--_a:var(--wagecalc-accent,#8ab4f8);--_b:var(--wagecalc-border,#555);--_e:var(--wagecalc-error,#ff9e9e)}}
[hidden]{display:none!important}
form{display:flex;flex-wrap:wrap;gap:.75rem;margin:0 0 .75rem}
fieldset{display:flex;flex-wrap:wrap;gap:.5rem;border:1px solid var(--_b);border-radius:var(--_r);margin:0;padding:.25rem .75rem .75rem}
legend{font-weight:600;padding:0 .25rem}
label{display:flex;flex-direction:column;font-size:.875em;gap:.125rem}
input,select{font:inherit;color:var(--_fg);background:var(--_bg);border:1px solid var(--_b);border-radius:calc(var(--_r) / 2);padding:.25rem .5rem;min-width:0}
input[name$=amount]{width:9em}input[name$=currency]{width:4.5em;text-transform:uppercase}input[name$=label]{width:9em}
:focus-visible{outline:2px solid var(--_a);outline-offset:2px}
a{color:var(--_a)}
p,ul{margin:.375rem 0}ul{padding-left:1.25rem}li{margin:.375rem 0}
[aria-busy=true]{opacity:.7}
.head{font-size:1.125em;font-weight:600}.meta{font-size:.875em}.err{color:var(--_e)}
table{border-collapse:collapse;font-size:.875em;margin:.375rem 0}th,td{text-align:start;padding:.125rem .75rem .125rem 0}
td{font-variant-numeric:tabular-nums}
`);

class Widget extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [sheet];
    this._timer = 0;
    this._abort = null;
    this._built = false;
  }

  connectedCallback() {
    if (!this._built) this._build();
    this._schedule(0);
  }

  disconnectedCallback() {
    clearTimeout(this._timer);
    if (this._abort) this._abort.abort();
  }

  attributeChangedCallback(name) {
    if (!this._built) return;
    if (name === "locale") {
      // New labels in the new language; the next answer comes in it too.
      this._t = strings(this._tag);
      this._form.replaceChildren();
      this._fields(this._t);
      this._out.setAttribute("aria-label", this._name(this._t));
    }
    this._fill();
    this._schedule(300);
  }

  get _tag() {
    return this.getAttribute("locale") || navigator.language || "en";
  }

  get _api() {
    return (this.getAttribute("api") || ORIGIN).replace(/\/+$/, "");
  }

  _build() {
    this._built = true;
    const t = (this._t = strings(this._tag));
    this._form = h("form", { part: "form", novalidate: true });
    this._form.addEventListener("submit", (e) => {
      e.preventDefault();
      this._schedule(0);
    });
    this._form.addEventListener("input", () => this._schedule(300));
    this._fields(t);
    this._slot = h("slot");
    this._out = h("div", { part: "answer", role: "region", "aria-live": "polite", "aria-label": this._name(t) });
    const list = h("datalist", { id: "wagecalc-currencies" });
    for (const c of CURRENCIES) list.append(h("option", { value: c }));
    this.shadowRoot.append(this._slot, this._form, list, this._out);
    this._fill();
  }

  _input(name, label, props) {
    const input = h("input", { name, ...props });
    return [input, h("label", null, label, input)];
  }

  _currency(name, t) {
    return this._input(name, t.currency, {
      autocomplete: "off", spellcheck: "false", maxlength: 3, pattern: "[A-Za-z]{3}", list: "wagecalc-currencies",
    });
  }

  _period(name, t) {
    const select = h("select", { name });
    for (const p of PERIODS) select.append(h("option", { value: p }, t.per[p]));
    return [select, h("label", null, t.period, select)];
  }

  _amount(name, t) {
    return this._input(name, t.amount, { inputmode: "decimal", autocomplete: "off", spellcheck: "false", required: true });
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
    if (!this._shown) this._show([h("p", { class: "meta" }, t.loading)]);
    try {
      const answers = [];
      for (const url of this._urls()) {
        let response;
        try {
          response = await fetch(url, { signal: abort.signal, credentials: "omit" });
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
        answers.push(body);
      }
      if (abort.signal.aborted) return;
      this._show(this._render(t, ...answers));
      this._shown = true;
      this._slot.hidden = true;
    } catch (e) {
      if (abort.signal.aborted || (e && e.name === "AbortError")) return;
      this._show(this._error(t, e));
    } finally {
      if (this._abort === abort) this._out.removeAttribute("aria-busy");
    }
  }

  _show(nodes) {
    this._out.replaceChildren(...nodes);
  }

  _error(t, e) {
    const box = h("div", { class: "err", role: "alert" });
    if (e && e.unreachable) box.append(h("p", null, t.unreachable));
    else if (e && e.problem && typeof e.problem === "object") {
      const p = e.problem;
      box.append(h("p", null, `${t.refused}: ${p.detail || p.title || e.status}`));
      const errors = Array.isArray(p.errors) ? p.errors : [];
      if (errors.length) {
        const ul = h("ul");
        for (const err of errors) ul.append(h("li", null, err.field ? `${err.field}: ${err.message}` : String(err.message)));
        box.append(ul);
      }
    } else box.append(h("p", null, `${t.status} ${e && e.status ? e.status : "?"}.`));
    return [box];
  }

  /** The rate line(s): value, path, date, the fallback in words, the source as a link. */
  _rates(t, rates) {
    const seen = new Set();
    const out = [];
    for (const r of rates) {
      if (!r) continue;
      const key = `${r.base}${r.target}${r.rate_date}${r.fallback}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const p = h(
        "p",
        { class: "meta" },
        `${t.rate}: 1 ${r.base} = ${r.value} ${r.target} (${(r.path || []).join("→")}), ${t.on} ${r.rate_date}. ${t.source}: `,
        link(r.source ? r.source.publisher : "", r.source && r.source.url),
        ".",
      );
      out.push(p);
      if (r.fallback) out.push(h("p", { class: "meta" }, `${t.why}: ${t.fallback[r.fallback] || r.fallback_detail || r.fallback}.`));
    }
    return out;
  }
}

/** <wagecalc-equivalents amount currency period date rules locale compact api [to]> */
class Equivalents extends Widget {
  static observedAttributes = ["amount", "currency", "period", "date", "rules", "locale", "compact", "api", "to"];
  _name(t) {
    return t.salary;
  }

  _fields(t) {
    const [amount, a] = this._amount("amount", t);
    const [currency, c] = this._currency("currency", t);
    const [period, p] = this._period("period", t);
    this._inputs = { amount, currency, period };
    this._form.append(h("fieldset", null, h("legend", null, t.salary), a, c, p));
  }

  _fill() {
    const i = this._inputs;
    i.amount.value = this.getAttribute("amount") || "";
    i.currency.value = this.getAttribute("currency") || "USD";
    i.period.value = PERIODS.includes(this.getAttribute("period")) ? this.getAttribute("period") : "year";
  }

  _urls() {
    const i = this._inputs;
    const compact = this.hasAttribute("compact") && this.getAttribute("compact") !== "false";
    const common = { amount: i.amount.value.trim(), date: this.getAttribute("date") };
    const currency = i.currency.value.trim().toUpperCase();
    const urls = [
      this._query("/v1/equivalents", { ...common, currency, period: i.period.value, rules: this.getAttribute("rules"), compact: compact ? "true" : null }),
    ];
    const to = (this.getAttribute("to") || "").toUpperCase();
    if (to && to !== currency) {
      urls.push(this._query("/v1/convert", { ...common, from: currency, to, period: i.period.value, to_period: i.period.value }));
    }
    return urls;
  }

  _render(t, eq, conv) {
    const nodes = [];
    const rates = [];
    if (conv) {
      const { from, to } = conv;
      nodes.push(h("p", { class: "head" }, `${t.amt(from.formatted, t.per[from.period])} = ${t.amt(to.formatted, t.per[to.period])}`));
      rates.push(conv.rate);
    }
    const ul = h("ul");
    for (const item of eq.equivalents) {
      const s = item.source || {};
      const meta = h("span", { class: "meta" }, ` ${t.source}: `, link(`${s.publisher}, ${s.title}`, s.url), ` (${s.date}); ${t.asOf} ${item.in_force_from}.`);
      if (s.note) meta.append(` ${s.note}`);
      ul.append(h("li", null, h("span", null, item.sentence), h("br"), meta));
      rates.push(item.conversion);
    }
    nodes.push(ul, ...this._rates(t, rates));
    return nodes;
  }
}

/** "900000 USD/year" → [amount, currency, period] */
function parseSalary(text) {
  const m = /^\s*(\S+)\s+([A-Za-z]{3})\s*\/\s*([a-z]+)\s*$/.exec(text || "");
  return m ? [m[1], m[2].toUpperCase(), m[3]] : ["", "USD", "year"];
}

/** <wagecalc-compare a b currency a-label b-label date locale api> */
class Compare extends Widget {
  static observedAttributes = ["a", "b", "currency", "a-label", "b-label", "date", "locale", "api"];
  _name(t) {
    return `${this.getAttribute("a-label") || "A"} / ${this.getAttribute("b-label") || "B"}`;
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
      this._form.append(h("fieldset", null, this._legends[side], a, c, p));
    }
    const [shown, s] = this._currency("currency", t);
    this._inputs.currency = shown;
    s.firstChild.textContent = t.shown;
    this._form.append(s);
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

  _urls() {
    const salary = (i) => `${i.amount.value.trim()} ${i.currency.value.trim().toUpperCase()}/${i.period.value}`;
    return [
      this._query("/v1/compare", {
        a: salary(this._inputs.a),
        b: salary(this._inputs.b),
        currency: this._inputs.currency.value.trim().toUpperCase(),
        a_label: this.getAttribute("a-label"),
        b_label: this.getAttribute("b-label"),
        date: this.getAttribute("date"),
      }),
    ];
  }

  _render(t, cmp) {
    const money = (v) => {
      try {
        return new Intl.NumberFormat(this._tag, { style: "currency", currency: cmp.currency }).format(v);
      } catch {
        return `${cmp.currency} ${v}`;
      }
    };
    const nodes = (cmp.pairs || []).map((p) => h("p", { class: "head" }, p.sentence));
    const cols = ["year", "month", "hour"];
    const head = h("tr", null, h("th", { scope: "col" }, t.label), ...cols.map((c) => h("th", { scope: "col" }, `${cmp.currency} ${t.per[c]}`)));
    const body = h("tbody");
    for (const s of cmp.salaries) body.append(h("tr", null, h("th", { scope: "row" }, s.label), ...cols.map((c) => h("td", null, money(s.per_period[c])))));
    nodes.push(h("table", null, h("thead", null, head), body));
    nodes.push(...this._rates(t, cmp.salaries.map((s) => (s.rate && s.rate.base !== s.rate.target ? s.rate : null))));
    return nodes;
  }
}

if (!customElements.get("wagecalc-equivalents")) customElements.define("wagecalc-equivalents", Equivalents);
if (!customElements.get("wagecalc-compare")) customElements.define("wagecalc-compare", Compare);

// Inside an /embed/* page framed by another site: tell the parent how tall the page is,
// so the host snippet (/widget/v1/host.js) can size the iframe. Only the height is sent.
if (document.documentElement.hasAttribute("data-wagecalc-embed") && window.parent !== window && "ResizeObserver" in window) {
  let last = -1;
  new ResizeObserver(() => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "wagecalc:height", height }, "*");
    }
  }).observe(document.documentElement);
}
