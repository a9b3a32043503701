"""Character counts and validation messages by each network's own rules (podium.channels.limits)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from podium.channels.base import Media, Part
from podium.channels.limits import (
    count_bluesky,
    count_linkedin,
    count_mastodon,
    count_x,
    validate_parts,
)

LONG_URL = "https://example.com/" + "a" * 80


def blocking(problems):
    return [p.message for p in problems if p.blocking]


def warnings(problems):
    return [p.message for p in problems if not p.blocking]


def test_it_counts_a_mastodon_link_as_23_whatever_its_length():
    assert count_mastodon(f"see {LONG_URL}") == 4 + 23
    assert count_mastodon("see https://x.io") == 4 + 23


def test_it_counts_a_remote_mastodon_mention_as_the_local_part():
    assert count_mastodon("hi @bob@mastodon.social") == len("hi @bob")
    assert count_mastodon("mail me at bob@example.com") == len("mail me at bob@example.com")


def test_it_counts_graphemes_on_bluesky_and_mastodon():
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert count_bluesky(family + " e\u0301") == 3
    assert count_mastodon("\U0001f1eb\U0001f1f7") == 1


def test_it_weighs_x_links_as_23_and_cjk_as_2():
    assert count_x(LONG_URL) == 23
    assert count_x("日本") == 4
    assert count_x("") == 0


def test_it_counts_linkedin_characters():
    assert count_linkedin("héllo") == 5


@given(st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "Zs"])))
def test_it_counts_plain_ascii_the_same_everywhere(text):
    assert count_mastodon(text) == count_bluesky(text) == count_x(text) == count_linkedin(text)


@given(st.text(max_size=50))
def test_it_never_counts_more_graphemes_than_code_points(text):
    assert count_bluesky(text) <= len(text)


def test_it_refuses_a_post_too_long_for_each_network():
    for network, limit, name in [
        ("mastodon", 500, "Mastodon"),
        ("bluesky", 300, "Bluesky"),
        ("x", 280, "X"),
        ("linkedin", 3000, "LinkedIn"),
    ]:
        assert validate_parts(network, ["a" * limit]) == []
        (message,) = blocking(validate_parts(network, ["a" * (limit + 1)]))
        assert f"1 over {name}'s limit of {limit}" in message


def test_it_uses_the_mastodon_instance_limit():
    assert validate_parts("mastodon", ["a" * 600], max_chars=1000) == []
    assert blocking(validate_parts("mastodon", ["a" * 600]))


def test_it_counts_the_content_warning_within_mastodons_limit():
    (message,) = blocking(validate_parts("mastodon", ["a" * 495], content_warning="spoilers"))
    assert "with the content warning" in message


def test_it_refuses_a_thread_on_linkedin_only():
    (message,) = blocking(validate_parts("linkedin", ["one", "two"]))
    assert "LinkedIn has no threads" in message
    for network in ("mastodon", "bluesky", "x"):
        assert validate_parts(network, ["one", "two"]) == []


def test_it_names_the_part_of_a_thread_that_is_too_long():
    (problem,) = validate_parts("x", ["fine", "b" * 281])
    assert problem.part == 1 and problem.message.startswith("Part 2 is 281")


def test_it_refuses_too_many_images():
    image = Media(path="a.png", mime_type="image/png", size=1000, alt_text="A chart")
    assert validate_parts("linkedin", [Part("x", (image,) * 9)]) == []
    (message,) = blocking(validate_parts("bluesky", [Part("x", (image,) * 5)]))
    assert "5 images; Bluesky takes at most 4: remove 1" in message


def test_it_refuses_an_image_too_large():
    image = Media(path="a.png", mime_type="image/png", size=2_000_000, alt_text="A chart")
    (message,) = blocking(validate_parts("bluesky", [Part("x", (image,))]))
    assert "use a smaller image" in message


def test_it_warns_about_an_image_without_alt_text_but_does_not_block():
    image = Media(path="a.png", mime_type="image/png", size=1000)
    problems = validate_parts("mastodon", [Part("x", (image,))])
    assert blocking(problems) == []
    assert "no alt text" in warnings(problems)[0]


def test_it_refuses_an_empty_post():
    (message,) = blocking(validate_parts("x", ["  "]))
    assert "empty" in message


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-/", min_size=1, max_size=300),
    st.sampled_from(["http", "https"]),
)
def test_a_link_weighs_23_on_mastodon_and_x_whatever_its_length(path, scheme):
    link = f"{scheme}://example.com/{path}".rstrip("-/") or "https://example.com"
    assert count_mastodon(f"read {link}") == 5 + 23
    assert count_x(f"read {link}") == 5 + 23
