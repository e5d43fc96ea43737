/* Dyad dashboard behaviour: plotly charts over JSON embedded in the page, and the paste-and-code box.
   Everything talks to this server only (plotly.js itself is served from /vendor). */
"use strict";
const Dyad = (() => {
  const QUAD = {1: ["verbal cooperation", "#2b8a3e"], 2: ["material cooperation", "#1971c2"],
                3: ["verbal conflict", "#e8590c"], 4: ["material conflict", "#c92a2a"]};
  const CONFIG = {displaylogo: false, responsive: true};

  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const child of children) node.append(child);
    return node;
  }

  /* Overview: stacked bars of asserted events per period and QuadClass. */
  function quadChart(target, dataId) {
    const data = readJson(dataId);
    const traces = [1, 2, 3, 4].map(q => {
      const rows = data.rows.filter(r => r.quad_class === q);
      return {type: "bar", name: QUAD[q][0], marker: {color: QUAD[q][1]},
              x: rows.map(r => r.period), y: rows.map(r => r.events)};
    });
    Plotly.newPlot(target, traces, {barmode: "stack", margin: {t: 10, r: 10, b: 40, l: 40},
      legend: {orientation: "h"}, yaxis: {title: {text: "events"}}}, CONFIG);
  }

  function periodEnd(start, freq) {
    const d = new Date(start + "T00:00:00Z");
    if (freq === "week") d.setUTCDate(d.getUTCDate() + 6);
    else { d.setUTCMonth(d.getUTCMonth() + 1); d.setUTCDate(0); }
    return d.toISOString().slice(0, 10);
  }

  function eventRows(table, events, linked = true) {
    table.replaceChildren(el("tr", {}, el("th", {}, "date"), el("th", {}, "source"), el("th", {}, "CAMEO"),
      el("th", {}, "target"), el("th", {}, "status"), el("th", {}, "evidence")));
    for (const e of events) {
      const link = linked ? el("a", {href: "/events/" + encodeURIComponent(e.event_id)}, e.date.value) : e.date.value;
      table.append(el("tr", {}, el("td", {}, link), el("td", {}, e.source ? e.source.code : "—"),
        el("td", {}, e.cameo), el("td", {}, e.target ? e.target.code : "—"), el("td", {}, e.status),
        el("td", {}, e.evidence.sentence)));
    }
  }

  /* Dyad page: QuadClass bars and the mean Goldstein line; a click lists the events of that period. */
  function dyadChart(target, dataId) {
    const s = readJson(dataId);
    const x = s.series.map(p => p.period);
    const traces = [1, 2, 3, 4].map(q => ({type: "bar", name: QUAD[q][0], marker: {color: QUAD[q][1]},
                                           x, y: s.series.map(p => p["q" + q])}));
    traces.push({type: "scatter", mode: "lines+markers", name: "mean Goldstein", yaxis: "y2", x,
                 y: s.series.map(p => p.mean_goldstein), line: {color: "#212529"}, connectgaps: false});
    const layout = {barmode: "stack", margin: {t: 10, r: 50, b: 40, l: 40}, legend: {orientation: "h"},
      yaxis: {title: {text: "events"}}, hovermode: "x",
      yaxis2: {title: {text: "mean Goldstein"}, overlaying: "y", side: "right", range: [-10, 10]}};
    Plotly.newPlot(target, traces, layout, CONFIG).then(plot => {
      plot.on("plotly_click", ev => showPoint(s, ev.points[0].x));
    });
  }

  async function showPoint(s, period) {
    const day = String(period).slice(0, 10);
    const params = new URLSearchParams({start: day, end: periodEnd(day, s.freq), directed: s.directed,
                                        status: s.statuses ? s.statuses.join(",") : "all", limit: "100"});
    const url = `/api/dyads/${encodeURIComponent(s.a)}/${encodeURIComponent(s.b)}/events?${params}`;
    const answer = await fetch(url);
    const body = await answer.json();
    document.getElementById("point-events").hidden = false;
    document.getElementById("point-title").textContent = answer.ok
      ? `${body.total} event${body.total === 1 ? "" : "s"} in the ${s.freq} of ${day}` : body.detail;
    eventRows(document.getElementById("point-table"), answer.ok ? body.events : []);
  }

  /* Split text at span boundaries and wrap covered pieces in <mark> (same rule as the server's). */
  function highlight(container, text, spans) {
    const kept = spans.filter(s => s.start >= 0 && s.start < s.end && s.end <= text.length);
    const cuts = [...new Set([0, text.length, ...kept.flatMap(s => [s.start, s.end])])].sort((a, b) => a - b);
    container.replaceChildren();
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [left, right] = [cuts[i], cuts[i + 1]];
      const covering = kept.filter(s => s.start <= left && right <= s.end);
      const piece = text.slice(left, right);
      if (!covering.length) { container.append(piece); continue; }
      const mark = el("mark", {class: [...new Set(covering.map(s => s.kind))].join(" "),
                               title: covering.map(s => s.label).join("; ")}, piece);
      container.append(mark);
    }
  }

  function spansOf(e) {
    const spans = [];
    for (const side of ["source", "target"]) {
      if (e[side]) spans.push({start: e[side].start, end: e[side].end, kind: side, label: `${side}: ${e[side].code}`});
    }
    const trigger = e.evidence.trigger || "";
    const at = trigger ? e.evidence.sentence.toLowerCase().indexOf(trigger.toLowerCase()) : -1;
    if (at >= 0) {
      const start = e.evidence.start + at;
      spans.push({start, end: start + trigger.length, kind: "trigger", label: `CAMEO ${e.cameo}`});
    }
    return spans;
  }

  /* Articles page: POST the pasted text to /api/extract and show its events. */
  function pasteBox() {
    const form = document.getElementById("paste-form");
    const status = document.getElementById("paste-status");
    const button = document.getElementById("paste-button");
    form.addEventListener("submit", async event => {
      event.preventDefault();
      const record = {text: document.getElementById("paste-text").value};
      const day = document.getElementById("paste-date").value;
      if (day) record.date = day;
      button.disabled = true;
      status.textContent = "Coding…";
      try {
        const answer = await fetch("/api/extract", {method: "POST", body: JSON.stringify(record),
                                                    headers: {"Content-Type": "application/json"}});
        const body = await answer.json();
        if (!answer.ok) { status.textContent = body.detail; return; }
        const coded = body.articles[0];
        status.textContent = `${coded.events.length} events found.`;
        document.getElementById("paste-result").hidden = false;
        highlight(document.getElementById("paste-text-out"), coded.text, coded.events.flatMap(spansOf));
        eventRows(document.getElementById("paste-events"), coded.events, false);
      } catch (error) {
        status.textContent = "The server could not be reached: " + error;
      } finally {
        button.disabled = false;
      }
    });
  }

  /* Pages carry no inline script (the Content-Security-Policy allows none): each names what it needs
     in data attributes, started here once the page (and plotly, when the page loads it) is parsed. */
  function start() {
    const charts = {quad: quadChart, dyad: dyadChart};
    for (const node of document.querySelectorAll("[data-chart]")) charts[node.dataset.chart](node.id, node.dataset.source);
    if (document.getElementById("paste-form")) pasteBox();
  }
  document.addEventListener("DOMContentLoaded", start);

  return {quadChart, dyadChart, pasteBox, el};
})();
