"""Moving a post in the calendar without a mouse: Space picks it up, the arrows move it, Enter
drops it, Escape puts it back, and "Move…" takes a typed date and time. Every step is
announced in the calendar's live region; a refused move leaves the calendar as it was."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from podium.outbox.models import Publication
from podium.publishing.actions import do_schedule
from podium.publishing.models import Post
from tests.browser.support import shoot, sign_in
from tests.conftest import PASSWORD
from tests.publishing.composing import account, draft

pytestmark = pytest.mark.browser
LONDON = zoneinfo.ZoneInfo("Europe/London")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def spoken(when: dt.datetime) -> str:
    """How the calendar words a time: the year only when it is not this one."""
    year = "" if when.year == timezone.now().year else f" {when.year}"
    return f"{WEEKDAYS[when.weekday()]} {when.day} {when:%b}{year} {when:%H:%M}"


@pytest.fixture
def erin_in_london(transactional_db, erin):
    erin.person.timezone = "Europe/London"
    erin.person.save()
    for network in ("mastodon", "x"):
        account(erin.person, network)
    return erin


def schedule(erin, days: int = 2, text: str = "Lisbon opens today.") -> tuple[Post, dt.datetime]:
    """A post at 09:15 London time on a Tuesday to Saturday, so both neighbours are in its week."""
    day = (timezone.now() + dt.timedelta(days=days)).astimezone(LONDON).date()
    while day.weekday() in (0, 6):
        day += dt.timedelta(days=1)
    when = dt.datetime.combine(day, dt.time(9, 15), LONDON)
    post = draft(erin, erin.person, text=text)
    do_schedule(erin, post, when)
    return post, when


def due_times(post: Post) -> set[dt.datetime]:
    return set(post.publications.values_list("due_at", flat=True))


def test_space_arrows_and_enter_move_a_post(page: Page, erin_in_london):
    post, when = schedule(erin_in_london)
    sign_in(page, erin_in_london.email, PASSWORD)
    page.goto(f"/calendar/?start={when.date().isoformat()}&person=erin-executive")
    live = page.locator("[data-calendar-live]")
    entry = page.locator(f'[data-post="{post.pk}"]')
    link = entry.locator(".cal-link")
    link.focus()

    page.keyboard.press("Space")
    expect(live).to_contain_text(f"Moving Erin Executive's post from {spoken(when)}")
    expect(entry).to_have_class(re.compile("cal-grabbed"))
    page.keyboard.press("ArrowRight")
    expect(live).to_have_text(spoken(when + dt.timedelta(days=1)))
    page.keyboard.press("ArrowDown")  # the week view: one hour later
    page.keyboard.press("Alt+ArrowDown")  # and 15 minutes
    target = when + dt.timedelta(days=1, hours=1, minutes=15)
    expect(live).to_have_text(spoken(target))
    # The post already shows where it will land, and still has the keyboard focus.
    cell = page.locator(f'[data-drop-date="{target.date().isoformat()}"][data-drop-hour="10"]')
    expect(cell.locator(f'[data-post="{post.pk}"]')).to_be_visible()
    expect(link).to_be_focused()
    shoot(page, "calendar-keyboard-moving")

    page.keyboard.press("Enter")
    message = page.locator("[data-calendar-message]")
    expect(message).to_have_text(f"Moved to {spoken(target)}.")
    expect(message).to_have_class(re.compile("alert-success"))
    expect(live).to_have_text(f"Moved to {spoken(target)}.")
    expect(entry.locator(".cal-time")).to_have_text("10:30")
    assert due_times(post) == {target}
    shoot(page, "calendar-keyboard-moved")


def test_escape_puts_the_post_back(page: Page, erin_in_london):
    post, when = schedule(erin_in_london)
    sign_in(page, erin_in_london.email, PASSWORD)
    page.goto(f"/calendar/?start={when.date().isoformat()}")
    entry = page.locator(f'[data-post="{post.pk}"]')
    entry.locator(".cal-link").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Escape")
    expect(page.locator("[data-calendar-live]")).to_have_text(
        f"Move cancelled: the post stays at {spoken(when)}."
    )
    home = page.locator(f'[data-drop-date="{when.date().isoformat()}"][data-drop-hour="9"]')
    expect(home.locator(f'[data-post="{post.pk}"]')).to_be_visible()
    expect(entry.locator(".cal-time")).to_have_text("09:15")
    expect(entry).not_to_have_class(re.compile("cal-grabbed"))
    assert due_times(post) == {when}

    # Past the edge of the week: the post stays on the last day and the reader hears why.
    page.keyboard.press("Space")
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    sunday = when.date() + dt.timedelta(days=6 - when.weekday())
    expect(page.locator("[data-calendar-live]")).to_contain_text(
        f"drop the post on {spoken(dt.datetime.combine(sunday, dt.time()))[:-6]} and go on"
    )
    expect(entry).to_have_attribute("data-date", sunday.isoformat())
    # Tabbing away cancels the move too.
    page.keyboard.press("Tab")
    expect(page.locator("[data-calendar-live]")).to_have_text(
        f"Move cancelled (focus left the post): the post stays at {spoken(when)}."
    )
    expect(home.locator(f'[data-post="{post.pk}"]')).to_be_visible()
    assert due_times(post) == {when}


def test_the_month_view_moves_by_weeks(page: Page, erin_in_london):
    mid_month = (timezone.now() + dt.timedelta(days=60)).date().replace(day=14)
    when = dt.datetime.combine(mid_month, dt.time(9, 15), LONDON)
    post = draft(erin_in_london, erin_in_london.person)
    do_schedule(erin_in_london, post, when)
    sign_in(page, erin_in_london.email, PASSWORD)
    page.goto(f"/calendar/?view=month&start={when.date().isoformat()}")
    page.locator(f'[data-post="{post.pk}"] .cal-link').focus()
    page.keyboard.press("Space")
    expect(page.locator("[data-calendar-live]")).to_contain_text("Up and Down change the week")
    page.keyboard.press("ArrowDown")  # a week later
    page.keyboard.press("Alt+ArrowDown")
    target = when + dt.timedelta(days=7, minutes=15)
    expect(page.locator("[data-calendar-live]")).to_have_text(spoken(target))
    day = page.locator(f'[data-drop-date="{target.date().isoformat()}"]')
    expect(day.locator(f'[data-post="{post.pk}"]')).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("[data-calendar-message]")).to_have_text(f"Moved to {spoken(target)}.")
    shoot(page, "calendar-month-keyboard-moved")
    assert due_times(post) == {target}


def test_move_from_the_menu_with_a_date_and_time(page: Page, erin_in_london):
    post, when = schedule(erin_in_london)
    sign_in(page, erin_in_london.email, PASSWORD)
    page.goto(f"/calendar/?start={when.date().isoformat()}")
    entry = page.locator(f'[data-post="{post.pk}"]')
    entry.locator(".cal-link").focus()
    page.keyboard.press("Tab")  # to the post's actions button
    expect(entry.locator(".cal-menu-button")).to_be_focused()
    page.keyboard.press("Enter")
    move = entry.get_by_role("button", name="Move…")
    expect(move).to_be_visible()
    shoot(page, "calendar-post-menu")
    while not move.evaluate("e => e === document.activeElement"):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    dialog = page.get_by_role("dialog", name="Move post")
    expect(dialog).to_be_visible()
    date_field = dialog.get_by_label("Date")
    expect(date_field).to_be_focused()
    expect(date_field).to_have_value(when.date().isoformat())
    expect(dialog.get_by_label("Time")).to_have_value("09:15")
    expect(dialog).to_contain_text(f"now {spoken(when)}")
    target = when + dt.timedelta(days=1, hours=8)  # 17:15 the next day
    date_field.fill(target.date().isoformat())
    dialog.get_by_label("Time").fill("17:15")
    shoot(page, "calendar-move-dialog")
    page.keyboard.press("Tab")  # Cancel
    page.keyboard.press("Tab")  # Move
    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect(page.locator("[data-calendar-message]")).to_have_text(f"Moved to {spoken(target)}.")
    cell = page.locator(f'[data-drop-date="{target.date().isoformat()}"][data-drop-hour="17"]')
    expect(cell.locator(f'[data-post="{post.pk}"]')).to_be_visible()
    expect(entry.locator(".cal-link")).to_be_focused()
    assert due_times(post) == {target}


@pytest.fixture
def quiet_tab(browser: Browser, live_server) -> Iterator[Page]:
    """A tab that does not fail the test on the refused moves' 400 answers (they are expected)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1360, "height": 860})
    page = context.new_page()
    script_errors: list[str] = []
    page.on("pageerror", lambda e: script_errors.append(str(e)))
    yield page
    context.close()
    assert not script_errors


def test_a_refused_move_says_why_and_keeps_the_calendar(quiet_tab: Page, erin_in_london):
    page = quiet_tab
    post, when = schedule(erin_in_london)
    other, _ = schedule(erin_in_london, days=3, text="Porto next")
    sign_in(page, erin_in_london.email, PASSWORD)
    page.goto(f"/calendar/?start={when.date().isoformat()}")
    # The outbox claims the post while the calendar is open.
    post.publications.update(state=Publication.State.CLAIMED)
    entry = page.locator(f'[data-post="{post.pk}"]')
    entry.locator(".cal-link").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    message = page.locator("[data-calendar-message]")
    expect(message).to_contain_text("already been claimed")
    expect(message).to_have_class(re.compile("alert-danger"))
    expect(page.locator("[data-calendar-live]")).to_contain_text("already been claimed")
    home = page.locator(f'[data-drop-date="{when.date().isoformat()}"][data-drop-hour="9"]')
    expect(home.locator(f'[data-post="{post.pk}"]')).to_be_visible()
    expect(entry.locator(".cal-time")).to_have_text("09:15")
    expect(page.locator(f'[data-post="{other.pk}"]')).to_be_visible()
    shoot(page, "calendar-keyboard-refused")

    # Move… into the past: the dialog stays open with what was typed and says what to change.
    other_entry = page.locator(f'[data-post="{other.pk}"]')
    other_entry.locator(".cal-menu-button").focus()
    page.keyboard.press("Enter")
    other_entry.get_by_role("button", name="Move…").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Move post")
    dialog.get_by_label("Date").fill("2020-03-02")
    dialog.get_by_label("Time").fill("08:00")
    dialog.get_by_role("button", name="Move", exact=True).focus()
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("alert")).to_contain_text("is in the past")
    expect(dialog.get_by_label("Date")).to_have_value("2020-03-02")
    expect(dialog.get_by_label("Time")).to_have_value("08:00")
    shoot(page, "calendar-move-dialog-refused")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(other_entry.locator(".cal-link")).to_be_focused()
    assert due_times(post) == {when}
