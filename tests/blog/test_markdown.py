import re

from podium.blog.markdown import plain_excerpt, render


def test_it_renders_markdown():
    html = render("## Rooms\n\nA *warm* welcome and [our site](https://example.com).")
    assert "<h2>Rooms</h2>" in html
    assert "<em>warm</em>" in html
    assert 'href="https://example.com"' in html


def test_it_strips_script_tags_and_their_content():
    html = render("Hello <script>alert('x')</script> world\n\n<script>steal()</script>")
    assert "<script" not in html.lower()
    assert "alert" not in html and "steal" not in html


def test_it_strips_javascript_links():
    for source in (
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">click</a>',
        '<a href="JaVaScRiPt:alert(1)">click</a>',
        '<a href=" javascript:alert(1)">click</a>',
    ):
        html = render(source).lower()
        assert not re.search(r"href=[\"']?\s*javascript", html), source
        assert "<a" not in html or "href" not in html, source


def test_it_strips_event_handlers_styles_and_frames():
    html = render(
        '<img src="x.png" onerror="alert(1)"> <p onclick="alert(2)" style="color:red">hi</p>'
        '<iframe src="https://evil.example"></iframe><style>body{}</style>'
    )
    lowered = html.lower()
    for bad in ("onerror", "onclick", "style", "<iframe", "alert"):
        assert bad not in lowered, bad
    assert '<img src="x.png">' in html


def test_it_keeps_links_safe_for_readers():
    assert 'rel="noopener noreferrer"' in render("[x](https://example.com)")


def test_it_makes_plain_excerpts():
    assert plain_excerpt("**Bold** & <b>text</b>") == "Bold & text"
    assert len(plain_excerpt("word " * 200, 50)) <= 50
