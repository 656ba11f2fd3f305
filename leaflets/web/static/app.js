// The form: fills the choices from the catalogue, keeps the preview up to date as the form
// changes, shows each field's error beside it, downloads the PDF. Text is only ever set with
// textContent, never as HTML.
"use strict";
(function () {
  const catalogue = JSON.parse(document.getElementById("catalogue").textContent);
  const words = JSON.parse(document.getElementById("words").textContent);
  const form = document.getElementById("order");
  const lang = form.dataset.lang;
  const $ = (id) => document.getElementById(id);
  let page = 1, pages = 1, timer = null, asked = 0, imageUrl = null;

  function fill(select, items, keep) {
    const old = keep ? select.value : null;
    select.replaceChildren();
    for (const item of items) {
      const option = document.createElement("option");
      option.value = item.id;
      option.textContent = item.label;
      select.append(option);
    }
    if (old && items.some((i) => i.id === old)) select.value = old;
  }

  function leaflet() {
    return catalogue.leaflets.find((l) => l.id === $("leaflet").value) || catalogue.leaflets[0];
  }

  function fillChoices(keep) {
    const chosen = leaflet();
    fill($("variant"), chosen.variants.map((v) => ({ id: v.id, label: v.label })), keep);
    fill($("locale"), chosen.locales.map((l) => ({ id: l.id, label: l.name })), keep);
    fill($("layout"), chosen.layouts.map((l) => ({ id: l, label: catalogue.layouts[l] || l })), keep);
    $("leaflet-about").textContent = chosen.subtitle;
    describe();
  }

  function describe() {
    // the options carry the descriptions; the lines under them say only what an option cannot
    const layout = $("layout").value;
    $("layout-about").textContent = /trifold|booklet/.test(layout) ? words.print_duplex : "";
  }

  function mode() {
    const checked = form.querySelector("input[name=mode]:checked");
    return checked ? checked.value : "none";
  }

  function showGroups() {
    $("saved") && ($("saved").hidden = mode() !== "saved");
    $("typed").hidden = mode() !== "typed";
  }

  function order() {
    const body = {
      leaflet: $("leaflet").value, variant: $("variant").value,
      locale: $("locale").value, layout: $("layout").value,
    };
    if (mode() === "saved" && $("clinic_id")) body.clinic_id = $("clinic_id").value;
    if (mode() === "typed") {
      const clinic = {};
      for (const input of $("typed").querySelectorAll("[data-field]")) {
        if (input.value.trim()) clinic[input.name] = input.value;
      }
      body.clinic = clinic;
    }
    return body;
  }

  function showErrors(errors) {
    let first = null;
    for (const p of form.querySelectorAll("[data-error-for]")) {
      const name = p.dataset.errorFor;
      const message = errors[name] || "";
      p.textContent = message;
      const input = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
      if (input) {
        if (message) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
      if (message && !first) first = input || p;
    }
    // an error of a field the form has no place for (the API's own names) still shows
    const other = Object.keys(errors).filter((k) => !form.querySelector(`[data-error-for="${CSS.escape(k)}"]`));
    if (other.length) $("err-body").textContent = other.map((k) => `${k}: ${errors[k]}`).join(" ");
    $("summary").hidden = Object.keys(errors).length === 0;
    return first;
  }

  async function post(path, body) {
    const response = await fetch(`${path}?lang=${encodeURIComponent(lang)}`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    if (response.ok) return { response };
    let errors = { body: words.server_error };
    try { errors = (await response.json()).errors || errors; } catch (e) { /* not JSON */ }
    return { errors };
  }

  async function refresh() {
    const ticket = ++asked;
    $("busy").textContent = words.updating;
    const body = Object.assign(order(), { page });
    let result;
    try { result = await post("/api/preview", body); } catch (e) { result = { errors: { body: words.server_error } }; }
    if (ticket !== asked) return;          // a newer preview was asked for meanwhile
    $("busy").textContent = "";
    if (result.errors) {
      if (result.errors.page && page > 1) { page = 1; schedule(0); return; }
      showErrors(result.errors);
      return;
    }
    showErrors({});
    pages = parseInt(result.response.headers.get("X-Page-Count") || "1", 10);
    const blob = await result.response.blob();
    if (imageUrl) URL.revokeObjectURL(imageUrl);
    imageUrl = URL.createObjectURL(blob);
    const image = $("page-image");
    image.src = imageUrl;
    image.alt = words.preview_alt.replace("{page}", page);
    image.hidden = false;
    image.dataset.version = String(ticket);
    $("page-status").textContent = `${words.page} ${page} ${words.of} ${pages}`;
    $("previous").disabled = page <= 1;
    $("next").disabled = page >= pages;
  }

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(refresh, delay === undefined ? 350 : delay);
  }

  async function download(event) {
    event.preventDefault();
    const result = await post("/api/pdf", order());
    if (result.errors) {
      const first = showErrors(result.errors);
      if (first) first.focus();
      return;
    }
    showErrors({});
    const disposition = result.response.headers.get("Content-Disposition") || "";
    const match = /filename="([^"]+)"/.exec(disposition);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(await result.response.blob());
    link.download = match ? match[1] : "leaflet.pdf";
    document.body.append(link);
    link.click();
    link.remove();
  }

  fill($("leaflet"), catalogue.leaflets.map((l) => ({ id: l.id, label: l.title })), false);
  fillChoices(false);
  if ($("clinic_id") && $("clinic_id").selectedOptions.length) {
    const wanted = $("clinic_id").selectedOptions[0].dataset.locale;
    if (leaflet().locales.some((l) => l.id === wanted)) $("locale").value = wanted;
  }
  showGroups();
  $("leaflet").addEventListener("change", () => { fillChoices(true); page = 1; schedule(0); });
  form.addEventListener("change", (event) => {
    if (event.target.name === "mode") showGroups();
    describe();
    if (event.target.id !== "leaflet") { page = 1; schedule(0); }
  });
  form.addEventListener("input", (event) => { if (event.target.tagName !== "SELECT") schedule(); });
  form.addEventListener("submit", download);
  $("previous").addEventListener("click", () => { if (page > 1) { page -= 1; schedule(0); } });
  $("next").addEventListener("click", () => { if (page < pages) { page += 1; schedule(0); } });
  schedule(0);
})();
