"""HTML text nodes: found exactly, put back escaped, markup untouched."""

from __future__ import annotations

from service.htmltext import parse_html


def test_text_nodes_and_exact_round_trip() -> None:
    page = (
        '<!DOCTYPE html><html lang="en"><head><title>A title</title><style>b{}</style></head>'
        "<body>\n  <p id='p1'>First &amp; second</p>\n<script>let a = '<p>x</p>';</script>"
        "<pre><b>kept</b></pre><textarea>kept too</textarea><!-- note --><br/>Tail text\n</body></html>"
    )
    document = parse_html(page)
    assert document.texts == ["A title", "First & second", "Tail text"]
    rendered = document.render(["T1", "T2 <&>", "T3"])
    assert rendered == (
        '<!DOCTYPE html><html lang="en"><head><title>T1</title><style>b{}</style></head>'
        "<body>\n  <p id='p1'>T2 &lt;&amp;&gt;</p>\n<script>let a = '<p>x</p>';</script>"
        "<pre><b>kept</b></pre><textarea>kept too</textarea><!-- note --><br/>T3\n</body></html>"
    )


def test_whitespace_around_text_is_kept() -> None:
    document = parse_html("<li>  one  </li><li>\ttwo\n</li>")
    assert document.render(["1", "2"]) == "<li>  1  </li><li>\t2\n</li>"


def test_nested_skips_and_stray_markup() -> None:
    document = parse_html("<pre>a<code>b</code>c</pre>d < e <code>f")
    assert document.texts == ["d < e"]
    assert document.render(["D"]) == "<pre>a<code>b</code>c</pre>D <code>f"


def test_no_text() -> None:
    document = parse_html("<div><img src='a.png'><br></div>")
    assert document.texts == [] and document.render([]) == "<div><img src='a.png'><br></div>"
