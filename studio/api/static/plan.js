/* A brief's plan on its page: read-only while and after it runs, editable while it waits in
   review (PATCH /v1/briefs/{id}/plan, then POST .../approve). Uses studio.js's helpers. */
"use strict";

const ROLE_NAMES = { image: "Image", panel: "Panel", background: "Background", illustration: "Illustration" };
const FORMATS = [
  ["size", "1080x1080", "Square post · 1080×1080"],
  ["size", "1200x628", "Link card · 1200×628"],
  ["size", "1920x1080", "Slide · 1920×1080"],
  ["size", "1080x1350", "Portrait post · 1080×1350"],
  ["size", "1080x1920", "Story · 1080×1920"],
  ["size", "800x800", "Small square · 800×800"],
  ["aspect", "1:1", "Aspect 1:1"], ["aspect", "16:9", "Aspect 16:9"], ["aspect", "9:16", "Aspect 9:16"],
  ["aspect", "4:5", "Aspect 4:5"], ["aspect", "3:4", "Aspect 3:4"], ["aspect", "4:3", "Aspect 4:3"],
];

function money(usd) {
  return usd ? `$${usd.toFixed(usd < 1 ? 3 : 2)}` : "$0.00";
}

function planJobs(view) {
  const full = (view.plan && view.plan.jobs) || [];
  const byId = new Map(full.map((j) => [j.id, j]));
  return view.jobs.map((j, n) => Object.assign({ count: 1 }, byId.get(j.id) || {}, j, { n }));
}

function jobLabel(job) {
  return `${ROLE_NAMES[job.role] || job.role} ${job.n + 1}`;
}

function jobFacts(job) {
  return [`${job.width}×${job.height}`, job.count > 1 ? `${job.count} images` : "1 image",
    `seed ${job.seed}`, job.generator].filter(Boolean).join(" · ");
}

function formatsOf(view) {
  return view.compositions.map((c) => `${c.width}×${c.height}`).join(", ");
}

function summary(view) {
  const images = planJobs(view).reduce((sum, j) => sum + (j.count || 1), 0);
  return [view.template_id, `${view.compositions.length} deliverable${view.compositions.length === 1 ? "" : "s"} at ${formatsOf(view)}`,
    `${images} image${images === 1 ? "" : "s"}`, `planner ${view.planner}`].join(" · ");
}

function titleOf(view) {
  const comp = ((view.plan && view.plan.compositions) || []).find((c) => c.title);
  return comp ? comp.title : null;
}

/* a long prompt shows its first lines, and all of it on a click */
function promptLines(text) {
  const prompt = el("p", { class: "prompt", text });
  if (text.length < 240) return [prompt];
  prompt.classList.add("clamped");
  const more = el("button", { class: "link more", type: "button", text: "Show the whole prompt" });
  more.addEventListener("click", () => {
    const open = prompt.classList.toggle("clamped");
    more.textContent = open ? "Show the whole prompt" : "Show less";
  });
  return [prompt, more];
}

/* --- read-only: while it runs and after --- */
function renderPlan(view) {
  $("plan-cost").textContent = `Estimated cost ${money(view.estimated_cost_usd)}`;
  $("plan-summary").textContent = summary(view);
  const title = titleOf(view);
  $("plan-title-line").hidden = !title;
  $("plan-title-text").textContent = title || "";
  $("plan-jobs").replaceChildren(...planJobs(view).map((job) => el("li", { class: "plan-job", "data-plan-job": job.id },
    el("div", { class: "plan-job-head" },
      el("strong", { text: jobLabel(job) }), el("span", { class: "muted", text: jobFacts(job) })),
    ...promptLines(job.prompt),
    job.caption ? el("p", { class: "caption" }, el("span", { class: "muted", text: "Caption " }), job.caption) : null)));
  $("rationale").replaceChildren(...(view.rationale || []).map((line) => el("li", { text: line })));
  $("plan-card").hidden = false;
}

/* --- review: the same plan, editable --- */
function field(label, control, name) {
  return el("div", { class: "field" }, el("label", { for: control.id, text: label }), control,
    el("p", { class: "field-error", "data-error": name, role: "alert", hidden: true }));
}

function renderReview(view) {
  $("review-cost").textContent = money(view.estimated_cost_usd);
  $("review-summary").textContent = summary(view);
  const title = titleOf(view);
  const titleInput = $("plan-title");
  titleInput.value = title || "";
  titleInput.dataset.was = title || "";
  $("title-field").hidden = title === null;
  const format = $("plan-format");
  format.replaceChildren(el("option", { value: "", text: `Keep ${formatsOf(view)}` }),
    ...FORMATS.map(([kind, value, text]) => el("option", { value: `${kind}=${value}`, text })));
  const rows = planJobs(view).map((job) => {
    const prompt = el("textarea", { id: `prompt-${job.n}`, rows: 6, "data-was": job.prompt, "data-name": "prompt" });
    prompt.value = job.prompt;
    const count = el("input", { id: `count-${job.n}`, type: "number", min: 1, max: 16, value: job.count,
      "data-was": String(job.count), "data-name": "count", class: "count" });
    let caption = null;
    if (job.caption !== null && job.caption !== undefined) {
      caption = el("input", { id: `caption-${job.n}`, "data-was": job.caption, "data-name": "caption" });
      caption.value = job.caption;
    }
    return el("li", { class: "plan-job editable", "data-review-job": job.id },
      el("div", { class: "plan-job-head" },
        el("strong", { text: jobLabel(job) }),
        el("span", { class: "muted", text: [`${job.width}×${job.height}`, `seed ${job.seed}`, job.generator].join(" · ") })),
      field("Prompt", prompt, "prompt"),
      el("div", { class: "job-fields" },
        caption ? field("Caption", caption, "caption") : null,
        field("Images", count, "count")));
  });
  $("review-jobs").replaceChildren(...rows);
  $("review-card").hidden = false;
}

function clearErrors() {
  for (const node of document.querySelectorAll("#review-card .field-error")) show(node, "");
  for (const node of document.querySelectorAll("#review-card .invalid")) node.classList.remove("invalid");
  show($("review-error"), "");
}

/* The edit: only what changed; jobs in `sent` order, so "jobs.N.x" names a row. */
function collectEdit() {
  const edit = { jobs: [] };
  const sent = [];
  for (const row of document.querySelectorAll("[data-review-job]")) {
    const change = { id: row.dataset.reviewJob };
    for (const control of row.querySelectorAll("[data-name]")) {
      if (control.value === control.dataset.was) continue;
      change[control.dataset.name] = control.dataset.name === "count" ? Number(control.value) : control.value;
    }
    if (Object.keys(change).length > 1) { edit.jobs.push(change); sent.push(row); }
  }
  const title = $("plan-title");
  if (!$("title-field").hidden && title.value !== title.dataset.was) edit.title = title.value;
  const format = $("plan-format").value;
  if (format) {
    const [kind, value] = format.split("=");
    edit[kind] = value;
  }
  return { edit, sent, empty: !edit.jobs.length && !("title" in edit) && !format };
}

function placeError(error, sent) {
  const parts = (error.field || "").split(".");
  let box = null;
  if (parts[0] === "jobs" && parts.length === 3 && sent[Number(parts[1])]) {
    const name = parts[2] === "id" ? "prompt" : parts[2];
    box = sent[Number(parts[1])].querySelector(`[data-error="${name}"]`);
  } else if (parts[0] === "title") {
    box = document.querySelector('#title-field [data-error="title"]');
  } else if (parts[0] === "size" || parts[0] === "aspect") {
    box = document.querySelector('#format-field [data-error="format"]');
  }
  if (!box) { show($("review-error"), explain(error)); return; }
  show(box, explain(error));
  const control = box.parentElement.querySelector("input, textarea, select");
  if (control) { control.classList.add("invalid"); control.focus(); }
}

/* Save the changes (if any); true when the plan on the server is what the form shows. */
async function savePlan(id) {
  clearErrors();
  const { edit, sent, empty } = collectEdit();
  if (empty) return true;
  const status = $("review-status");
  status.textContent = "Saving…";
  try {
    const view = await json(`/v1/briefs/${encodeURIComponent(id)}/plan`, {
      method: "PATCH", headers: { "Content-Type": "application/json" }, body: JSON.stringify(edit),
    });
    renderReview(view);
    status.textContent = "Saved";
    return true;
  } catch (error) {
    status.textContent = "";
    placeError(error, sent);
    return false;
  }
}

/* Resolves once the brief is approved (the caller then follows it live). */
function reviewPlan(id, view) {
  renderReview(view);
  const buttons = [$("save-plan"), $("approve")];
  return new Promise((resolve) => {
    const busy = (on) => { for (const b of buttons) b.disabled = on; };
    $("save-plan").addEventListener("click", async () => { busy(true); await savePlan(id); busy(false); });
    $("review-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      busy(true);
      if (!(await savePlan(id))) { busy(false); return; }
      $("review-status").textContent = "Starting…";
      try {
        await api(`/v1/briefs/${encodeURIComponent(id)}/approve`, { method: "POST" });
      } catch (error) {
        $("review-status").textContent = "";
        show($("review-error"), explain(error));
        busy(false);
        return;
      }
      $("review-card").hidden = true;
      resolve();
    });
  });
}

async function loadPlan(id) {
  return json(`/v1/briefs/${encodeURIComponent(id)}/plan`);
}
