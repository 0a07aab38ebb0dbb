/* Studio's web pages: plain JavaScript over the /v1 API. The API key lives in this tab's
   sessionStorage and goes in the Authorization header of every call; never in a URL. */
"use strict";

const KEY = "studio.key";
const ENDED = ["succeeded", "failed", "refused", "cancelled"];

function key() { return sessionStorage.getItem(KEY); }

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

class ApiFailure extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `the server answered ${status}`);
    this.status = status;
    this.hint = error.hint || null;
    this.field = error.field || null;
  }
}

async function api(path, options = {}, token = key()) {
  const headers = Object.assign({}, options.headers || {});
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401 && token === key() && document.body.dataset.page !== "signin") {
    signOut();
  }
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch (_) { /* not JSON */ }
    throw new ApiFailure(response.status, body);
  }
  return response;
}

async function json(path, options) { return (await api(path, options)).json(); }

function show(node, message) {
  node.textContent = message;
  node.hidden = !message;
}

function explain(error) {
  return error.hint ? `${error.message} (${error.hint})` : error.message;
}

function signOut() {
  sessionStorage.removeItem(KEY);
  const next = location.pathname + location.search;
  location.assign(next === "/" ? "/signin" : `/signin?next=${encodeURIComponent(next)}`);
}

function safeNext() {
  const next = new URLSearchParams(location.search).get("next") || "/";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

function when(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function badge(node, state, stage) {
  const shown = state === "planned" && stage === "review" ? "review" : state;
  node.dataset.state = shown || "";
  node.textContent = shown === "review" ? "in review" : shown || "…";
  return node;
}

/* images and downloads: fetched with the key, shown and saved from blob URLs */
const blobs = new Map();
async function blobUrl(path) {
  if (!blobs.has(path)) blobs.set(path, api(path).then(async (r) => URL.createObjectURL(await r.blob())));
  return blobs.get(path);
}

async function download(path, name) {
  const url = await blobUrl(path);
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
}

/* --- sign in --- */
function initSignin() {
  const form = $("signin-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = form.key.value.trim();
    show($("signin-error"), "");
    try {
      await api("/v1/briefs?limit=1", {}, token);
    } catch (error) {
      show($("signin-error"), error.status === 401
        ? "That API key was not accepted. Check it, or ask for a new one."
        : `Could not sign in: ${explain(error)}`);
      return;
    }
    sessionStorage.setItem(KEY, token);
    location.assign(safeNext());
  });
}

/* --- gallery --- */
async function initGallery() {
  const status = $("gallery-status");
  let data;
  try {
    data = await json("/v1/briefs?limit=60");
  } catch (error) {
    show(status, `Could not load your briefs: ${explain(error)}`);
    return;
  }
  show(status, "");
  $("gallery-empty").hidden = data.briefs.length > 0;
  for (const brief of data.briefs) {
    const thumb = el("div", { class: "thumb" }, el("span", { class: "placeholder", text: brief.template || "brief" }));
    const card = el("li", { class: "tile", "data-brief": brief.id },
      el("a", { href: `/briefs/${encodeURIComponent(brief.id)}` },
        thumb,
        el("div", { class: "tile-body" },
          el("p", { class: "tile-text", text: brief.brief }),
          el("p", { class: "tile-meta" },
            badge(el("span", { class: "badge" }), brief.state, brief.stage),
            el("span", { class: "muted", text: when(brief.created_at) })))));
    $("gallery").append(card);
    const image = brief.assets.find((a) => /\.(png|jpe?g|webp)$/i.test(a));
    if (image) {
      blobUrl(image).then((url) => {
        thumb.replaceChildren(el("img", { src: url, alt: brief.brief, loading: "lazy" }));
      }).catch(() => {});
    }
  }
}

/* --- new brief --- */
async function initNew() {
  const form = $("brief-form");
  const review = form.review;
  review.addEventListener("change", () => { $("submit").textContent = review.checked ? "Plan it" : "Make it"; });
  json("/v1/templates").then((data) => {
    for (const t of data.templates) form.template.append(el("option", { value: t.id, text: t.title }));
  }).catch(() => {});
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = $("submit");
    const progress = $("brief-progress");
    show($("brief-error"), "");
    button.disabled = true;
    try {
      const body = { text: form.text.value.trim(), documents: [], references: [] };
      for (const [field, kind] of [["documents", "document"], ["references", "reference"]]) {
        for (const file of form[field].files) {
          progress.textContent = `Uploading ${file.name}…`;
          const data = new FormData();
          data.append("file", file, file.name);
          data.append("kind", kind);
          body[field].push((await json("/v1/uploads", { method: "POST", body: data })).id);
        }
      }
      for (const name of ["template", "size", "aspect", "brand", "generator"]) {
        const value = form[name].value.trim();
        if (value) body[name] = value;
      }
      if (body.size) delete body.aspect;
      if (review.checked) body.review = true;
      progress.textContent = "Planning…";
      const brief = await json("/v1/briefs", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      location.assign(`/briefs/${encodeURIComponent(brief.id)}`);
    } catch (error) {
      progress.textContent = "";
      show($("brief-error"), explain(error));
      button.disabled = false;
    }
  });
}

/* --- one brief --- */
const CHECKS = { ok: "✓ matches", mismatch: "✗ differs", missing: "✗ not read", not_drawn: "left out" };
const JOB_NAMES = { generate: "Generate the image", compose: "Compose and verify" };

function renderJobs(view) {
  const list = $("jobs");
  list.replaceChildren();
  const order = (job) => (job.kind === "generate" ? 0 : 1);
  const jobs = [...(view.jobs || [])].sort((a, b) => order(a) - order(b));
  for (const job of jobs) {
    const label = JOB_NAMES[job.kind] || job.kind;
    const detail = [job.generator, job.seconds ? `${job.seconds.toFixed(1)} s` : null,
      job.attempts > 1 ? `attempt ${job.attempts}` : null].filter(Boolean).join(" · ");
    list.append(el("li", { class: "job", "data-job": job.id, "data-state": job.state },
      el("span", { class: "dot", "aria-hidden": "true" }),
      el("span", { class: "job-name", text: label }),
      el("span", { class: "muted job-detail", text: detail }),
      el("span", { class: "badge", "data-state": job.state, text: job.state }),
      job.error ? el("p", { class: "error small", text: job.error }) : null));
  }
  const total = view.jobs_total || (view.jobs || []).length;
  const done = (view.jobs || []).filter((j) => ENDED.includes(j.state)).length;
  const running = (view.jobs || []).filter((j) => j.state === "running").length;
  const share = total ? (done + running / 2) / total : 0;
  const percent = ENDED.includes(view.state) ? 100 : Math.max(view.state === "running" ? 5 : 0, Math.round(100 * share));
  $("bar").firstElementChild.style.width = `${percent}%`;
  $("bar").setAttribute("aria-valuenow", String(percent));
  $("bar").dataset.state = view.state;
}

function renderView(view) {
  $("brief-text").textContent = view.brief;
  $("brief-meta").textContent = [view.template, `planner ${view.planner}`, when(view.created_at)]
    .filter(Boolean).join(" · ");
  badge($("brief-state"), view.state, view.stage);
  $("stage").textContent = view.stage ? `Stage: ${view.stage}` : "";
  const ended = ENDED.includes(view.state);
  $("cancel").hidden = ended;
  $("rerun").hidden = !ended || view.state === "refused";
  $("variations").hidden = !ended || view.state === "refused";
  $("progress").hidden = view.state === "planned" && view.stage === "review";
  show($("brief-error"), view.error || "");
  renderJobs(view);
}

function verificationBadge(status, reason) {
  if (status === "verified") return el("span", { class: "verdict ok", text: "✓ Verified" });
  if (status === "unverified") {
    return el("span", { class: "verdict bad", title: reason || "", text: "⚠ UNVERIFIED" });
  }
  return null;
}

async function renderResult(id, view) {
  const deliverables = view.deliverables || [];
  const box = $("deliverables");
  box.replaceChildren();
  $("deliverables-card").hidden = !deliverables.length && !view.manifest;
  let manifest = null;
  if (view.manifest) {
    try { manifest = await json(view.manifest); } catch (_) { manifest = null; }
    $("manifest-link").onclick = (event) => {
      event.preventDefault();
      download(view.manifest, `${id}-manifest.json`);
    };
  }
  const verification = (manifest && manifest.verification) || {};
  for (const d of deliverables) {
    const name = d.path.split("/").pop();
    const report = verification[d.path] || {};
    const figure = el("figure", { class: "deliverable", "data-path": d.path },
      el("div", { class: "frame" }, el("span", { class: "muted", text: "Loading image…" })),
      el("figcaption", {},
        el("div", { class: "row between" },
          el("div", {},
            el("strong", { text: name }),
            el("span", { class: "muted", text: ` · ${d.width}×${d.height}` })),
          el("div", { class: "row" },
            verificationBadge(d.verification, d.problem || report.reason),
            el("button", { class: "button primary small download", type: "button", "data-url": d.url, text: "Download PNG" }))),
        d.verification === "unverified"
          ? el("p", { class: "error small", text: d.problem || report.reason || "a figure could not be confirmed" })
          : null));
    figure.querySelector(".download").addEventListener("click", () => download(d.url, name));
    box.append(figure);
    blobUrl(d.url).then((url) => {
      figure.querySelector(".frame").replaceChildren(
        el("img", { src: url, alt: view.brief, width: d.width, height: d.height }));
    }).catch((error) => figure.querySelector(".frame").replaceChildren(
      el("p", { class: "error", text: explain(error) })));
  }
  if (!manifest) return;
  const plan = manifest.plan || {};
  const rows = [];
  for (const comp of plan.compositions || []) {
    const checked = new Map(((verification[comp.output] || {}).facts || []).map((f) => [`${f.key}|${f.segment || ""}`, f]));
    for (const fact of comp.facts || []) {
      const check = checked.get(`${fact.key}|${fact.segment || ""}`) || {};
      const status = check.status || (verification[comp.output] || {}).status || "";
      rows.push(el("tr", { "data-state": status },
        el("td", { text: fact.segment && !fact.label.includes(fact.segment) ? `${fact.label} (${fact.segment})` : fact.label }),
        el("td", { class: "num", text: fact.display }),
        el("td", { class: "num", text: fact.page ? `p. ${fact.page}` : "—" }),
        el("td", {}, el("span", { class: "badge", "data-state": status, text: CHECKS[status] || status || "—" })),
        el("td", { class: "quote", text: fact.quote || "" })));
    }
  }
  $("facts").replaceChildren(...rows);
  $("facts-card").hidden = !rows.length;
}

/* Rerun (same seeds) and Variations (new seeds): a new brief, whose page opens */
async function rerun(path, body, button) {
  button.disabled = true;
  try {
    const brief = await json(`${path}/rerun`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    location.assign(`/briefs/${encodeURIComponent(brief.id)}`);
  } catch (error) {
    show($("brief-error"), explain(error));
    button.disabled = false;
  }
}

/* Server-Sent Events over fetch (EventSource cannot send the Authorization header) */
async function stream(path, onEvent) {
  let last = 0;
  for (let tries = 0; tries < 20; tries++) {
    const headers = last ? { "Last-Event-ID": String(last) } : {};
    let response;
    try {
      response = await api(path, { headers });
    } catch (error) {
      if (error.status && error.status < 500) throw error;
      await new Promise((r) => setTimeout(r, 2000));
      continue;
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = { data: [] };
        for (const line of block.split("\n")) {
          if (!line || line.startsWith(":")) continue;
          const at = line.indexOf(":");
          const name = at < 0 ? line : line.slice(0, at);
          const text = at < 0 ? "" : line.slice(at + 1).replace(/^ /, "");
          if (name === "data") fields.data.push(text); else fields[name] = text;
        }
        if (!fields.data.length) continue;
        if (fields.id) last = Number(fields.id);
        const data = JSON.parse(fields.data.join("\n"));
        if (onEvent(fields.event || "message", data) === false || fields.event === "end") return;
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function initBrief() {
  const id = document.body.dataset.brief;
  const path = `/v1/briefs/${encodeURIComponent(id)}`;
  let view;
  try {
    view = await json(path);
  } catch (error) {
    if (error.status === 404) { $("brief-missing").hidden = false; return; }
    show($("brief-error"), explain(error));
    $("brief").hidden = false;
    return;
  }
  $("brief").hidden = false;
  renderView(view);
  $("cancel").addEventListener("click", async () => {
    try {
      await api(`${path}/cancel`, { method: "POST" });
      if (!$("review-card").hidden) location.reload();  // nothing streams while in review
    } catch (error) { show($("brief-error"), explain(error)); }
  });
  for (const [button, body] of [["rerun", { keep_seeds: true }], ["variations", {}]]) {
    $(button).addEventListener("click", () => rerun(path, body, $(button)));
  }
  let plan = null;
  try { plan = await loadPlan(id); } catch (_) { plan = null; }
  if (plan && view.state === "planned" && view.stage === "review") {
    await reviewPlan(id, plan);
    plan = await loadPlan(id);
    view = await json(path);
    renderView(view);
  }
  if (plan) renderPlan(plan);
  if (!ENDED.includes(view.state)) {
    let refreshing = null;
    const refresh = () => {
      refreshing = refreshing || json(path).then((v) => { view = v; renderView(v); }).finally(() => { refreshing = null; });
      return refreshing;
    };
    try {
      await stream(`${path}/events`, (type, data) => {
        if (type === "stage") $("stage").textContent = `Stage: ${data.stage}`;
        if (type === "job_started" || type === "job_finished") {
          const row = document.querySelector(`[data-job="${CSS.escape(data.job_id)}"]`);
          const state = type === "job_started" ? "running" : data.state;
          if (row) {
            row.dataset.state = state;
            badge(row.querySelector(".badge"), state);
          }
        }
        refresh();
      });
    } catch (error) {
      show($("brief-error"), `Live progress stopped: ${explain(error)}`);
    }
    view = await json(path);
    renderView(view);
  }
  await renderResult(id, view);
}

/* --- every page --- */
document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  if (page === "signin") { initSignin(); return; }
  if (!key()) { signOut(); return; }
  for (const node of document.querySelectorAll("[data-signed-in]")) node.hidden = false;
  $("signout").addEventListener("click", () => { sessionStorage.removeItem(KEY); location.assign("/signin"); });
  const init = { gallery: initGallery, new: initNew, brief: initBrief }[page];
  if (init) init();
});
