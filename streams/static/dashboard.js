// eventpipe dashboard: polls the worker's JSON endpoints and renders them. No libraries, no network
// access beyond the page's own origin (the Content-Security-Policy enforces it).
"use strict";

const PIPELINE_EVERY_MS = 2000;  // counters, lag, health: cheap to compute
const TABLES_EVERY_MS = 5000;    // SQL queries: latest events and casualties
const CHART_MINUTES = 30;
const COLORS = { articles_in: "#2563eb", events_out: "#16a34a", dead_letters: "#dc2626" };

const $ = (id) => document.getElementById(id);
const fmt = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString());
let lastSeries = null;

async function getJSON(path) {
  const response = await fetch(path, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.status);
  return body;
}

// Build a table row from cell values; strings go in as text (never HTML), nodes as they are.
function row(cells, numeric) {
  const tr = document.createElement("tr");
  cells.forEach((value, i) => {
    const td = document.createElement("td");
    if (value instanceof Node) td.appendChild(value);
    else td.textContent = value === null || value === undefined || value === "" ? "–" : String(value);
    if (numeric && numeric.includes(i)) td.className = "num";
    tr.appendChild(td);
  });
  return tr;
}

function fillTable(id, rows, empty, columns) {
  const body = $(id).tBodies[0];
  body.replaceChildren(...rows);
  if (!rows.length) {
    const td = document.createElement("td");
    td.colSpan = columns;
    td.className = "empty";
    td.textContent = empty;
    body.appendChild(document.createElement("tr")).appendChild(td);
  }
}

function badge(id, label, ok) {
  const el = $(id);
  el.textContent = `${label} ${ok === null ? "?" : ok ? "ok" : "down"}`;
  el.className = "badge " + (ok === null ? "" : ok ? "ok" : "bad");
}

// --- pipeline: health, totals, chart, lag, timings ------------------------------------------------

async function refreshPipeline() {
  let state;
  try {
    state = await getJSON("api/pipeline/");
  } catch (err) {
    badge("health-ready", "ready", false);
    $("updated").textContent = `no answer from the worker (${err.message}); retrying`;
    return;
  }
  const h = state.health;
  badge("health-ready", "ready", h.ready);
  badge("health-broker", "broker", h.broker.ok);
  badge("health-database", h.database.dialect, h.database.ok);
  // A stalled stream (commits not moving while there is lag) says why; an agent retrying says so before.
  const waiting = Object.entries(h.waiting || {}).map(([agent, w]) => `${agent}: ${w.why} for ${Math.round(w.seconds)}s`);
  const trouble = h.stalled ? `STALLED: ${h.stalled_why} · ` : waiting.length ? `retrying: ${waiting.join("; ")} · ` : "";
  $("updated").textContent = trouble + `updated ${new Date(state.time * 1000).toLocaleTimeString()} · ` +
    `worker up ${Math.round(state.uptime_seconds / 60)} min`;

  const t = state.totals;
  $("total-articles-in").textContent = fmt(t.articles_in);
  $("total-articles-stored").textContent = fmt(t.articles_stored);
  $("total-events-out").textContent = fmt(t.events_out);
  $("total-dead-letters").textContent = fmt(t.dead_letters_total);
  $("dead-letter-reasons").textContent = Object.entries(t.dead_letters)
    .sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${reason} ${n}`).join(", ");

  lastSeries = state.per_minute;
  drawChart();

  fillTable("lag", state.lag.map((p) => {
    const tr = row([p.topic, p.partition, fmt(p.end_offset), fmt(p.committed), fmt(p.lag)], [1, 2, 3, 4]);
    tr.cells[4].classList.add("lag");
    if (p.lag > 0) tr.classList.add("lagging");
    return tr;
  }), "no partitions assigned to this worker", 5);

  fillTable("timings", Object.entries(state.timings).map(([agent, s]) =>
    row([agent, fmt(s.batches), fmt(s.items), fmt(s.last_ms), fmt(s.p50_ms), fmt(s.p95_ms), fmt(s.per_item_ms)],
        [1, 2, 3, 4, 5, 6])), "no batches yet", 7);
}

// --- chart ---------------------------------------------------------------------------------------

// The top of the y axis: four grid steps of 1, 2 or 5 x 10^k, so every label is a round number.
function niceMax(value) {
  const raw = Math.max(1, value / 4);
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  return step * 4;
}

function drawChart() {
  const canvas = $("throughput");
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth, height = canvas.clientHeight;
  // Size the backing store to the displayed size so lines stay sharp on HiDPI screens.
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  if (!lastSeries) return;

  const starts = lastSeries.minute_starts.slice(-CHART_MINUTES);
  const names = Object.keys(COLORS);
  const series = Object.fromEntries(names.map((n) => [n, lastSeries.series[n].slice(-CHART_MINUTES)]));
  const top = niceMax(Math.max(1, ...names.flatMap((n) => series[n])));
  const pad = { left: 44, right: 10, top: 8, bottom: 22 };
  const plotW = width - pad.left - pad.right, plotH = height - pad.top - pad.bottom;
  const x = (i) => pad.left + (starts.length > 1 ? (i / (starts.length - 1)) * plotW : plotW);
  const y = (v) => pad.top + plotH - (v / top) * plotH;

  // Grid and axis labels.
  ctx.font = "11px system-ui, sans-serif";
  ctx.fillStyle = "#687083";
  ctx.strokeStyle = "#e2e5ea";
  ctx.lineWidth = 1;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (let k = 0; k <= 4; k++) {
    const v = (top / 4) * k;
    ctx.beginPath();
    ctx.moveTo(pad.left, Math.round(y(v)) + 0.5);
    ctx.lineTo(width - pad.right, Math.round(y(v)) + 0.5);
    ctx.stroke();
    ctx.fillText(fmt(v), pad.left - 6, y(v));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  starts.forEach((start, i) => {
    if ((starts.length - 1 - i) % 5 === 0) {
      const label = new Date(start * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      ctx.fillText(label, x(i), height - pad.bottom + 6);
    }
  });

  // One line per series, with dots where something happened.
  let points = 0;
  for (const name of names) {
    ctx.strokeStyle = ctx.fillStyle = COLORS[name];
    ctx.lineWidth = 2;
    ctx.beginPath();
    series[name].forEach((v, i) => (i ? ctx.lineTo(x(i), y(v)) : ctx.moveTo(x(i), y(v))));
    ctx.stroke();
    series[name].forEach((v, i) => {
      if (v > 0) {
        ctx.beginPath();
        ctx.arc(x(i), y(v), 3, 0, 2 * Math.PI);
        ctx.fill();
        points++;
      }
    });
  }
  // Tests and curious people can read how many non-zero minutes were drawn.
  canvas.dataset.points = String(points);
}

// --- latest events and casualties ----------------------------------------------------------------

function sourceCell(e) {
  const label = e.publisher || e.title || (e.url ? new URL(e.url).hostname : null);
  if (!e.url) return label || "–";
  const a = document.createElement("a");
  a.href = e.url;  // the server only sends http(s) links
  a.rel = "noopener noreferrer";
  a.target = "_blank";
  a.textContent = label || "link";
  if (e.title) a.title = e.title;
  return a;
}

function actorsCell(e) {
  const text = [e.source, e.target].filter(Boolean).join(" → ");
  return text || "–";
}

function placeCell(e) {
  return [e.place, e.country].filter(Boolean).join(", ") || "–";
}

function dateCell(e) {
  if (!e.date) return "–";
  return e.historical ? `${e.date} (historical)` : e.date;
}

async function refreshTables() {
  try {
    const latest = await getJSON("api/latest/");
    fillTable("events", latest.events.map((e) => {
      const cells = [e.type || `CAMEO ${e.cameo}`, actorsCell(e), placeCell(e), dateCell(e), e.killed, e.injured,
        sourceCell(e)];
      const tr = row(cells, [4, 5]);
      tr.cells[0].title = `CAMEO ${e.cameo}`;
      return tr;
    }), "no events stored yet", 7);
  } catch (err) {
    fillTable("events", [], `latest events unavailable (${err.message})`, 7);
  }
  try {
    const cas = await getJSON("api/casualties/");
    fillTable("casualties", cas.countries.map((c) =>
      row([c.country || "unknown", fmt(c.events), fmt(c.killed), fmt(c.injured)], [1, 2, 3])),
      "no events stored in the last 24 hours", 4);
  } catch (err) {
    fillTable("casualties", [], `casualties unavailable (${err.message})`, 4);
  }
}

// setTimeout after each answer (not setInterval): a slow worker never gets overlapping requests.
function every(ms, task) {
  const run = async () => {
    try { await task(); } finally { setTimeout(run, ms); }
  };
  run();
}

window.addEventListener("resize", drawChart);
every(PIPELINE_EVERY_MS, refreshPipeline);
every(TABLES_EVERY_MS, refreshTables);
