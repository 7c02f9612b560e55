// The reviewer page's only script: open a quote on its page with the quoted words
// highlighted, and record reviews through the API.  Plain JavaScript, no build step.
"use strict";

(function () {
  const layout = document.querySelector(".layout[data-case]");
  if (!layout) return;
  const caseId = layout.dataset.case;
  const version = layout.dataset.version;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const viewer = document.getElementById("viewer");
  const body = document.getElementById("viewer-body");
  const where = document.getElementById("viewer-where");
  const note = document.getElementById("viewer-note");
  const textCache = new Map();
  let opener = null;
  let opened = 0; // which open() is current: a slow fetch for an older one is dropped

  function base(record) {
    return `/cases/${encodeURIComponent(caseId)}/v${version}/records/${record}`;
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function showPage(q, label) {
    clear(body);
    const frame = document.createElement("div");
    frame.className = "page-frame";
    const img = document.createElement("img");
    img.className = "page-image";
    img.alt = `Page ${q.page} of the record`;
    img.src = `${base(q.record)}/pages/${q.page}.png`;
    frame.appendChild(img);
    for (const b of q.boxes) {
      const hl = document.createElement("div");
      hl.className = "hl";
      const pad = 0.002;
      hl.style.left = `${(b[0] - pad) * 100}%`;
      hl.style.top = `${(b[1] - pad) * 100}%`;
      hl.style.width = `${(b[2] - b[0] + 2 * pad) * 100}%`;
      hl.style.height = `${(b[3] - b[1] + 2 * pad) * 100}%`;
      frame.appendChild(hl);
    }
    body.appendChild(frame);
    note.textContent = q.boxes.length
      ? label
      : `${label} The quote could not be placed on the page; it is shown as the brief quotes it.`;
    img.addEventListener("load", () => {
      const first = frame.querySelector(".hl");
      if (first) first.scrollIntoView({ block: "center" });
      viewer.dataset.loaded = "1";
    });
  }

  async function showText(q, label, ticket) {
    clear(body);
    // the offsets count code points (Python's str), not UTF-16 units: split into code points
    let chars = textCache.get(q.record);
    if (chars === undefined) {
      const r = await fetch(`${base(q.record)}/text`, { credentials: "same-origin" });
      if (ticket !== opened) return;
      if (!r.ok) {
        note.textContent = "The record could not be shown.";
        return;
      }
      chars = Array.from((await r.json()).text);
      if (ticket !== opened) return;
      textCache.set(q.record, chars);
    }
    const pre = document.createElement("pre");
    pre.className = "record-text";
    if (q.start !== null && q.end !== null) {
      pre.appendChild(document.createTextNode(chars.slice(0, q.start).join("")));
      const mark = document.createElement("mark");
      mark.className = "hl-text";
      mark.textContent = chars.slice(q.start, q.end).join("");
      pre.appendChild(mark);
      pre.appendChild(document.createTextNode(chars.slice(q.end).join("")));
    } else {
      pre.textContent = chars.join("");
    }
    body.appendChild(pre);
    note.textContent = label;
    const mark = pre.querySelector("mark");
    if (mark) mark.scrollIntoView({ block: "center" });
    viewer.dataset.loaded = "1";
  }

  function open(button) {
    const q = JSON.parse(button.dataset.quote);
    const ticket = ++opened;
    opener = button;
    viewer.hidden = false;
    viewer.dataset.loaded = "";
    viewer.dataset.key = button.dataset.key;
    where.textContent = button.querySelector(".where").textContent;
    if (q.record === null) {
      clear(body);
      note.textContent = "The record this quote came from could not be read again.";
      return;
    }
    const label = "The quoted words are highlighted.";
    if (q.kind === "text") showText(q, label, ticket);
    else showPage(q, label);
    document.getElementById("viewer-close").focus({ preventScroll: true });
  }

  function close() {
    viewer.hidden = true;
    if (opener) opener.focus();
  }

  document.addEventListener("click", (e) => {
    const button = e.target.closest("button.quote");
    if (button) open(button);
  });
  document.getElementById("viewer-close").addEventListener("click", close);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !viewer.hidden) close();
  });

  for (const form of document.querySelectorAll("form.review-form")) {
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const out = form.querySelector(".review-result");
      const verdict = form.querySelector('input[name="verdict"]:checked');
      if (!verdict) {
        out.textContent = "Choose agree or disagree first.";
        return;
      }
      const payload = {
        verdict: verdict.value,
        note: form.querySelector("textarea").value || null,
        version: Number(form.dataset.version),
      };
      if (form.dataset.criterion) payload.criterion_id = form.dataset.criterion;
      const r = await fetch(`/v1/cases/${encodeURIComponent(caseId)}/reviews`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(payload),
      });
      if (r.ok) {
        const saved = await r.json();
        out.textContent = `Recorded (review ${saved.id}): ${saved.verdict}.`;
        form.dataset.saved = String(saved.id);
      } else {
        let detail = `HTTP ${r.status}`;
        try {
          detail = (await r.json()).detail || detail;
        } catch (_) {
          /* not JSON */
        }
        out.textContent = `Not recorded: ${detail}`;
      }
    });
  }
})();
