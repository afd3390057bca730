// The instructor's console: a live grid of stations and one open station, over the hub's /console WebSocket.
// Plain JS, no build step, no CDN. Every value from a station is put on the page as text (textContent), never as HTML.
"use strict";

const ESCALATING = new Set(["command", "threaten", "dismiss", "argue", "insult", "pressure"]);
const NO_INPUT_ALERT = 60; // seconds without a trainee input
const KEEP = 1500; // events kept per station in the page

const stations = new Map(); // id -> {summary, events: []}
let openId = null;
let ws = null;
let clockOffset = 0; // local seconds - hub seconds
let dirty = new Set();
let retry = 500;

const $ = (id) => document.getElementById(id);
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function connect() {
  const token = decodeURIComponent(location.hash.slice(1));
  ws = new WebSocket(`wss://${location.host}/console`);
  ws.onopen = () => { ws.send(JSON.stringify({ t: "auth", token })); };
  ws.onmessage = (m) => handle(JSON.parse(m.data));
  ws.onclose = (e) => {
    const status = $("status");
    status.className = "status bad";
    status.textContent = e.code === 4003 ? "not admitted: open the address the hub printed (with its #token)" : "hub lost — reconnecting…";
    if (e.code !== 4003) { setTimeout(connect, retry); retry = Math.min(5000, retry * 2); }
  };
}

function handle(msg) {
  if (msg.now) clockOffset = Date.now() / 1000 - msg.now;
  if (msg.t === "snapshot") {
    retry = 500;
    $("status").className = "status ok";
    $("status").textContent = "live";
    $("join").textContent = `join code ${msg.join} · certificate ${msg.fingerprint.slice(0, 23)}…`;
    for (const s of msg.stations) { upsert(s, []); }
    if (openId) send({ t: "open", station: openId });
  } else if (msg.t === "update") {
    upsert(msg.station, msg.events || []);
    if (msg.events && msg.events.length) {
      window.__lastUpdate = { station: msg.station.station, seq: msg.events[msg.events.length - 1].seq, at: Date.now() };
    }
  } else if (msg.t === "transcript") {
    const st = stations.get(msg.station);
    if (st) { st.events = msg.events.slice(-KEEP); st.session = msg.session; if (openId === msg.station) renderDetail(true); }
  } else if (msg.t === "sent") {
    $("c-result").textContent = `sent (${msg.id}) — waiting for the station…`;
  } else if (msg.t === "collecting") {
    $("collected").textContent = `asked ${msg.stations} station(s) for their finished sessions…`;
  } else if (msg.t === "collected") {
    $("collected").textContent = `${msg.count} session(s) collected (last: ${msg.session})`;
  } else if (msg.t === "error") {
    $("c-result").textContent = `refused: ${msg.why}`;
  }
  schedule();
}

function upsert(summary, events) {
  let st = stations.get(summary.station);
  if (!st) { st = { summary, events: [], session: summary.session }; stations.set(summary.station, st); }
  if (st.session !== summary.session) { st.events = []; st.session = summary.session; }
  st.summary = summary;
  for (const e of events) st.events.push(e);
  if (st.events.length > KEEP) st.events.splice(0, st.events.length - KEEP);
  dirty.add(summary.station);
  if (events.length && summary.station === openId) {
    for (const e of events) {
      if (e.type === "instructor") $("c-result").textContent = `applied on the station: ${e.data.kind}${e.data.cue ? " " + e.data.cue : ""}`;
    }
  }
}

let pending = false;
function schedule() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; render(); });
}

function render() {
  const grid = $("grid");
  const ids = [...stations.keys()].sort((a, b) => label(stations.get(a)).localeCompare(label(stations.get(b))));
  for (const id of ids) {
    let card = grid.querySelector(`[data-station="${CSS.escape(id)}"]`);
    if (!card) {
      card = el("div", "card");
      card.dataset.station = id;
      card.tabIndex = 0;
      card.addEventListener("click", () => openStation(id));
      card.addEventListener("keydown", (e) => { if (e.key === "Enter") openStation(id); });
      grid.appendChild(card);
      dirty.add(id);
    }
  }
  for (const id of ids) renderCard(grid.querySelector(`[data-station="${CSS.escape(id)}"]`), stations.get(id)); // cheap: elapsed and idle alerts move anyway
  [...grid.children].forEach((card, i) => { if (card.dataset.station !== ids[i]) grid.insertBefore(grid.querySelector(`[data-station="${CSS.escape(ids[i])}"]`), card); });
  if (openId && dirty.has(openId)) renderDetail(false);
  dirty = new Set();
}

function label(st) { return (st.summary.trainee || st.summary.station || "").toLowerCase(); }

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function alertsOf(s) {
  const out = [];
  if (!s.connected) out.push(["offline", "info"]);
  if (s.paused) out.push(["paused", "info"]);
  if (s.ended) out.push([s.ended === "closed" ? "ended" : s.ended.replace(/_/g, " "), "info"]);
  if (s.alerts.weapon_drawn) out.push(["weapon drawn", ""]);
  if (s.alerts.suicide_cue_open) out.push(["suicide cue not yet asked about", "warn"]);
  const idle = s.last_input ? Date.now() / 1000 - clockOffset - s.last_input : null;
  if (!s.ended && !s.paused && s.connected && idle !== null && idle >= NO_INPUT_ALERT) out.push([`no input for ${Math.floor(idle)} s`, "warn"]);
  return out;
}

function spark(series, ranges) {
  const svgNS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", "0 0 100 34");
  svg.setAttribute("preserveAspectRatio", "none");
  for (const [name, color] of [["agitation", "#c62828"], ["trust", "#1565c0"]]) {
    const pts = series[name] || [];
    if (!pts.length) continue;
    const [lo, hi] = ranges[name] || [0, 100];
    const n = Math.max(pts.length - 1, 1);
    const line = document.createElementNS(svgNS, "polyline");
    line.setAttribute("points", pts.map((v, i) => `${(i / n) * 100},${32 - ((v - lo) / ((hi - lo) || 1)) * 30}`).join(" "));
    line.setAttribute("fill", "none");
    line.setAttribute("stroke", color);
    line.setAttribute("stroke-width", "1.6");
    line.setAttribute("vector-effect", "non-scaling-stroke");
    line.dataset.series = name;
    svg.appendChild(line);
  }
  return svg;
}

function renderCard(card, st) {
  const s = st.summary;
  card.className = "card" + (s.connected ? "" : " offline") + (s.ended ? " ended" : "") + (s.station === openId ? " open" : "");
  card.replaceChildren();
  const top = el("div", "line");
  top.append(el("span", "who", s.trainee || `station ${s.station}`), el("span", "time", clock(s.elapsed)));
  card.append(top, el("div", "what", s.title || s.scenario || "no session yet"), el("div", "phase", s.phase ? `phase: ${s.phase.replace(/_/g, " ")} · turn ${s.turn}` : ""));
  card.append(spark(s.series || {}, s.ranges || {}));
  const nums = el("div", "nums");
  if ("agitation" in s.variables) nums.append(el("span", "a", `agitation ${Math.round(s.variables.agitation)}`), document.createTextNode(" · "));
  if ("trust" in s.variables) nums.append(el("span", "t", `trust ${Math.round(s.variables.trust)}`));
  card.append(nums);
  const alerts = el("div", "alerts");
  for (const [text, kind] of alertsOf(s)) alerts.append(el("span", `alert ${kind}`, text));
  card.append(alerts);
}

function openStation(id) {
  openId = id;
  $("detail").hidden = false;
  send({ t: "open", station: id });
  renderDetail(true);
  render();
}

function renderDetail(full) {
  const st = stations.get(openId);
  if (!st) return;
  const s = st.summary;
  $("d-title").textContent = `${s.trainee || "station " + s.station} — ${s.title || s.scenario}`;
  $("d-meta").textContent = `phase ${s.phase || "–"} · turn ${s.turn} · ${clock(s.elapsed)} · ${s.connected ? "connected" : "offline"}${s.ended ? " · " + s.ended : ""}`;
  $("detail").dataset.station = openId;
  const cues = $("c-cues");
  if (cues.dataset.for !== openId + JSON.stringify(s.cues)) {
    cues.dataset.for = openId + JSON.stringify(s.cues);
    cues.replaceChildren(el("span", "label", "Cues"));
    for (const c of s.cues || []) {
      const b = el("button", "cue", c.label);
      b.type = "button";
      b.dataset.cue = c.id;
      b.addEventListener("click", () => control({ kind: "cue", cue: c.id }));
      cues.append(b);
    }
    const sel = $("c-var");
    sel.replaceChildren(...Object.keys(s.ranges || {}).map((name) => { const o = el("option", "", name); o.value = name; return o; }));
  }
  const list = $("transcript");
  list.replaceChildren(...transcript(st.events));
  if (full) list.lastElementChild?.scrollIntoView({ block: "nearest" });
}

function transcript(events) {
  const items = [];
  let lastOfficer = null;
  for (const e of events) {
    const d = e.data || {};
    let li = null;
    if (e.type === "trainee_said" || (e.type === "choice_made" && !d.said)) {
      li = el("li", "officer");
      li.append(el("span", "turn", `t${e.turn}`), el("b", "", "Officer: "), document.createTextNode(d.text));
      lastOfficer = li;
    } else if (e.type === "understood" && lastOfficer) {
      for (const h of d.techniques || []) { if (h.id !== "other") lastOfficer.append(el("span", ESCALATING.has(h.id) ? "chip bad" : "chip", h.id.replace(/_/g, " "))); }
      lastOfficer = null;
    } else if (e.type === "action_taken" && d.via !== "choice") {
      li = el("li", "system", `turn ${e.turn}: action ${d.action.replace(/_/g, " ")}`);
    } else if (e.type === "person_said") {
      if (d.speaker === "narrator") { li = el("li", "narrator", d.text); } else {
        li = el("li", "person");
        li.append(el("b", "", d.speaker === "person" ? "Person: " : `${d.speaker}: `), document.createTextNode(d.text));
        if (d.cue) li.append(el("span", "chip cue", d.cue.replace(/_/g, " ")));
      }
    } else if (e.type === "instructor") {
      const what = d.kind === "cue" ? `cue: ${d.cue}` : d.kind === "nudge" ? `nudge ${Object.entries(d.changes || {}).map(([k, v]) => `${k} ${v > 0 ? "+" : ""}${v}`).join(", ")}`
        : d.text ? `${d.kind}: ${d.text}` : d.kind;
      li = el("li", "instructor", `Instructor (${d.by || "?"}) — ${what}`);
    } else if (e.type === "phase_changed" && d.from !== d.to) {
      li = el("li", "system", `phase ${d.from} → ${d.to}`);
    } else if (e.type === "session_ended") {
      li = el("li", "system", `ended: ${d.title} (${d.outcome})`);
    } else if (e.type === "session_closed") {
      li = el("li", "system", `closed: ${d.reason}`);
    }
    if (li) { li.dataset.type = e.type; li.dataset.seq = e.seq; items.push(li); }
  }
  return items;
}

function send(msg) { if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(msg)); }

function control(body) {
  if (!openId) return;
  $("c-result").textContent = "sending…";
  send({ t: "control", station: openId, ...body });
}

document.addEventListener("DOMContentLoaded", () => {
  $("d-close").addEventListener("click", () => { openId = null; $("detail").hidden = true; render(); });
  $("collect").addEventListener("click", () => send({ t: "collect" }));
  $("c-pause").addEventListener("click", () => control({ kind: "pause" }));
  $("c-resume").addEventListener("click", () => control({ kind: "resume" }));
  $("c-end").addEventListener("click", () => { if (confirm("End this trainee's session now?")) control({ kind: "end" }); });
  for (const b of document.querySelectorAll("button.nudge")) {
    b.addEventListener("click", () => control({ kind: "nudge", changes: { [$("c-var").value]: Number(b.dataset.amount) } }));
  }
  $("f-hint").addEventListener("submit", (e) => { e.preventDefault(); const v = $("c-hint").value.trim(); if (v) { control({ kind: "hint", text: v }); $("c-hint").value = ""; } });
  $("f-note").addEventListener("submit", (e) => { e.preventDefault(); const v = $("c-note").value.trim(); if (v) { control({ kind: "note", text: v }); $("c-note").value = ""; } });
  setInterval(schedule, 1000); // elapsed-time alerts ("no input for 60 s") move with the clock
  connect();
});
