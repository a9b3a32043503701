// Calendar: drag a scheduled post onto another day (month) or hour (week) to move it.
// The server decides (never into the past, never once claimed) and says why not.
(() => {
  // The executive filter applies as soon as it changes (its button stays for keyboards).
  document.querySelectorAll("form[data-autosubmit]").forEach((filter) => {
    filter.addEventListener("change", () => filter.requestSubmit());
  });
  const calendar = document.querySelector("[data-calendar]");
  if (!calendar) return;
  const note = document.querySelector("[data-calendar-message]");

  const csrfToken = () => {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      return match ? decodeURIComponent(match[1]) : "";
    }
  };

  const say = (message, ok) => {
    note.textContent = message;
    note.className = `alert ${ok ? "alert-success" : "alert-danger"}`;
  };

  let dragged = null;
  calendar.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("[data-post][draggable]");
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.post);
  });
  calendar.addEventListener("dragover", (event) => {
    const cell = event.target.closest("[data-drop-date]");
    if (!cell || !dragged) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    calendar.querySelectorAll(".cal-drop").forEach((c) => c !== cell && c.classList.remove("cal-drop"));
    cell.classList.add("cal-drop");
  });
  calendar.addEventListener("dragleave", (event) => {
    const cell = event.target.closest("[data-drop-date]");
    if (cell && !cell.contains(event.relatedTarget)) cell.classList.remove("cal-drop");
  });
  calendar.addEventListener("drop", async (event) => {
    const cell = event.target.closest("[data-drop-date]");
    if (!cell || !dragged) return;
    event.preventDefault();
    cell.classList.remove("cal-drop");
    const entry = dragged;
    dragged = null;
    const minutes = entry.dataset.time.split(":")[1];
    const hour = cell.dataset.dropHour ?? entry.dataset.time.split(":")[0];
    const body = new FormData();
    body.append("post", entry.dataset.post);
    body.append("date", cell.dataset.dropDate);
    body.append("time", `${String(hour).padStart(2, "0")}:${minutes}`);
    body.append("tz", calendar.dataset.tz);
    const response = await fetch(calendar.dataset.moveUrl, {
      method: "POST",
      body,
      headers: { "X-CSRFToken": csrfToken() },
      credentials: "same-origin",
    });
    let result = { ok: false, message: "The post could not be moved: reload and try again." };
    try {
      result = await response.json();
    } catch (error) {
      // keep the generic message
    }
    say(result.message, result.ok);
    if (result.ok) {
      entry.dataset.time = `${String(hour).padStart(2, "0")}:${minutes}`;
      const time = entry.querySelector(".cal-time");
      if (time) time.textContent = entry.dataset.time;
      cell.append(entry);
    }
  });
  calendar.addEventListener("dragend", () => {
    calendar.querySelectorAll(".cal-drop").forEach((c) => c.classList.remove("cal-drop"));
  });
})();
