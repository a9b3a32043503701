// Calendar: move a scheduled post by dragging it, from the keyboard, or with "Move…" and a
// date and time. All three ask the same endpoint; the server decides (never into the past,
// never once claimed) and says why not. A refused move puts the post back where it was.
(() => {
  // The executive filter applies as soon as it changes (its button stays for keyboards).
  document.querySelectorAll("form[data-autosubmit]").forEach((filter) => {
    filter.addEventListener("change", () => filter.requestSubmit());
  });
  const calendar = document.querySelector("[data-calendar]");
  if (!calendar) return;
  const note = document.querySelector("[data-calendar-message]");
  const live = document.querySelector("[data-calendar-live]");
  const byHour = calendar.querySelector("[data-drop-hour]") !== null; // the week view
  const days = [...new Set([...calendar.querySelectorAll("[data-drop-date]")].map((c) => c.dataset.dropDate))];

  const csrfToken = () => {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      return match ? decodeURIComponent(match[1]) : "";
    }
  };

  const pad = (n) => String(n).padStart(2, "0");
  const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // Dates are calendar days in the calendar's timezone: computed in UTC so that the browser's
  // own timezone (and its daylight saving changes) never shifts them.
  const asDay = (iso) => new Date(`${iso}T00:00:00Z`);
  const isoDay = (day) => day.toISOString().slice(0, 10);
  const addDays = (iso, n) => {
    const day = asDay(iso);
    day.setUTCDate(day.getUTCDate() + n);
    return isoDay(day);
  };
  const thisYear = new Date().getFullYear();
  // "Tue 24 Nov 09:00", as the server words it: the year only when it is not this one.
  const spoken = (iso, time) => {
    const day = asDay(iso);
    const year = day.getUTCFullYear() === thisYear ? "" : ` ${day.getUTCFullYear()}`;
    const words = `${WEEKDAYS[day.getUTCDay()]} ${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]}${year}`;
    return time ? `${words} ${time}` : words;
  };
  const minutesOf = (time) => {
    const [h, m] = time.split(":").map(Number);
    return h * 60 + m;
  };
  const timeOf = (minutes) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

  // Screen readers hear every step through the live region; the visible alert keeps the outcome.
  const announce = (message) => {
    live.textContent = "";
    window.requestAnimationFrame(() => {
      live.textContent = message;
    });
  };
  const say = (message, ok) => {
    note.textContent = message;
    note.className = `alert ${ok ? "alert-success" : "alert-danger"}`;
    announce(message);
  };

  const cellFor = (date, time) =>
    calendar.querySelector(
      byHour
        ? `[data-drop-date="${date}"][data-drop-hour="${Number(time.split(":")[0])}"]`
        : `[data-drop-date="${date}"]`,
    );

  // Put an entry in the cell of (date, time), in time order; off the visible period it leaves.
  let relocating = false;
  const place = (entry, date, time) => {
    entry.dataset.date = date;
    entry.dataset.time = time;
    const label = entry.querySelector(".cal-time");
    if (label) label.textContent = time;
    const cell = cellFor(date, time);
    const focused = entry.contains(document.activeElement) ? document.activeElement : null;
    relocating = true;
    if (!cell) {
      entry.remove();
    } else {
      const later = [...cell.querySelectorAll(":scope > [data-post]")].find(
        (other) => other !== entry && other.dataset.time > time,
      );
      cell.insertBefore(entry, later || null);
    }
    if (focused && entry.isConnected) focused.focus();
    relocating = false;
    return cell;
  };

  const send = async (entry, date, time) => {
    const body = new FormData();
    body.append("post", entry.dataset.post);
    body.append("date", date);
    body.append("time", time);
    body.append("tz", calendar.dataset.tz);
    let result = { ok: false, message: "The post could not be moved: reload and try again." };
    try {
      const response = await fetch(calendar.dataset.moveUrl, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        credentials: "same-origin",
      });
      result = await response.json();
    } catch (error) {
      // keep the message above: no answer, or not one we understand
    }
    return result;
  };

  // Ask the server; on success the entry stays at its new place, otherwise it goes back.
  const commit = async (entry, date, time, origin) => {
    entry.setAttribute("aria-busy", "true");
    entry.classList.add("cal-saving");
    const result = await send(entry, date, time);
    entry.removeAttribute("aria-busy");
    entry.classList.remove("cal-saving");
    if (result.ok) {
      place(entry, result.date || date, result.time || time);
    } else {
      place(entry, origin.date, origin.time);
    }
    say(result.message, result.ok);
    return result;
  };

  const clearDrop = () => calendar.querySelectorAll(".cal-drop").forEach((c) => c.classList.remove("cal-drop"));

  // ---------------------------------------------------------------- keyboard

  let grabbed = null; // {entry, origin: {date, time}, date, time}

  const pickUp = (entry) => {
    grabbed = { entry, origin: { date: entry.dataset.date, time: entry.dataset.time } };
    entry.classList.add("cal-grabbed");
    const steps = byHour ? "Up and Down change the hour" : "Up and Down change the week";
    announce(
      `Moving ${entry.dataset.who}'s post from ${spoken(entry.dataset.date, entry.dataset.time)}. ` +
        `Left and Right change the day, ${steps}, Alt with Up and Down 15 minutes. ` +
        "Enter drops it, Escape cancels.",
    );
  };

  const release = () => {
    const { entry } = grabbed;
    entry.classList.remove("cal-grabbed");
    clearDrop();
    grabbed = null;
    return entry;
  };

  const cancel = (reason) => {
    const { origin } = grabbed;
    const entry = release();
    place(entry, origin.date, origin.time);
    announce(`${reason}: the post stays at ${spoken(origin.date, origin.time)}.`);
  };

  const step = (dayShift, minuteShift) => {
    const { entry } = grabbed;
    const date = addDays(entry.dataset.date, dayShift);
    const minutes = minutesOf(entry.dataset.time) + minuteShift;
    if (!days.includes(date)) {
      const edge = dayShift < 0 ? days[0] : days[days.length - 1];
      announce(
        `The calendar shows ${spoken(days[0])} to ${spoken(days[days.length - 1])}: ` +
          `drop the post on ${spoken(edge)} and go on from the ${dayShift < 0 ? "earlier" : "next"} page, or use Move… for any date.`,
      );
      return;
    }
    if (minutes < 0 || minutes >= 24 * 60) {
      announce(`${minutes < 0 ? "00:00 is the earliest" : "23:59 is the latest"} time of a day: change the day with Left and Right.`);
      return;
    }
    const time = timeOf(minutes);
    const cell = place(entry, date, time);
    clearDrop();
    if (cell) cell.classList.add("cal-drop");
    const past = cell && cell.classList.contains("cal-past") ? " (in the past)" : "";
    announce(`${spoken(date, time)}${past}`);
  };

  calendar.addEventListener("keydown", (event) => {
    const link = event.target.closest(".cal-link");
    const entry = link && link.closest("[data-movable]");
    if (!entry) return;
    if (!grabbed) {
      if (event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        pickUp(entry);
      }
      return;
    }
    if (grabbed.entry !== entry) return;
    const keys = {
      ArrowLeft: () => step(-1, 0),
      ArrowRight: () => step(1, 0),
      ArrowUp: () => (event.altKey ? step(0, -15) : byHour ? step(0, -60) : step(-7, 0)),
      ArrowDown: () => (event.altKey ? step(0, 15) : byHour ? step(0, 60) : step(7, 0)),
      " ": () => {},
      Escape: () => cancel("Move cancelled"),
      Enter: () => {
        const { origin } = grabbed;
        const { date, time } = entry.dataset;
        release();
        if (date === origin.date && time === origin.time) {
          announce(`Not moved: the post stays at ${spoken(date, time)}.`);
        } else {
          commit(entry, date, time, origin);
        }
      },
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault(); // no scrolling, no following the link
    action();
  });

  // Leaving the post while moving it (Tab, a click elsewhere) cancels the move.
  calendar.addEventListener("focusout", (event) => {
    if (!grabbed || relocating || !event.target.classList.contains("cal-link")) return;
    cancel("Move cancelled (focus left the post)");
  });

  // ---------------------------------------------------------------- drag and drop

  let dragged = null;
  calendar.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("[data-movable]");
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
  calendar.addEventListener("drop", (event) => {
    const cell = event.target.closest("[data-drop-date]");
    if (!cell || !dragged) return;
    event.preventDefault();
    clearDrop();
    const entry = dragged;
    dragged = null;
    const [hours, minutes] = entry.dataset.time.split(":");
    const hour = cell.dataset.dropHour ?? hours;
    const origin = { date: entry.dataset.date, time: entry.dataset.time };
    const time = `${pad(hour)}:${minutes}`;
    place(entry, cell.dataset.dropDate, time); // shown at once, put back if refused
    commit(entry, cell.dataset.dropDate, time, origin);
  });
  calendar.addEventListener("dragend", clearDrop);

  // ---------------------------------------------------------------- Move… with a date and time

  const dialog = document.querySelector("[data-move-dialog]");
  if (!dialog) return;
  const form = dialog.querySelector("[data-move-form]");
  const error = dialog.querySelector("[data-move-error]");
  let target = null;

  const closeDialog = () => {
    dialog.close();
    const entry = target;
    target = null;
    if (entry && entry.isConnected) entry.querySelector(".cal-link").focus();
  };

  calendar.addEventListener("click", (event) => {
    const opener = event.target.closest("[data-move-open]");
    if (!opener) return;
    target = opener.closest("[data-post]");
    form.elements.date.value = target.dataset.date;
    form.elements.time.value = target.dataset.time;
    error.classList.add("d-none");
    error.textContent = "";
    const text = target.querySelector(".cal-text");
    dialog.querySelector("[data-move-summary]").textContent =
      `${target.dataset.who}: “${text ? text.textContent : ""}”, now ${spoken(target.dataset.date, target.dataset.time)}.`;
    dialog.showModal();
    form.elements.date.focus();
  });
  dialog.querySelector("[data-move-cancel]").addEventListener("click", closeDialog);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Escape: close the same way as the Cancel button
    closeDialog();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const date = form.elements.date.value;
    const time = form.elements.time.value;
    if (!date || !time) {
      error.textContent = "Choose both a date and a time to move the post to.";
      error.classList.remove("d-none");
      (date ? form.elements.time : form.elements.date).focus();
      return;
    }
    const entry = target;
    const result = await send(entry, date, time);
    if (!result.ok) {
      // The dialog stays open with what was typed; the message says what to change.
      error.textContent = result.message;
      error.classList.remove("d-none");
      announce(result.message);
      form.elements.date.focus();
      return;
    }
    const shown = place(entry, result.date || date, result.time || time);
    closeDialog();
    say(shown ? result.message : `${result.message} That is outside this page: go there to see it.`, true);
    if (!shown) note.focus(); // the post left the page: keep the reader's place on the outcome
  });
})();
