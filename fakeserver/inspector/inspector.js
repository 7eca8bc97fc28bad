// The inspector page's behaviour: poll the fake for what changed, post the
// buttons' events to the control API, show a request's headers and bodies.
// Every URL is relative to /__tenantkit/; the cookie carries the token.
"use strict";

(function () {
  let last = Number(document.body.dataset.last) || 0;
  const rows = document.getElementById("rows");
  const toast = document.getElementById("toast");
  let busy = false;

  function say(text, bad) {
    toast.textContent = text;
    toast.className = "toast" + (bad ? " bad" : "");
    toast.hidden = false;
    clearTimeout(say.timer);
    say.timer = setTimeout(() => { toast.hidden = true; }, 4000);
  }

  async function update() {
    if (busy || document.getElementById("paused").checked) return;
    busy = true;
    try {
      const resp = await fetch("inspector/update?after=" + last, { credentials: "same-origin" });
      if (!resp.ok) { say("The fake answered " + resp.status + ": is it still running?", true); return; }
      const u = await resp.json();
      if (u.rows) {
        rows.insertAdjacentHTML("afterbegin", u.rows);
        document.getElementById("empty").hidden = true;
      }
      last = u.last;
      for (const id of ["summary", "state", "faults", "status"]) {
        const el = document.getElementById(id);
        if (el.innerHTML !== u[id]) el.innerHTML = u[id];
      }
    } catch (e) {
      say("The fake cannot be reached: " + e.message, true);
    } finally {
      busy = false;
    }
  }

  async function control(method, path, body) {
    const init = { method: method, credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = body;
    }
    const resp = await fetch("api/" + path, init);
    if (!resp.ok) {
      let msg = resp.status + "";
      try { msg = (await resp.json()).error; } catch (e) { /* keep the status */ }
      say(msg, true);
      return false;
    }
    return true;
  }

  function pretty(text) {
    if (!text) return "(empty)";
    try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
  }

  function block(title, headers, body) {
    const section = document.createElement("div");
    section.className = "block";
    const h = document.createElement("h4");
    h.textContent = title;
    section.appendChild(h);
    if (headers) {
      const pre = document.createElement("pre");
      pre.className = "headers";
      pre.textContent = Object.keys(headers).sort().map((k) => k + ": " + headers[k].join(", ")).join("\n") || "(none)";
      section.appendChild(pre);
    }
    const pre = document.createElement("pre");
    pre.textContent = pretty(body);
    section.appendChild(pre);
    return section;
  }

  async function showDetail(seq) {
    const resp = await fetch("api/journal?after=" + (seq - 1) + "&limit=1&bodies=true", { credentials: "same-origin" });
    if (!resp.ok) { say("Could not read request " + seq, true); return; }
    const page = await resp.json();
    const call = page.calls[0];
    const detail = document.getElementById("detail");
    detail.replaceChildren();
    if (!call || call.seq !== seq) {
      detail.textContent = "Request " + seq + " is no longer in the journal.";
      return;
    }
    document.getElementById("detail-title").textContent = call.summary;
    if (call.event) {
      detail.appendChild(block("Event " + call.event, null, (call.eventArgs || []).join("\n")));
      return;
    }
    detail.appendChild(block("Request", call.header, call.bodyBase64 ? "(binary, base64) " + call.body : call.body));
    detail.appendChild(block("Response " + (call.status || "(none)"), call.responseHeader,
      call.responseBodyBase64 ? "(binary, base64) " + call.responseBody : call.responseBody));
  }

  document.addEventListener("click", async (ev) => {
    const target = ev.target;
    const eventButton = target.closest("button[data-event]");
    if (eventButton) {
      eventButton.disabled = true;
      if (await control("POST", "events/" + eventButton.dataset.event, eventButton.dataset.body)) {
        say(eventButton.textContent + ": done");
      }
      await update();
      return;
    }
    const action = target.closest("button[data-action]");
    if (action) {
      const what = action.dataset.action;
      let ok = false;
      if (what === "reset") ok = await control("POST", "reset");
      if (what === "clear-faults") ok = await control("DELETE", "faults");
      if (what === "clear-journal") {
        ok = await control("DELETE", "journal");
        if (ok) { rows.replaceChildren(); document.getElementById("empty").hidden = false; }
      }
      if (ok) say(action.textContent + ": done");
      await update();
      return;
    }
    const row = target.closest("tr[data-seq]");
    if (row) {
      for (const r of rows.querySelectorAll("tr.selected")) r.classList.remove("selected");
      row.classList.add("selected");
      await showDetail(Number(row.dataset.seq));
    }
  });

  setInterval(update, 1000);
})();
