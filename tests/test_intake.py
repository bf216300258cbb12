"""`yizheng intake` against a local GitHub API server, driven by the real PyGithub client."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from github import Auth, Github
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONTENT, run_cli
from github_env import run_with_event
from github_server import BOT_LOGIN, OUTSIDER_LOGIN, OUTSIDER_TOKEN, TOKEN, Failure, FakeGitHub
from hostile import CORPUS
from yizheng import personal_data
from yizheng.intake.issue_body import read_suggestion_form
from yizheng.canonical import canonical_text
from yizheng.intake.receive import CLOSED_MARKER, FAILED_MARKER, MARKER, draft_record, needs_work
from yizheng.loader import RecordFile, load, read_record
from yizheng.kinds import KIND_BY_NAME

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "issues"
BODY = (FIXTURES / "suggestion-ok.md").read_text(encoding="utf-8")
RECORD = "content/suggestions/2026/2026-W0060.yml"
API = "/repos/honggu-npc/yizheng"


@pytest.fixture
def content(content_copy: Path) -> Path:
    return content_copy


def intake(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path,
           number: int) -> tuple[int, str, str]:
    event = {"action": "opened", "issue": {"number": number, "title": "(不读这里)"}}
    return run_with_event(capsys, monkeypatch, tmp_path / f"event-{number}.json", event, "intake", "--content", str(content))


def record_on(github: FakeGitHub, branch: str) -> str:
    return github.state.branches[branch][RECORD].decode("utf-8")


def test_one_issue_gives_one_branch_record_pull_request_and_receipt_however_often_it_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    issue = github.state.add_issue(60, "龙兴社区电梯经常坏", BODY)
    code, out, err = intake(capsys, monkeypatch, tmp_path, content, 60)
    assert (code, err) == (0, "")
    assert out == "意见建议 2026-W0060：删除议题中的个人信息、分支 intake/2026-W0060、记录、合并请求、回执、标签 已收到\n"

    text = record_on(github, "intake/2026-W0060")
    problems: list = []
    item = RecordFile(content / "suggestions/2026/2026-W0060.yml", "suggestions/2026/2026-W0060.yml", KIND_BY_NAME["suggestion"])
    loaded = read_record(item, problems, text=text)
    assert problems == [] and loaded is not None
    record = loaded[0]
    assert (record.id, record.issue, record.status.value, record.channel.value) == ("2026-W0060", 60, "已受理", "网上表单")
    assert (record.street, record.community, record.category) == ("hualong", "longxing", "housing-property")
    assert "138" not in text and "［已删除手机号］" in text
    assert [(r.kind.value, r.count) for r in record.redactions] == [("手机号", 1)]

    (pull,) = github.state.pulls.values()
    assert (pull["head"], pull["base"], pull["state"]) == ("intake/2026-W0060", "main", "open")
    assert pull["title"] == "受理意见建议 2026-W0060：龙兴社区电梯经常坏"
    assert "- 手机号：1 处" in pull["body"] and text in pull["body"]
    assert personal_data.find(pull["body"]) == [] and personal_data.find(pull["title"]) == []
    (receipt,) = github.state.issue_comments(60)
    assert receipt.splitlines() == [  # issue #16 items 4 and 5: 已收到, when it can be looked up, 本页 not 议题
        MARKER,
        "您好！我们已收到您的意见建议。",
        "",
        "**查询编号：2026-W0060**",
        "",
        "请记下这个编号。到联络站点或打电话询问时，报这个编号即可。",
        "",
        "工作人员会先核对内容，核对无误、登记以后（一般在 3 个工作日内），"
        "就可以用这个编号在网站上查询办理进度：https://honggu-npc.github.io/yizheng/track/",
        "登记以后会交办给承办单位办理，每一步进展都会在本页通知您。",
        "",
        "为保护您的隐私，已从记录和本页中删除：手机号 1 处。",
        "",
        "请不要在本页填写电话号码、身份证号、家庭住址等个人信息：本页的全部内容都是公开的。",
    ]
    assert issue["labels"] == ["意见建议", "已收到"]
    assert "138 1234 5678" not in issue["body"]  # the public issue no longer shows the number

    writes = list(github.state.writes())
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 60)
    assert (code, out) == (0, "意见建议 2026-W0060：已是最新，未做任何修改\n")
    assert github.state.writes() == writes

    issue["body"] = issue["body"].replace("3号楼 东侧", "5号楼 西侧")  # the submitter edits the issue
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 60)
    assert (code, out) == (0, "意见建议 2026-W0060：更新记录、更新合并请求\n")
    assert "5号楼 西侧" in record_on(github, "intake/2026-W0060")
    assert len(github.state.pulls) == 1 and len(github.state.issue_comments(60)) == 1


def test_an_incomplete_issue_gets_one_comment_saying_what_to_fix_and_no_record(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    body = BODY.replace("华龙街道 · 龙兴社区", "华龙街道 · 月亮社区")
    issue = github.state.add_issue(61, "龙兴社区电梯经常坏", body)
    for _ in range(2):
        code, _, _ = intake(capsys, monkeypatch, tmp_path, content, 61)
        assert code == 0
    (comment,) = github.state.issue_comments(61)
    assert "- “所在街道和社区”：填写的内容不是表单中的选项；请从下拉列表中选择一项，不要改写选项的文字" in comment
    assert "月亮" not in comment
    assert issue["labels"] == ["意见建议", "需补充"]
    assert list(github.state.heads) == ["main"] and github.state.pulls == {}

    issue["body"] = BODY  # fixed
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 61)
    assert code == 0 and "更新回执" in out
    (comment,) = github.state.issue_comments(61)  # the same comment, now the receipt
    assert "**查询编号：2026-W0061**" in comment
    assert issue["labels"] == ["意见建议", "已收到"]


@pytest.mark.slow
def test_many_issues_at_once_get_distinct_numbers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    for number in range(70, 75):
        github.state.add_issue(number, f"第{number}号议题的意见建议", BODY)
        assert intake(capsys, monkeypatch, tmp_path, content, number)[0] == 0
    assert sorted(github.state.heads) == ["intake/2026-W0070", "intake/2026-W0071", "intake/2026-W0072",
                                          "intake/2026-W0073", "intake/2026-W0074", "main"]
    assert len(github.state.pulls) == 5


def test_a_failed_write_is_not_retried_and_a_rerun_completes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    github.state.add_issue(62, "龙兴社区电梯经常坏", BODY)
    github.state.failures.append(Failure("POST", re.compile(r"/pulls$"), 502))
    code, out, err = intake(capsys, monkeypatch, tmp_path, content, 62)
    assert (code, out) == (1, "")
    assert err == "议题 #62：GitHub 返回 502，本次未完成；重新运行即可（已完成的部分不会重复）\n"
    assert github.state.requests.count(("POST", f"{API}/pulls")) == 1
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 62)
    assert (code, out) == (0, "意见建议 2026-W0062：合并请求、回执、标签 已收到\n")
    assert len(github.state.pulls) == 1 and len(github.state.issue_comments(62)) == 1
    assert github.state.requests.count(("POST", f"{API}/git/refs")) == 1


def test_issues_not_from_the_form_are_left_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    github.state.add_issue(63, "网站打不开", "首页是白的。", labels=())
    assert intake(capsys, monkeypatch, tmp_path, content, 63) == (0, "议题：不是意见建议表单提交的议题，跳过\n", "")
    assert github.state.writes() == []


def test_missing_environment_is_explained(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_API_URL", "GITHUB_REPOSITORY", "GITHUB_TOKEN", "GITHUB_EVENT_PATH"):
        monkeypatch.delenv(name, raising=False)
    code, out, err = run_cli(capsys, "intake")
    assert (code, out) == (2, "")
    assert err == "缺少环境变量：GITHUB_API_URL、GITHUB_REPOSITORY、GITHUB_TOKEN、GITHUB_EVENT_PATH（在 GitHub Actions 中会自动提供）\n"


# --- issue #11: nothing personal leaks, the bot trusts only itself ----------------------------------

PHONE = "13912345678"
LURE = f"我的电话 {PHONE} @everyone [点这里](https://evil.example/PWN) ![x](https://evil.example/PWN.png) <b>粗</b> `码`"


def assert_inert(comment: str) -> None:
    """A comment by the bot: no personal data, no mention, link, image, HTML or code from a resident."""
    assert personal_data.find(comment) == []
    assert PHONE not in comment and "1391234" not in comment
    for bad in ("@", "](", "![", "<b>", "`", "evil.example", "http"):
        assert bad not in comment.replace(MARKER, "").replace(FAILED_MARKER, "").replace(CLOSED_MARKER, ""), bad


@pytest.mark.parametrize("field", ["place", "category", "consent"])
def test_a_wrong_answer_is_named_never_repeated_and_the_number_leaves_the_issue(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub,
    field: str,
) -> None:
    answer = {"place": "华龙街道 · 龙兴社区", "category": "住房与物业",
              "consent": "- [X] 我知道这里填写的内容会公开，内容里没有电话号码、身份证号和家庭住址"}[field]
    issue = github.state.add_issue(64, "龙兴社区电梯经常坏", BODY.replace(answer, f"{answer} {LURE}"))
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 64)
    (comment,) = github.state.issue_comments(64)
    assert_inert(comment)
    label = {"place": "所在街道和社区", "category": "类别", "consent": "同意公开"}[field]
    assert f"- “{label}”：" in comment
    assert (code, out) == (0, "议题：删除议题中的个人信息、回执、标签 需补充\n")
    assert PHONE not in issue["body"] and "［已删除手机号］" in issue["body"]
    assert issue["labels"] == ["意见建议", "需补充"]


@pytest.mark.parametrize("hostile", CORPUS)
def test_no_hostile_answer_reaches_the_what_to_fix_comment(hostile: str) -> None:
    registry = _registry()
    body = BODY.replace("华龙街道 · 龙兴社区", f"华龙街道 · 龙兴社区{hostile}").replace("住房与物业", hostile)
    form = read_suggestion_form(body, registry, title="龙兴社区电梯经常坏")
    assert form.errors
    text = needs_work(form.errors)
    body_lines = text.split("\n")[1:]
    for line in body_lines:
        for piece in hostile.split():
            if len(piece) > 2 and piece not in ("请马上处理",):
                assert piece not in line, (piece, line)
    assert "@" not in text and "<" not in text.replace(MARKER, "") and "](" not in text


_REGISTRY: list = []


def _registry():
    if not _REGISTRY:
        _REGISTRY.append(load(CONTENT))
    return _REGISTRY[0]


def test_broken_content_still_redacts_the_issue_explains_once_and_fails_the_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    station = next((content / "stations").glob("*.yml"))
    station.write_text(station.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    issue = github.state.add_issue(65, "龙兴社区电梯经常坏", BODY)
    for _ in range(2):
        code, out, err = intake(capsys, monkeypatch, tmp_path, content, 65)
        assert (code, out) == (1, "")
        lines = err.splitlines()
        assert re.fullmatch(rf".*stations/{station.name}:\d+: unknown_field: .+", lines[0])
        assert lines[-1] == "议题 #65：记录目录有错误，无法受理（已在议题下说明系统故障）；改正上面的错误后重新运行本工作流"
    assert "138 1234 5678" not in issue["body"] and "［已删除手机号］" in issue["body"]
    (comment,) = github.state.issue_comments(65)
    assert comment.startswith(FAILED_MARKER + "\n您好！系统暂时无法处理您的意见建议。这不是您填写的问题")
    assert "unknown_field" not in comment and "stations" not in comment
    assert list(github.state.heads) == ["main"] and github.state.pulls == {}

    station.write_text(station.read_text(encoding="utf-8").replace("unknown_field: 1\n", ""), encoding="utf-8")
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 65)
    assert code == 0 and out.endswith("回执、更新说明、标签 已收到\n")
    notice, receipt = github.state.issue_comments(65)
    assert notice == FAILED_MARKER + "\n此前系统暂时无法处理，现已恢复正常，您的意见建议已重新处理，请看本页中的回复。\n"
    assert "**查询编号：2026-W0065**" in receipt


def test_two_categories_with_one_name_fail_the_run_on_the_line_of_site_yml(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    site = content / "site.yml"
    text = site.read_text(encoding="utf-8")
    line = text.splitlines().index("    name: 环境保护") + 1  # the later of the two names is the one reported
    site.write_text(text.replace("    name: 环境保护\n", "    name: 城市管理\n", 1), encoding="utf-8")
    issue = github.state.add_issue(66, "龙兴社区电梯经常坏", BODY)
    code, out, err = intake(capsys, monkeypatch, tmp_path, content, 66)
    assert (code, out) == (1, "")
    assert err.splitlines()[0].endswith(
        f"site.yml:{line}: -: site.yml：类别选项“城市管理”出现了两次，表单中无法区分；请修改名称"
    )
    assert "138 1234 5678" not in issue["body"]
    (comment,) = github.state.issue_comments(66)
    assert comment.startswith(FAILED_MARKER) and "城市管理" not in comment


def outsider(github: FakeGitHub) -> Github:
    """A stranger on GitHub, with their own token, through the same client."""
    client = Github(auth=Auth.Token(OUTSIDER_TOKEN), base_url=github.api_url, seconds_between_requests=None,
                    seconds_between_writes=None)
    return client


def test_a_strangers_comment_with_the_intake_marker_is_neither_trusted_nor_edited(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    github.state.add_issue(67, "龙兴社区电梯经常坏", BODY)
    fake = f"{MARKER}\n您好！您的意见建议已受理。\n\n**查询编号：2026-W9999**\n"
    outsider(github).get_repo(github.repository).get_issue(67).create_comment(fake)
    code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 67)
    assert code == 0 and "、回执、" in out
    (theirs, ours) = sorted(github.state.comments.values(), key=lambda c: c["id"])
    assert (theirs["user"], theirs["body"]) == (OUTSIDER_LOGIN, fake)
    assert ours["user"] == BOT_LOGIN and "**查询编号：2026-W0067**" in ours["body"]
    writes = list(github.state.writes())
    assert intake(capsys, monkeypatch, tmp_path, content, 67)[:2] == (0, "意见建议 2026-W0067：已是最新，未做任何修改\n")
    assert github.state.writes() == writes


def test_an_app_token_is_trusted_under_the_configured_login(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    github.state.users[TOKEN] = "honggu-yizheng[bot]"
    monkeypatch.setenv("YIZHENG_BOT_LOGIN", "honggu-yizheng[bot]")
    github.state.add_issue(68, "龙兴社区电梯经常坏", BODY)
    for _ in range(2):
        assert intake(capsys, monkeypatch, tmp_path, content, 68)[0] == 0
    (comment,) = sorted(github.state.comments.values(), key=lambda c: c["id"])
    assert comment["user"] == "honggu-yizheng[bot]"
    # Without the setting, the app's own receipt would not count: a second receipt appears.
    monkeypatch.delenv("YIZHENG_BOT_LOGIN")
    assert intake(capsys, monkeypatch, tmp_path, content, 68)[0] == 0
    assert len(github.state.issue_comments(68)) == 2


def test_once_the_record_is_merged_an_edit_of_the_issue_changes_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    issue = github.state.add_issue(69, "龙兴社区电梯经常坏", BODY)
    assert intake(capsys, monkeypatch, tmp_path, content, 69)[0] == 0
    merged = content / "suggestions/2026/2026-W0069.yml"
    merged.write_bytes(github.state.branches["intake/2026-W0069"]["content/suggestions/2026/2026-W0069.yml"])
    github.state.pulls[next(iter(github.state.pulls))].update(state="closed", merged=True)
    comments, labels, writes = github.state.issue_comments(69), list(issue["labels"]), list(github.state.writes())
    issue["body"] = issue["body"].replace("### 类别", "### 分类")  # the form no longer parses
    code, out, err = intake(capsys, monkeypatch, tmp_path, content, 69)
    assert (code, err) == (0, "")
    assert out == "意见建议 2026-W0069：记录已在主分支上，由工作人员办理，议题的修改不再改动记录、回执和标签\n"
    assert github.state.writes() == writes
    assert (github.state.issue_comments(69), issue["labels"]) == (comments, labels)


def test_a_closed_intake_pull_request_stays_closed_and_the_issue_is_told_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    issue = github.state.add_issue(76, "龙兴社区电梯经常坏", BODY)
    assert intake(capsys, monkeypatch, tmp_path, content, 76)[0] == 0
    (pull,) = github.state.pulls.values()
    pull["state"] = "closed"  # staff: spam
    labels = list(issue["labels"])
    for edit in ("5号楼", "6号楼"):
        issue["body"] = issue["body"].replace("3号楼", edit).replace("5号楼", edit)
        code, out, _ = intake(capsys, monkeypatch, tmp_path, content, 76)
        assert code == 0 and out.endswith("受理合并请求已被工作人员关闭，不再重新受理\n")
    assert [p["state"] for p in github.state.pulls.values()] == ["closed"]
    receipt, notice = github.state.issue_comments(76)
    assert "**查询编号：2026-W0076**" in receipt
    assert notice.startswith(CLOSED_MARKER + "\n您好！工作人员决定不登记本页的意见建议；您再修改本页的内容，系统也不会重新处理。")
    assert issue["labels"] == labels
    assert "3号楼" in github.state.branches["intake/2026-W0076"]["content/suggestions/2026/2026-W0076.yml"].decode()


# --- intake writes canonical records (issue #11, finding 10) --------------------------------------------

_AWKWARD = st.lists(
    st.one_of(
        st.sampled_from(["\u2028", "\u2029", "\u0085", "\t", " ", "  \n", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x00",
                         "\x1b", "\x7f", "\x9f", "\ufeff", "\u3000", "\u00a0", "#", ":", "- ", "'", '"', "|", ">",
                         "{", "[", "&", "*", "!", "%", "@", "`", "yes", "null", "0x1", "1:20", "~"]),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=_AWKWARD, proposal=_AWKWARD, location=_AWKWARD, title=_AWKWARD, hostile=st.sampled_from(CORPUS))
def test_intake_writes_records_in_canonical_form(problem: str, proposal: str, location: str, title: str, hostile: str) -> None:
    registry = _registry()
    body = (BODY.replace("龙兴社区老旧小区一共 8 部电梯", "电梯" + problem + hostile)
                .replace("请物业尽快检修，并公布维修时间。", proposal)
                .replace("龙兴社区 3号楼 东侧", location[:10]))
    created = dt.datetime(2026, 11, 27, 2, tzinfo=dt.timezone.utc)
    draft = draft_record(60, created, "电梯" + title, body, registry, CONTENT)
    if draft.record is None:  # e.g. a location that is not one line: refused with a reason, nothing written
        assert draft.errors
        return
    relpath = RECORD.removeprefix("content/")
    problems: list = []
    loaded = read_record(RecordFile(CONTENT / relpath, relpath, KIND_BY_NAME["suggestion"]), problems, text=draft.text)
    assert problems == [] and loaded is not None
    assert canonical_text(draft.text, loaded[0], relpath, "suggestion") == draft.text  # what `yizheng fmt --check` asks
    assert personal_data.find(draft.text) == []


def test_fmt_check_accepts_what_intake_wrote(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    awkward = "第一行\u2028第二行\u2029第三行\u0085第四行\t制表  \n\x1b[31m控制\x07字符 \ufeff"
    github.state.add_issue(60, "电梯\u2028坏了\x07", BODY.replace("请物业尽快检修，并公布维修时间。", awkward))
    assert intake(capsys, monkeypatch, tmp_path, content, 60)[0] == 0
    (content / RECORD.removeprefix("content/")).write_bytes(github.state.branches["intake/2026-W0060"][RECORD])
    assert run_cli(capsys, "fmt", "--check", "--content", str(content)) == (0, "", "")
    text = record_on(github, "intake/2026-W0060")
    assert "proposal: |-\n  第一行\n  第二行\n  第三行\n  第四行    制表\n  [31m控制字符\n" in text
    assert "title: 电梯 坏了\n" in text


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "inf"])
def test_a_wrong_write_pause_is_explained(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub,
    value: str,
) -> None:
    monkeypatch.setenv("YIZHENG_GITHUB_WRITE_PAUSE", value)
    code, out, err = intake(capsys, monkeypatch, tmp_path, content, 60)
    expected = "应是秒数（如 1 或 0.5）" if value == "abc" else "应在 0 到 60 秒之间"
    assert (code, out, err) == (2, "", f"环境变量 YIZHENG_GITHUB_WRITE_PAUSE {expected}\n")
    assert github.state.requests == []


def test_a_possible_home_address_or_name_is_listed_in_the_pull_request_for_staff(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    """Numbers are removed; addresses and names are not, so the pull request asks a person to look."""
    body = BODY.replace("请物业尽快检修", "我家住在龙兴小区5号楼2单元301，请物业尽快检修")
    github.state.add_issue(61, "龙兴社区电梯经常坏", body)
    code, _, err = intake(capsys, monkeypatch, tmp_path, content, 61)
    assert (code, err) == (0, "")
    (pull,) = github.state.pulls.values()
    section = pull["body"].split("### 需要人工核对的住址或姓名\n\n", 1)[1].split("\n\n### ", 1)[0]
    text = github.state.branches["intake/2026-W0061"]["content/suggestions/2026/2026-W0061.yml"].decode("utf-8")
    (record_file := content / "suggestions/2026/2026-W0061.yml").write_text(text, encoding="utf-8")
    lines = section.splitlines()
    assert lines[0].startswith("- `proposal`：“") and lines[0].endswith("”可能是住址")
    assert "5号楼2单元301" in lines[0]
    digest = re.search(r"privacy_checked: ([0-9a-f]{12})", section)[1]

    registry = load(content)
    assert [w.field for w in registry.warnings if w.path.endswith("2026-W0061.yml")] == ["proposal"]
    record_file.write_text(text + f"privacy_checked: {digest}\n", encoding="utf-8")
    registry = load(content)
    assert [w for w in registry.warnings if w.path.endswith("2026-W0061.yml")] == []


def test_the_pull_request_says_when_nothing_needs_a_look(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: Path, github: FakeGitHub
) -> None:
    github.state.add_issue(62, "龙兴社区电梯经常坏", BODY)
    intake(capsys, monkeypatch, tmp_path, content, 62)
    (pull,) = github.state.pulls.values()
    assert "### 需要人工核对的住址或姓名\n\n未发现。\n\n### 可能重复的意见建议" in pull["body"]


def test_what_to_fix_says_what_needs_changing_not_that_something_is_missing() -> None:
    """Issue #16 item 6: a length limit is not something missing; 本页, never 议题; 联络站点."""
    text = needs_work(["“具体位置”：不能超过 40 个字，现在有 52 个字"])
    assert text.splitlines() == [
        MARKER,
        "您好！您提交的意见建议还有几处需要修改，改好后我们才能登记：",
        "",
        "- “具体位置”：不能超过 40 个字，现在有 52 个字",
        "",
        "请点击本页正文右上角的“⋯”，选择“Edit”（编辑），按上面的提示修改后保存，系统会自动重新检查。",
        "也可以到就近的联络站点当面反映。",
    ]


@pytest.mark.parametrize("command", ["intake", "command", "correction"])
@pytest.mark.parametrize("text", [None, "{不是 JSON", "[1, 2]", "\udcff"])
def test_an_unreadable_event_file_is_explained_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, github: FakeGitHub,
    command: str, text: str | None,
) -> None:
    """Every workflow command starts the same way (github_api.start_run): whatever is wrong with the event
    file, one Chinese line on stderr, exit 2, and nothing written to GitHub."""
    event = tmp_path / "event.json"
    if text is not None:
        event.write_bytes(text.encode("utf-8", "surrogateescape"))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    code, out, err = run_cli(capsys, command, "--content", str(CONTENT))
    kind = "不是 JSON 对象" if text == "[1, 2]" else "无法读取或不是 JSON"
    assert (code, out, err) == (2, "", f"事件文件 {event} {kind}（GITHUB_EVENT_PATH，在 GitHub Actions 中会自动提供）\n")
    assert github.state.writes() == []


def test_only_the_fixture_module_points_the_commands_at_the_local_server() -> None:
    """The Actions environment for the local GitHub server is set up in one place (github_env.use_server),
    so that a new variable the commands read is added once, not in six copies of a fixture."""
    tests = Path(__file__).resolve().parent
    setting = re.compile(r"""setenv\(\s*["'](GITHUB_API_URL|GITHUB_REPOSITORY|GITHUB_TOKEN)["']""")
    assert sorted(p.name for p in tests.glob("*.py") if setting.search(p.read_text(encoding="utf-8"))) == ["github_env.py"]
