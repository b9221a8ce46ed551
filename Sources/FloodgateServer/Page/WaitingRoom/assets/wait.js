// The waiting-room page: joins the queue (proof of work in a worker, then POST /queue/register),
// keeps the token in this browser so a reload keeps the place, polls GET /queue/status as the
// daemon asks (poll_after_ms), backs off with jitter on errors, and shows every state.
(() => {
  "use strict";
  const root = document.getElementById("fg-wait");
  if (!root || !window.fetch) return;
  const texts = JSON.parse(document.getElementById("fg-texts").textContent);
  const data = root.dataset;
  const sale = data.sale;
  const storeKey = "floodgate:" + sale;
  const el = (id) => document.getElementById(id);
  const query = new URLSearchParams(location.search);

  function t(key, values) {
    return (texts[key] || key).replace(/\{(\w+)\}/g, (match, name) => (values && name in values ? values[name] : match));
  }

  // The shopper's session in this browser: token, user id, position and the progress baseline.
  const storage = {
    read() {
      for (const store of [window.localStorage, window.sessionStorage]) {
        try {
          const value = JSON.parse(store.getItem(storeKey));
          if (value && value.token) return value;
        } catch (_) { /* storage off: the next store */ }
      }
      return null;
    },
    write(value) {
      for (const store of [window.localStorage, window.sessionStorage]) {
        try { store.setItem(storeKey, JSON.stringify(value)); } catch (_) { /* storage off */ }
      }
    },
    clear() {
      for (const store of [window.localStorage, window.sessionStorage]) {
        try { store.removeItem(storeKey); } catch (_) { /* storage off */ }
      }
    },
  };

  let session = storage.read() || {};
  let lastUpdate = 0;
  let failures = 0;
  let retryAt = 0;
  let pausedSince = 0;
  let timer = 0;
  let announced = "";
  let view = { state: "starting" };

  function randomHex(bytes) {
    const values = new Uint8Array(bytes);
    crypto.getRandomValues(values);
    return Array.from(values, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // What the page measured of the browser (a bot signal for the daemon, never a pass).
  function fingerprint() {
    const parts = [screen.width, screen.height, screen.colorDepth, navigator.hardwareConcurrency, navigator.maxTouchPoints,
      (navigator.languages || []).join(","), Intl.DateTimeFormat().resolvedOptions().timeZone, navigator.platform];
    let hash = 0x811c9dc5;
    for (const char of parts.join("|")) {
      hash ^= char.charCodeAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return "p1-" + hash.toString(16).padStart(8, "0");
  }

  function duration(seconds) {
    if (seconds < 60) return t("unit.seconds", { n: Math.max(0, Math.round(seconds)) });
    if (seconds < 5400) return t("unit.minutes", { n: Math.round(seconds / 60) });
    return t("unit.hours", { n: Math.round(seconds / 360) / 10 });
  }

  function etaText(eta) {
    if (eta === null || eta === undefined) return t("eta.unknown");
    if (eta < 60) return t("eta.soon");
    return t("eta.range", { low: duration(eta * 0.8), high: duration(eta * 1.5) });
  }

  // Shows a state; the live region speaks only when the state changes, not on every tick.
  function show(state, title, body, options) {
    const box = el("fg-state");
    box.dataset.state = state;
    el("fg-title").textContent = title;
    el("fg-body").textContent = body;
    el("fg-facts").hidden = !(options && options.facts);
    el("fg-progress").hidden = !(options && options.progress);
    if (announced !== state) {
      announced = state;
      el("fg-live").textContent = title + ". " + ((options && options.spoken) || body);
    }
  }

  function schedule(next, delay) {
    clearTimeout(timer);
    retryAt = Date.now() + delay;
    timer = setTimeout(next, delay);
  }

  function secondsLeft() { return Math.max(0, Math.ceil((retryAt - Date.now()) / 1000)); }

  function retryAfter(response) {
    const seconds = parseInt(response.headers.get("Retry-After") || "", 10);
    return (Number.isFinite(seconds) && seconds > 0 ? seconds : 2) * 1000;
  }

  // Jittered exponential backoff: 1, 2, 4 ... 60 s, each between half and all of it.
  function backoff() {
    failures += 1;
    const ceiling = Math.min(60000, 1000 * Math.pow(2, failures - 1));
    return Math.round(ceiling / 2 + Math.random() * ceiling / 2);
  }

  function offline(next) {
    view = { state: "offline", next };
    schedule(next, backoff());
    render();
  }

  function busy(next, delay) {
    view = { state: "busy", next };
    schedule(next, delay);
    render();
  }

  async function errorMessage(response) {
    try {
      const body = await response.json();
      return body.error || { code: "http_" + response.status, message: "HTTP " + response.status };
    } catch (_) {
      return { code: "http_" + response.status, message: "HTTP " + response.status };
    }
  }

  function solve(challenge, difficulty) {
    return new Promise((resolve, reject) => {
      const worker = new Worker(data.worker);
      worker.onmessage = (event) => {
        if (event.data.nonce !== undefined) {
          worker.terminate();
          resolve(event.data.nonce);
        } else {
          el("fg-body").textContent = t("state.pow.body") + " " + t("state.pow.progress", { percent: Math.round(event.data.progress * 100) });
        }
      };
      worker.onerror = (event) => { worker.terminate(); reject(event); };
      worker.postMessage({ challenge, difficulty });
    });
  }

  async function proofOfWork(print) {
    if (Number(data.pow) <= 0) return null;
    const response = await fetch("/queue/challenge?sale_id=" + encodeURIComponent(sale) + "&fingerprint=" + encodeURIComponent(print),
      { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!response.ok) throw response;
    const challenge = await response.json();
    show("pow", t("state.pow.title"), t("state.pow.body"));
    return { challenge: challenge.challenge, nonce: await solve(challenge.challenge, challenge.difficulty) };
  }

  async function register() {
    view = { state: "starting" };
    render();
    const userID = session.userID || query.get("user_id") || "web-" + randomHex(8);
    const print = fingerprint();
    let response;
    try {
      const body = { sale_id: sale, user_id: userID, fingerprint: print, pow: await proofOfWork(print) };
      if (query.get("identity")) body.identity = query.get("identity");
      response = await fetch("/queue/register", {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify(body),
      });
    } catch (failure) {
      if (failure instanceof Response) return refused(failure, register);
      return offline(register);
    }
    if (response.status !== 200 && response.status !== 201) return refused(response, register);
    const answer = await response.json();
    failures = 0;
    session = { token: answer.token, userID, expiresAt: answer.expires_at, position: answer.position };
    storage.write(session);
    poll();
  }

  // A refused call: overload and rate limits are retried after Retry-After, a stale proof of
  // work at once; the rest is shown as it is.
  async function refused(response, next) {
    if (response.status === 503 || response.status === 429) return busy(next, retryAfter(response));
    const error = await errorMessage(response);
    if (error.code === "pow_invalid" && failures < 3) {
      failures += 1;
      return schedule(next, 500);
    }
    if (response.status === 409 || error.code === "token_revoked") {
      view = { state: "closed", message: error.message };
      return render();
    }
    view = { state: "error", message: error.message, next };
    schedule(next, backoff());
    render();
  }

  async function poll() {
    let response;
    try {
      response = await fetch("/queue/status", { headers: { Authorization: "Bearer " + session.token, Accept: "application/json" }, cache: "no-store" });
    } catch (_) {
      return offline(poll);
    }
    if (response.status === 401) {
      const error = await errorMessage(response);
      if (error.code === "token_revoked") return refused(response, poll);
      session = { userID: session.userID };
      storage.clear();
      return register();
    }
    if (!response.ok) return refused(response, poll);
    let status;
    try { status = await response.json(); } catch (_) { return offline(poll); }
    failures = 0;
    lastUpdate = Date.now();
    track(status);
    view = { state: status.state, status };
    render();
    if (status.state !== "closed" && status.state !== "expired") schedule(poll, Math.max(500, status.poll_after_ms));
  }

  // The progress baseline: the cursor when this position was first seen. The bar shows the best
  // progress so far, so it never runs backwards; a new position restarts it, and says why.
  function track(status) {
    if (status.position === null || status.position === undefined) {
      session.basePosition = null;
      return storage.write(session);
    }
    if (session.basePosition !== status.position) {
      if (session.basePosition !== undefined) {
        session.note = t("progress.recalculated", { reason: t(session.basePosition === null ? "progress.reason.draw" : "progress.reason.requeued") });
      }
      session.basePosition = status.position;
      session.baseCursor = status.admitted_through;
      session.best = 0;
    }
    const span = Math.max(1, status.position - session.baseCursor);
    const done = Math.min(100, Math.max(0, Math.floor((status.admitted_through - session.baseCursor) * 100 / span)));
    session.best = Math.max(session.best || 0, status.state === "admitted" ? 100 : done);
    storage.write(session);
  }

  function setFacts(status) {
    el("fg-position").textContent = status.position === null ? "–" : status.position.toLocaleString();
    // People ahead count while waiting (and on the waitlist); the ETA only while the cursor moves for this shopper.
    el("fg-ahead").textContent = ["waiting", "sold_out"].includes(status.state) ? status.ahead.toLocaleString() : "–";
    el("fg-eta").textContent = status.state === "waiting" ? etaText(status.eta_seconds) : "–";
    const bar = document.querySelector("#fg-progress .bar");
    bar.setAttribute("aria-valuenow", String(session.best || 0));
    bar.firstElementChild.style.width = (session.best || 0) + "%";
    const note = el("fg-progress-note");
    note.hidden = !session.note;
    note.textContent = session.note || "";
  }

  function render() {
    const status = view.status;
    if (status) setFacts(status);
    el("fg-updated").textContent = lastUpdate === 0 ? "–"
      : (Date.now() - lastUpdate < 2000 ? t("updated.now") : t("updated.ago", { n: Math.round((Date.now() - lastUpdate) / 1000) }));
    // The checkout stays through a passing outage; any other state takes it away.
    if (!["admitted", "offline", "busy", "error"].includes(view.state)) el("fg-action").replaceChildren();
    if (view.state !== "paused") pausedSince = 0;
    const facts = { facts: true, progress: true };
    switch (view.state) {
      case "starting": return show("starting", t("state.starting.title"), t("state.starting.body"));
      case "offline": {
        const until = session.expiresAt ? new Date(session.expiresAt).toLocaleString() : "–";
        return show("offline", t("state.offline.title"), t("state.offline.body", { until, seconds: secondsLeft() }),
          { facts: !!session.token, spoken: t("state.offline.body", { until, seconds: "" }) });
      }
      case "busy": return show("busy", t("state.busy.title"), t("state.busy.body", { seconds: secondsLeft() }));
      case "error": return show("error", t("state.error.title"), t("state.error.body", { message: view.message, seconds: secondsLeft() }));
      case "pre_registered": return showPreRegistered();
      case "waiting": return show("waiting", t("state.waiting.title"), t("state.waiting.body"), facts);
      case "admitted":
        show("admitted", t("state.admitted.title"), t("state.admitted.body"));
        return showCheckout();
      case "sold_out": return show("sold_out", t("state.sold_out.title"), t("state.sold_out.body"), { facts: true });
      case "paused": {
        pausedSince = pausedSince || Date.now();
        return show("paused", t("state.paused.title"), t("state.paused.body") + " " + t("state.paused.since", { duration: duration((Date.now() - pausedSince) / 1000) }),
          { facts: true, progress: true, spoken: t("state.paused.body") });
      }
      case "closed": return show("closed", t("state.closed.title"), view.message || t("state.closed.body"));
      case "expired": return show("expired", t("state.expired.title"), t("state.expired.body"));
    }
  }

  function showPreRegistered() {
    const left = (Date.parse(data.startsAt) - Date.now()) / 1000;
    let body = left > 0 ? t("state.pre_registered.body", { countdown: duration(left) }) : t("state.pre_registered.starting");
    if (data.fairness === "lottery" && data.seedHash) body += " " + t("state.pre_registered.lottery", { hash: data.seedHash });
    const placed = view.status && view.status.position !== null;
    show("pre_registered", t("state.pre_registered.title"), body, { facts: placed, spoken: t("state.pre_registered.title") });
  }

  // Admitted: the shop's checkout (the token posted as queue_token), or the built-in demo form.
  function showCheckout() {
    const action = el("fg-action");
    if (action.firstElementChild) return;
    if (data.checkoutUrl) {
      const form = document.createElement("form");
      form.method = "post";
      form.action = data.checkoutUrl;
      form.append(hidden("queue_token", session.token), hidden("sale_id", sale), button(t("state.admitted.checkout"), "submit"));
      action.append(form);
      return;
    }
    action.append(demoForm());
  }

  function hidden(name, value) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    return input;
  }

  function button(label, type, secondary) {
    const element = document.createElement("button");
    element.type = type;
    element.textContent = label;
    if (secondary) element.className = "secondary";
    return element;
  }

  function field(id, label, control) {
    const caption = document.createElement("label");
    caption.htmlFor = id;
    caption.textContent = label;
    control.id = id;
    return [caption, control];
  }

  function demoForm() {
    const form = document.createElement("form");
    form.id = "fg-buy";
    const heading = document.createElement("h3");
    heading.textContent = t("demo.heading");
    const sku = document.createElement("select");
    for (const name of data.skus.split(",").filter(Boolean)) sku.append(new Option(name, name));
    const qty = document.createElement("input");
    Object.assign(qty, { type: "number", min: "1", max: data.limit, value: "1", inputMode: "numeric" });
    const message = document.createElement("p");
    message.id = "fg-buy-message";
    message.setAttribute("role", "status");
    const reserve = button(t("demo.reserve"), "submit");
    const buy = button(t("demo.buy"), "button");
    const cancel = button(t("demo.cancel"), "button", true);
    buy.hidden = cancel.hidden = true;
    form.append(heading, ...field("fg-sku", t("demo.sku"), sku), ...field("fg-qty", t("demo.qty"), qty), reserve, buy, cancel, message);
    let reservation = null;
    let paymentKey = "";
    const call = async (path, body, extra) => fetch(path, {
      method: "POST", body: JSON.stringify(body),
      headers: Object.assign({ Authorization: "Bearer " + session.token, "Content-Type": "application/json", Accept: "application/json" }, extra || {}),
    });
    const fail = async (response) => { message.textContent = t("demo.failed", { message: (await errorMessage(response)).message }); };
    const guarded = (work) => async (event) => {
      event.preventDefault();
      for (const control of [reserve, buy, cancel]) control.disabled = true;
      try { await work(); } catch (_) { message.textContent = t("state.offline.title"); }
      for (const control of [reserve, buy, cancel]) control.disabled = false;
    };
    form.onsubmit = guarded(async () => {
      const response = await call("/checkout/reserve", { sku: sku.value, qty: Number(qty.value) });
      if (response.status !== 201) return fail(response);
      reservation = await response.json();
      paymentKey = "page-" + randomHex(12);
      const seconds = Math.max(0, Math.round((Date.parse(reservation.expires_at) - Date.now()) / 1000));
      message.textContent = t("demo.reserved", { qty: reservation.qty, sku: reservation.sku, seconds });
      reserve.hidden = true;
      buy.hidden = cancel.hidden = false;
    });
    buy.onclick = guarded(async () => {
      for (;;) {
        const response = await call("/checkout/commit", { reservation_id: reservation.reservation_id, payment: { method: "demo" } }, { "Idempotency-Key": paymentKey });
        if (response.status === 202) {
          message.textContent = t("demo.pending");
          await new Promise((resolve) => setTimeout(resolve, retryAfter(response)));
          continue;
        }
        if (response.status === 200) {
          message.textContent = t("demo.paid", { order: (await response.json()).order_id });
          buy.hidden = cancel.hidden = true;
        } else if (response.status === 402) {
          paymentKey = "page-" + randomHex(12);
          message.textContent = t("demo.declined");
        } else {
          await fail(response);
        }
        return;
      }
    });
    cancel.onclick = guarded(async () => {
      const response = await call("/checkout/cancel", { reservation_id: reservation.reservation_id });
      if (response.status !== 200) return fail(response);
      message.textContent = t("demo.cancelled");
      buy.hidden = cancel.hidden = true;
      reserve.hidden = false;
    });
    return form;
  }

  // Once a second: countdowns and "last updated"; the live region stays quiet.
  setInterval(() => {
    if (["offline", "busy", "error", "pre_registered", "paused"].includes(view.state) || view.status) render();
  }, 1000);

  if (data.token) {
    // Joined without JavaScript: keep the token here and leave the address that carries it.
    storage.write({ token: data.token, userID: query.get("user_id") || undefined });
    query.delete("token");
    location.replace(location.pathname + (query.toString() ? "?" + query : ""));
    return;
  }
  if (session.token) poll(); else register();
})();
