// Compose: live counts by each network's rules (asked of the server, which owns the rules),
// previews, thread parts, image slots, and the Save button held back while problems block.
(() => {
  const form = document.querySelector("[data-compose]");
  if (!form) return;
  const base = form.querySelector("[data-compose-base]");
  let timer = null;
  let latest = 0;

  const chosen = () =>
    Array.from(form.querySelectorAll('input[name="networks"]:checked')).map((i) => i.value);
  const when = () => (form.querySelector('input[name="when"]:checked') || {}).value || "draft";

  // A network's text follows the post above until someone edits it.
  const follow = () => {
    form.querySelectorAll("[data-variant-text]").forEach((area) => {
      if (!area.hasAttribute("data-edited")) area.value = base.value;
    });
  };

  const showNetworks = () => {
    const on = chosen();
    form.querySelectorAll("[data-network-tab]").forEach((tab) => {
      tab.hidden = !on.includes(tab.dataset.networkTab);
    });
    form.querySelectorAll("[data-preview]").forEach((preview) => {
      preview.hidden = !on.includes(preview.dataset.preview);
    });
    const active = form.querySelector(".nav-link.active");
    if (active && active.closest("[data-network-tab]").hidden) {
      const first = form.querySelector("[data-network-tab]:not([hidden]) .nav-link");
      if (first && window.bootstrap) window.bootstrap.Tab.getOrCreateInstance(first).show();
    }
  };

  const showWhen = () => {
    const at = form.querySelector("[data-when-at]");
    if (at) at.hidden = when() !== "at";
  };

  const renderProblems = (network, problems) => {
    const list = form.querySelector(`[data-problems="${network}"]`);
    if (!list) return;
    list.replaceChildren(
      ...problems.map((p) => {
        const item = document.createElement("li");
        item.className = p.blocking ? "text-danger" : "text-warning";
        const icon = document.createElement("i");
        icon.className = `ti ${p.blocking ? "ti-alert-circle" : "ti-alert-triangle"} me-1`;
        icon.setAttribute("aria-hidden", "true");
        item.append(icon, document.createTextNode(p.message));
        return item;
      }),
    );
  };

  const renderPreview = (network, info) => {
    const box = form.querySelector(`[data-preview="${network}"]`);
    if (!box) return;
    const pane = form.querySelector(`[data-variant="${network}"]`);
    const texts = [pane.querySelector("[data-variant-text]").value].concat(
      Array.from(pane.querySelectorAll("[data-thread-part] textarea")).map((t) => t.value),
    );
    box.querySelector("[data-preview-handle]").textContent = info.handle ? (info.handle.startsWith("@") ? info.handle : `@${info.handle}`) : "";
    const cw = pane.querySelector('[name="mastodon-content_warning"]');
    box.querySelector("[data-preview-cw]").textContent = cw && cw.value ? `CW: ${cw.value}` : "";
    const link = pane.querySelector(`[name="${network}-link"]`);
    box.querySelector("[data-preview-link]").textContent = link && link.value ? link.value : "";
    box.querySelector("[data-preview-parts]").replaceChildren(
      ...texts.map((text, i) => {
        const part = document.createElement("div");
        part.className = "compose-preview-part";
        part.textContent = text || (i === 0 ? base.value : "");
        const meta = document.createElement("div");
        const count = info.counts[i] ?? 0;
        meta.className = `small ${count > info.max ? "text-danger" : "text-secondary"}`;
        meta.textContent = `${count} / ${info.max}`;
        part.append(meta);
        return part;
      }),
    );
  };

  const refresh = async () => {
    const ticket = ++latest;
    const data = new FormData(form);
    // Files stay in the browser until Save; the counts need only the text.
    for (const key of Array.from(data.keys())) {
      if (data.get(key) instanceof File) data.delete(key);
    }
    const response = await fetch(form.dataset.countUrl, {
      method: "POST",
      body: data,
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin",
    });
    if (!response.ok || ticket !== latest) return;
    const result = await response.json();
    for (const [network, info] of Object.entries(result.networks)) {
      const badge = form.querySelector(`[data-count="${network}"]`);
      if (badge) {
        const over = info.counts.some((c) => c > info.max);
        badge.textContent = `${info.counts[0]} / ${info.max}`;
        badge.className = `badge ms-2 ${over ? "bg-red-lt" : "bg-secondary-lt"}`;
      }
      renderProblems(network, info.problems);
      renderPreview(network, info);
    }
    const submit = form.querySelector("[data-submit]");
    const blocked = result.blocking && when() !== "draft";
    submit.disabled = blocked || submit.hasAttribute("data-locked");
    form.querySelector("[data-blocked-hint]").hidden = !blocked;
    // Every blocking problem, named by network, next to the button it holds back.
    const summary = form.querySelector("[data-problem-summary]");
    summary.replaceChildren(
      ...Object.entries(result.networks).flatMap(([network, info]) =>
        info.problems
          .filter((p) => p.blocking)
          .map((p) => {
            const item = document.createElement("li");
            const tab = form.querySelector(`[data-network-tab="${network}"] .nav-link span`);
            item.textContent = `${tab ? tab.textContent : network}: ${p.message}`;
            return item;
          }),
      ),
    );
  };

  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  };

  form.addEventListener("input", (event) => {
    if (event.target.matches("[data-variant-text]")) event.target.setAttribute("data-edited", "");
    if (event.target === base) follow();
    soon();
  });
  form.addEventListener("change", () => {
    showNetworks();
    showWhen();
    soon();
  });
  form.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-part]");
    if (add) {
      const network = add.dataset.addPart;
      const part = document.getElementById("thread-part-template").content.cloneNode(true);
      part.querySelector("textarea").name = `${network}-thread`;
      form.querySelector(`[data-thread="${network}"]`).append(part);
      soon();
    }
    const remove = event.target.closest("[data-remove-part]");
    if (remove) {
      remove.closest("[data-thread-part]").remove();
      soon();
    }
    const image = event.target.closest("[data-add-image]");
    if (image) {
      const hidden = image.closest("fieldset").querySelector("[data-image-slot].d-none");
      if (hidden) hidden.classList.remove("d-none");
      if (!image.closest("fieldset").querySelector("[data-image-slot].d-none")) image.hidden = true;
    }
  });

  if (form.querySelector("[data-submit]").disabled) {
    form.querySelector("[data-submit]").setAttribute("data-locked", "");
  }
  follow();
  showNetworks();
  showWhen();
  refresh();
})();
