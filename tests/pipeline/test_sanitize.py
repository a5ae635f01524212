"""HTML to plain text: what a reader sees, and never a tag made of text that markup kept apart."""

from __future__ import annotations

import pytest

from core.sanitize import html_to_text, plain_title


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("a < b", "a < b"),
        ("a &lt; b", "a < b"),
        ("Why &lt;script&gt; tags matter", "Why <script> tags matter"),  # written as text: shown as text
        ("&lt;b&gt;bold&lt;/b&gt;", "<b>bold</b>"),
        ("x &amp;lt;p", "x &lt;p"),
        ("AT&amp;T and AT&T", "AT&T and AT&T"),
    ],
)
def test_text_the_source_wrote_is_kept_as_the_reader_sees_it(fragment, text):
    assert html_to_text(fragment) == text


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        # A malformed tag leaves its "<" as text; the <p> after it starts a paragraph (the Techmeme finding).
        ('Surur / <<p action\tonerror=``/action</p>a href="x">Outlet</a>:', 'Surur / <\na href="x">Outlet:'),
        ("Surur / &lt;<p>a href=x&gt;Outlet</p>", "Surur / <\na href=x>Outlet"),
        # A block element our list did not name used to vanish and join its sides (the feed finding).
        ("<form>alert(1)&lt;</form>p&gt;x", "alert(1)<\np>x"),
        ("text<p>para</p>more", "text\npara\nmore"),
        ("<section>a</section><section>b</section>", "a\nb"),
    ],
)
def test_block_elements_keep_their_text_on_lines_of_its_own(fragment, text):
    assert html_to_text(fragment) == text


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("&lt;<b>p</b>&gt;", "< p>"),
        ("&lt;<b>/p</b>&gt;", "< /p>"),
        ("&lt;/<i>p</i>&gt;", "< / p>"),
        ("&lt;</x>a href", "< a href"),  # an end tag the parser drops, text on both sides in one node
        ("<&#97; href", "< a href"),
        ("&lt;&#97; href", "< a href"),
        ("&lt;<i></i>/<i></i>p", "< / p"),
        ("&lt;<custom-tag>a</custom-tag> new feature", "< a new feature"),
        ("&lt;<!-- a comment -->a href", "< a href"),
        ("&lt;<script>alert(1)</script>a new feature", "< a new feature"),  # dropped content is a boundary too
        ("&lt;<svg><g></g></svg>p", "< p"),
        ("Tubefilter&lt;\x0fa&gt;,", "Tubefilter< a>,"),  # a control character the text loses stood between
        ("<\x00/\x00i\x00f\x00r\x00a\x00m\x00e\x00>", "< / iframe>"),  # UTF-16 read as UTF-8
        ("&lt;&#1;a", "< a"),
    ],
)
def test_text_joined_across_markup_never_makes_a_tag(fragment, text):
    assert html_to_text(fragment) == text


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>a</p><p>b</p>", "a\nb"),
        ("<p>a</p>\n<p>b</p>", "a\n\nb"),
        ("<h4>Title</h4> <p>Body</p>", "Title\nBody"),
        ("<ul><li>a</li><li>b</li></ul><p>c</p>", "a\nb\nc"),
        ("a<br>b", "a\nb"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
        ('One <a href="javascript:evil()" title="t">two</a> <span lang="en">three</span>', "One two three"),
    ],
)
def test_layout_becomes_lines_and_spaces(fragment, text):
    assert html_to_text(fragment) == text


@pytest.mark.parametrize(
    "fragment",
    [
        '<script>if (a<b) x = "</p>"</script>',
        "<style>p > a { color: red }</style>",
        "<plaintext>a</plaintext>b",
        '<template><script>"</template>"</script>t</template>',
        "<noscript><p>no script</p></noscript>",
        "<textarea><p>&lt;x</textarea>",
    ],
)
def test_content_that_is_not_shown_is_dropped_unread(fragment):
    assert html_to_text(fragment) == ""


def test_control_characters_do_not_reach_the_text():
    assert html_to_text("a\x00b \ufeffc &#1;d\x0be") == "ab c de"


def test_a_title_is_one_line():
    assert plain_title("Why &lt;script&gt; <p>tags</p> matter") == "Why <script> tags matter"
