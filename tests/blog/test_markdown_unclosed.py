"""An element opened and never closed in an article shows as text; the rest of the article
still shows (it was silently dropped)."""

from __future__ import annotations

import pytest

from podium.blog.markdown import render

REST = "The rest is *here*."


@pytest.mark.parametrize(
    "opening",
    ["<style>", "<STYLE type='text/css'>", "<script>", "<template>", "<!-- note", "<?php"],
)
def test_it_keeps_the_rest_of_the_article_after_an_unclosed_opening(opening):
    html = render(f"Intro\n\n{opening}\np {{ color: red }}\n\n{REST}")

    assert "<p>The rest is <em>here</em>.</p>" in html
    assert "<style" not in html.lower() and "<script" not in html.lower()


def test_it_shows_the_unclosed_opening_as_text_so_the_writer_sees_it():
    html = render(f"Intro <style> colours\n\n{REST}")

    assert "<p>Intro &lt;style&gt; colours</p>" in html
    assert "<em>here</em>" in html


def test_it_still_drops_a_closed_style_and_its_content():
    html = render(f"Intro\n\n<style>body {{ display: none }}</style>\n\n{REST}")

    assert "display" not in html
    assert "<em>here</em>" in html
