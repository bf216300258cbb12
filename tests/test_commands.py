"""`yizheng command`: staff handle a suggestion from its issue, against the local GitHub server with PyGithub."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import threading
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL, run_cli
from hostile import CORPUS
from github_env import W5, run_with_event
from github_server import BOT_LOGIN, OUTSIDER_LOGIN, STAFF_LOGIN, After, Failure, FakeGitHub
from yizheng import personal_data
from yizheng.intake.command import handle, marker, refusal, step_line, unknown
from yizheng.intake.issue_commands import parse
from yizheng.intake.github_api import ActionsEnv
from yizheng.intake.inert import inert
from yizheng.loader import load
from yizheng.models.suggestion import Suggestion

RECORD = "content/suggestions/2026/2026-W0005.yml"
RESIDENT = "resident"
UNITS = "可用：housing（区住建局）、hualong-office（华龙街道办事处）"


class Desk:
    """One issue on the local GitHub server, and the checkout of main the workflow would have."""

    def __init__(
        self, gh: FakeGitHub, root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        record: str = W5,
    ) -> None:
        self.gh, self.capsys, self.monkeypatch = gh, capsys, monkeypatch
        self.content = root / "content"
        shutil.copytree(MINIMAL, self.content)
        (self.content / RECORD.removeprefix("content/")).write_text(record, encoding="utf-8")
        self.gh.state.branches["main"] = {
            f"content/{p.relative_to(self.content).as_posix()}": p.read_bytes() for p in self.content.rglob("*.yml")
        }
        self.gh.state.add_issue(5, "龙兴社区健身器材损坏", "（表单内容）", labels=("意见建议", "已受理"), user=RESIDENT)
        self.event = root / "event.json"
        monkeypatch.setenv("GITHUB_EVENT_PATH", str(self.event))

    def say(self, body: str, date: str, user: str = STAFF_LOGIN) -> tuple[int, str, str]:
        """A comment on the issue and the workflow run it starts."""
        comment = self.gh.state.add_comment(5, body, user=user)
        return self.run(comment["id"], date)

    def run(self, comment_id: int, date: str) -> tuple[int, str, str]:
        return self.started_by({"issue": {"number": 5}, "comment": {"id": comment_id}}, "--date", date)

    def started_by(self, event: dict[str, Any], *args: str) -> tuple[int, str, str]:
        """`yizheng command ARGS` on this checkout, as the workflow run that `event` started."""
        return run_with_event(self.capsys, self.monkeypatch, self.event, event, "command", "--content", str(self.content), *args)

    def merge(self, number: int) -> None:
        """Staff merge the pull request in the browser; the next run's checkout has it."""
        for path, data in self.gh.state.merge_pull(number).items():
            (self.content / path.removeprefix("content/")).write_bytes(data)

    def bot_comments(self) -> list[str]:
        return [c["body"] for c in sorted(self.gh.state.comments.values(), key=lambda c: c["id"]) if c["user"] == BOT_LOGIN]

    def open_pulls(self) -> list[dict[str, Any]]:
        return [p for p in self.gh.state.pulls.values() if p["state"] == "open"]

    def on_branch(self, pull: dict[str, Any]) -> Suggestion:
        """The record on the pull request's branch, validated against the rest of content/ as on main."""
        text = self.gh.state.branches[pull["head"]][RECORD].decode()
        check = self.content.parent / "check"
        shutil.rmtree(check, ignore_errors=True)
        shutil.copytree(self.content, check)
        (check / RECORD.removeprefix("content/")).write_text(text, encoding="utf-8")
        return load(check).suggestions["2026-W0005"]

    def on_main(self) -> Suggestion:
        """The record on main after the merges (the checkout is kept equal to it)."""
        assert (self.content / RECORD.removeprefix("content/")).read_bytes() == self.gh.state.branches["main"][RECORD]
        return load(self.content).suggestions["2026-W0005"]


@pytest.fixture
def desk(github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Desk:
    return Desk(github, tmp_path, capsys, monkeypatch)


def test_from_received_to_closed_with_a_second_round_by_comments_and_merges_only(desk: Desk) -> None:
    steps = [
        ("/交办 区住建局 hualong-office\n请尽快更换损坏的器材", "2026-11-21", STAFF_LOGIN),
        ("/办理 已到现场查看，三件器材需要整体更换", "2026-11-22", STAFF_LOGIN),
        ("merge", "", ""),
        ("/延期 2026-12-31 器材需要定制", "2026-11-23", STAFF_LOGIN),
        ("/答复 housing\n三件器材已全部更换。", "2026-11-24", STAFF_LOGIN),
        ("merge", "", ""),
        ("/评价 不满意 还有一件没有装牢", "2026-11-25", RESIDENT),
        ("/办结", "2026-11-25", OUTSIDER_LOGIN),  # a stranger: ignored, no reply
        ("merge", "", ""),
        ("/答复 区住建局 已重新加固，四件器材均可正常使用。", "2026-11-26", STAFF_LOGIN),
        ("merge", "", ""),
        ("/评价 满意", "2026-11-27", RESIDENT),
        ("/办结 感谢居民的监督", "2026-11-27", STAFF_LOGIN),
        ("merge", "", ""),
    ]
    statuses = []
    for body, date, user in steps:
        if body == "merge":
            (pull,) = desk.open_pulls()
            desk.merge(pull["number"])
            continue
        writes = len(desk.gh.state.writes())
        code, out, err = desk.say(body, date, user)
        assert (code, err) == (0, ""), out
        if user == OUTSIDER_LOGIN:
            assert len(desk.gh.state.writes()) == writes and out.endswith("stranger 没有写权限，忽略\n")
            continue
        (pull,) = desk.open_pulls()  # one open pull request per suggestion at a time
        record = desk.on_branch(pull)  # every intermediate record validates
        statuses.append(record.status.value)
        assert desk.bot_comments()[-1].startswith(marker(max(desk.gh.state.comments) - 1))
    assert statuses == ["已交办", "办理中", "办理中", "已答复", "办理中", "已答复", "已答复", "已办结"]
    final = desk.on_main()
    assert [(h.status.value, h.satisfaction and h.satisfaction.value, h.rated_by and h.rated_by.value) for h in final.history] == [
        ("已受理", None, None), ("已交办", None, None), ("办理中", None, None), ("办理中", None, None),
        ("已答复", None, None), ("办理中", "不满意", "提出人"), ("已答复", None, None),
        ("已答复", "满意", "提出人"), ("已办结", None, None),
    ]
    assert final.history[1].units == ["housing", "hualong-office"] and final.history[1].note == "请尽快更换损坏的器材"
    assert final.history[3].deadline == dt.date(2026, 12, 31) and final.history[3].note == "器材需要定制"
    assert final.history[5].note == "还有一件没有装牢"
    assert [(r.unit, r.text) for r in final.replies] == [
        ("housing", "三件器材已全部更换。"), ("housing", "已重新加固，四件器材均可正常使用。"),
    ]
    assert final.history[-1].note == "感谢居民的监督"
    pulls = sorted(desk.gh.state.pulls.values(), key=lambda p: p["number"])
    assert [p["head"] for p in pulls] == [
        "suggestion/2026-W0005-1", "suggestion/2026-W0005-3", "suggestion/2026-W0005-5",
        "suggestion/2026-W0005-6", "suggestion/2026-W0005-7",
    ]
    assert all(p["merged"] for p in pulls)
    assert pulls[0]["title"] == "办理意见建议 2026-W0005"
    steps_listed = [line for line in pulls[0]["body"].splitlines() if line.startswith("- <!--")]
    assert [line.split(" -->", 1)[1] for line in steps_listed] == [
        " clerk：\\/交办 区住建局 hualong\\-office", " clerk：\\/办理 已到现场查看，三件器材需要整体更换",
    ]
    assert len(desk.bot_comments()) == 8  # one answer per command; none for the stranger


def test_the_answer_names_the_pull_request(desk: Desk) -> None:
    desk.say("/交办 housing", "2026-11-21")
    comment = next(c for c in desk.gh.state.comments.values() if c["user"] == STAFF_LOGIN)
    (pull,) = desk.open_pulls()
    assert desk.bot_comments() == [
        f"{marker(comment['id'])}\n已按“/交办”修改记录，新建了合并请求 #{pull['number']}。\n"
        "工作人员审核并合并后才生效，届时本页会收到办理情况通知。\n"
    ]
    text = desk.gh.state.branches[pull["head"]][RECORD].decode()
    assert text.endswith("  - date: 2026-11-21\n    status: 已交办\n    units:\n      - housing\n    deadline: 2026-12-11\n")
    assert f"```yaml\n{text}```" in pull["body"]


@pytest.mark.parametrize(
    ("body", "reason", "allowed"),
    [
        ("/办结", "意见建议 2026-W0005 当前状态为“已受理”，不能办结", "/交办、/不予受理、/合并"),
        ("/答复 housing 已修好", "意见建议 2026-W0005 当前状态为“已受理”，不能答复", "/交办、/不予受理、/合并"),
        ("/交办 交通局", f"没有“交通局”这个承办单位。{UNITS}", "/交办、/不予受理、/合并"),
        ("/交办", "请在 /交办 后写承办单位，第一个为主办单位，如：/交办 district-housing", "/交办、/不予受理、/合并"),
        ("/不予受理", "请写不予受理的理由（会公开），如：/不予受理 该事项属于商事纠纷，请通过人民调解解决", "/交办、/不予受理、/合并"),
        ("/合并 2026-W9999", "找不到意见建议“2026-W9999”；请写并入的那一条的查询编号，如 2026-W0042", "/交办、/不予受理、/合并"),
        ("/交办 13912345678", f"没有“［已删除手机号］”这个承办单位。{UNITS}", "/交办、/不予受理、/合并"),
    ],
)
def test_a_refused_step_gets_one_answer_saying_why_and_what_is_allowed_and_changes_nothing(
    desk: Desk, body: str, reason: str, allowed: str
) -> None:
    code, _, err = desk.say(body, "2026-11-21")
    assert (code, err) == (0, "")
    (answer,) = desk.bot_comments()
    command = body.split()[0]
    assert answer.splitlines()[1:] == [
        f"未执行“{command}”：{inert(reason)}",
        "",
        f"现在可以用的指令：{allowed}",
        "",
        "记录没有任何改动。指令的写法见工作手册“在议题中办理”一节。",
    ]
    assert not desk.gh.state.pulls and set(desk.gh.state.heads) == {"main"}
    assert [m for m, p in desk.gh.state.writes()] == ["POST"]  # the answer, nothing else


def test_a_step_the_record_check_refuses_is_answered_with_the_field_and_no_personal_data(desk: Desk) -> None:
    desk.say("/交办 housing", "2026-11-21")
    desk.say("/办理 请联系王师傅 13912345678 上门", "2026-11-22")
    answer = desk.bot_comments()[-1]
    assert answer.splitlines()[1].startswith("未执行“/办理”：修改后的记录不能通过校验：history\\[2\\]\\.note：含有疑似手机号")
    assert "13912345678" not in answer and not personal_data.find(answer)
    (pull,) = desk.open_pulls()
    assert desk.on_branch(pull).status.value == "已交办"


def test_an_unknown_command_from_staff_gets_the_list_and_from_anyone_else_nothing(desk: Desk) -> None:
    desk.say("/关闭 <script>x</script>", "2026-11-21", OUTSIDER_LOGIN)
    assert desk.bot_comments() == []
    desk.say("/关闭 <script>x</script>", "2026-11-21")
    (answer,) = desk.bot_comments()
    assert answer.splitlines()[1] == (
        "不认识“\\/关闭”这个指令。可以用的指令：/交办、/办理、/延期、/答复、/评价、/办结、/不予受理、/合并（每条评论一个指令，写在第一行开头）。"
    )


def test_an_outsiders_command_changes_nothing_and_gets_no_answer(desk: Desk) -> None:
    before = dict(desk.gh.state.branches["main"])
    for body in ("/交办 housing", "/办结", "/评价 满意", "/不予受理 我说不受理"):
        code, out, err = desk.say(body, "2026-11-21", OUTSIDER_LOGIN)
        assert (code, err) == (0, "") and out.endswith("stranger 没有写权限，忽略\n")
    assert desk.gh.state.writes() == [] and desk.bot_comments() == []
    assert desk.gh.state.branches["main"] == before
    # The permission is asked for each comment, every time (each run looks at the unanswered ones
    # of the last hour again); nothing the comment says counts.
    asked = [p for m, p in desk.gh.state.requests if p.endswith(f"/collaborators/{OUTSIDER_LOGIN}/permission")]
    assert len(asked) == 1 + 2 + 3 + 4


def test_the_submitter_may_evaluate_and_nothing_else(desk: Desk) -> None:
    code, out, _ = desk.say("/交办 housing", "2026-11-21", RESIDENT)
    assert out.endswith("resident 没有写权限，忽略\n") and desk.gh.state.writes() == []
    desk.say("/评价 满意", "2026-11-21", RESIDENT)
    (answer,) = desk.bot_comments()
    assert answer.splitlines()[1:] == [
        "未执行“/评价”：意见建议 2026\\-W0005 当前状态为“已受理”，不能评价",
        "",
        "现在可以用的指令：无：要等承办单位答复后才能评价",
        "",
        "记录没有任何改动。如有疑问，请咨询附近的联络站点。",
    ]


def test_a_replayed_event_is_not_applied_twice(desk: Desk) -> None:
    desk.say("/交办 housing", "2026-11-21")
    comment_id = max(c["id"] for c in desk.gh.state.comments.values() if c["user"] == STAFF_LOGIN)
    writes = desk.gh.state.writes()
    assert desk.run(comment_id, "2026-11-21") == (0, f"议题 #5 评论 {comment_id}：这条指令已经处理过，跳过\n", "")
    assert desk.gh.state.writes() == writes
    (pull,) = desk.open_pulls()
    desk.merge(pull["number"])
    assert desk.run(comment_id, "2026-11-22")[1].endswith("这条指令已经处理过，跳过\n")  # after the merge too
    refused = desk.say("/办结", "2026-11-22")
    assert refused[0] == 0
    writes = desk.gh.state.writes()
    assert desk.run(max(desk.gh.state.comments) - 1, "2026-11-22")[1].endswith("这条指令已经处理过，跳过\n")
    assert desk.gh.state.writes() == writes


def test_a_run_that_stopped_after_writing_the_step_is_finished_not_repeated(desk: Desk) -> None:
    desk.gh.state.failures.append(Failure("POST", re.compile(r"/pulls$"), 502))
    code, _, err = desk.say("/交办 housing", "2026-11-21")
    assert code == 1 and "GitHub 返回 502" in err
    assert not desk.gh.state.pulls and desk.bot_comments() == []
    comment_id = max(desk.gh.state.comments)
    assert desk.run(comment_id, "2026-11-21")[0] == 0
    (pull,) = desk.open_pulls()
    assert [h.status.value for h in desk.on_branch(pull).history] == ["已受理", "已交办"]
    assert len(desk.bot_comments()) == 1


def test_a_conflicting_write_reads_again_and_applies_on_top(desk: Desk) -> None:
    desk.say("/交办 housing", "2026-11-21")
    desk.gh.state.failures.append(Failure("PUT", re.compile(r"/contents/"), 409))
    code, out, err = desk.say("/办理 已到现场", "2026-11-22")
    assert (code, err) == (0, "") and "与同时运行的另一条指令冲突，重新读取" in out
    (pull,) = desk.open_pulls()
    assert [h.status.value for h in desk.on_branch(pull).history] == ["已受理", "已交办", "办理中"]


def test_two_commands_on_the_same_issue_at_once_both_land_on_one_pull_request(desk: Desk) -> None:
    desk.say("/交办 housing", "2026-11-21")
    (pull,) = desk.open_pulls()
    desk.merge(pull["number"])
    ids = [desk.gh.state.add_comment(5, f"/办理 第{n}次查看", user=STAFF_LOGIN)["id"] for n in (1, 2, 3)]
    env = ActionsEnv.from_environ()
    results: list[object] = []

    def run(comment_id: int) -> None:
        try:
            results.append(handle(env, 5, comment_id, desk.content, "main", dt.date(2026, 11, 23)))
        except Exception as err:  # noqa: BLE001 - reported below
            results.append(err)

    threads = [threading.Thread(target=run, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(not isinstance(r, Exception) for r in results), results
    (pull,) = desk.open_pulls()
    notes = [h.note for h in desk.on_branch(pull).history[2:]]
    assert sorted(notes) == ["第1次查看", "第2次查看", "第3次查看"]  # each step exactly once
    # Each comment is answered. (Two runs that both do an unanswered earlier comment may both
    # answer it; on GitHub the workflow's concurrency group runs one at a time on an issue.)
    answered = {int(c.split("comment-")[1].split(" ")[0]) for c in desk.bot_comments() if "已按“/办理”修改记录" in c}
    assert answered == set(ids)


@pytest.fixture
def private_desk(
    github: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Desk:
    return Desk(github, tmp_path, capsys, monkeypatch, W5.replace("issue: 5\n", "issue: 5\npublic: false\n"))


def test_a_private_record_takes_no_text_from_the_issue(private_desk: Desk) -> None:
    desk = private_desk
    assert desk.say("/交办 housing", "2026-11-21")[0] == 0
    (pull,) = desk.open_pulls()
    for body in ("/办理 已到现场查看", "/答复 housing\n已修好", "/延期 2026-12-31 定制"):
        desk.say(body, "2026-11-22")
        lines = desk.bot_comments()[-1].splitlines()
        assert lines[1].startswith(f"未执行“{body.split()[0]}”：意见建议 2026\\-W0005 的提出人不同意公开全文")
        assert "yizheng suggestion reply" in lines[1]
    assert [h.status.value for h in desk.on_branch(pull).history] == ["已受理", "已交办"]


# --- hostile text on every path: comment → record, → pull request, → answer ----------------------

_OURS = re.compile(r"<!-- yizheng:command comment-\d+ -->")


def _outside_the_record(text: str) -> str:
    """What the bot wrote, without its own markers and without the record in its code fence."""
    text = _OURS.sub("", text)
    return re.sub(r"(`{3,})yaml\n.*?\n\1", "", text, flags=re.S)


def _assert_inert(text: str) -> None:
    shown = _outside_the_record(text)
    assert not re.search(r"(?<!\\)[<>\[\]@`!]", shown), shown
    assert not any(unicodedata.category(ch) in ("Cf", "Cc") and ch != "\n" for ch in shown), shown
    assert not personal_data.find(shown), shown


HOSTILE = [*CORPUS, "请联系 13912345678", "＠所有人 #1 @stranger", "身份证 110101199003077777 `x`"]


@pytest.mark.parametrize("text", HOSTILE)
def test_every_text_the_bot_repeats_from_a_comment_is_inert_and_redacted(text: str) -> None:
    command = parse(f"/办理 {text}")
    if command is not None and command.text:
        _assert_inert(step_line(7, "clerk", command))
    _assert_inert(refusal(7, "/交办", f"/交办：没有“{text}”这个承办单位。{UNITS}", "/交办"))
    _assert_inert(unknown(7, text))


def test_hostile_text_in_commands_stays_text_on_github(desk: Desk) -> None:
    env = ActionsEnv.from_environ()
    desk.say("/交办 housing", "2026-11-21")
    texts = [CORPUS[0], "[点这里](javascript:window.__yz_pwned='PWN')", "正常\u202e文本倒过来\u202c", HOSTILE[-3], HOSTILE[-2]]
    for text in texts:
        for body in (f"/办理 {text}", f"/交办 {text}", f"/合并 {text}"):
            comment = desk.gh.state.add_comment(5, body, user=STAFF_LOGIN)
            handle(env, 5, comment["id"], desk.content, "main", dt.date(2026, 11, 22))
    (pull,) = desk.open_pulls()
    steps = "\n".join(line for line in pull["body"].splitlines() if line.startswith("- <!--"))
    for written in [*desk.bot_comments(), steps, pull["title"]]:
        _assert_inert(written)
    record = desk.on_branch(pull)  # the record validates; the site escapes what it shows
    noted = [h.note for h in record.history[2:]]
    assert noted == [CORPUS[0], texts[1], texts[2], "＠所有人 #1 @stranger"]  # the phone number was refused
    assert len(desk.bot_comments()) == len(texts) * 3 + 1


def test_before_the_intake_pull_request_is_merged_there_is_nothing_to_handle(desk: Desk) -> None:
    (desk.content / RECORD.removeprefix("content/")).unlink()
    desk.say("/交办 housing", "2026-11-21")
    (answer,) = desk.bot_comments()
    assert answer.splitlines()[1:4] == [
        "未执行“/交办”：本页的意见建议还没有登记（受理的合并请求合并以后才能办理）", "", "现在可以用的指令：无",
    ]
    assert not desk.gh.state.pulls


def test_comments_on_other_issues_and_pull_requests_are_not_commands(desk: Desk) -> None:
    desk.gh.state.add_issue(6, "网站上的错字", "（纠错表单）", labels=("纠错",))
    comment = desk.gh.state.add_comment(6, "/办结", user=STAFF_LOGIN)
    code, out, err = desk.started_by({"issue": {"number": 6}, "comment": {"id": comment["id"]}}, "--date", "2026-11-21")
    assert (code, out, err) == (0, f"议题 #6 评论 {comment['id']}：不是意见建议的议题，跳过\n", "")
    assert desk.gh.state.writes() == []
    code, out, _ = desk.say("谢谢 /办结", "2026-11-21")
    assert out.endswith("不是指令，跳过\n") and desk.gh.state.writes() == []


def test_a_command_whose_run_github_cancelled_is_done_by_the_next_run_in_order(desk: Desk) -> None:
    # GitHub keeps one waiting run per concurrency group: the run for the first comment never starts.
    first = desk.gh.state.add_comment(5, "/交办 housing", user=STAFF_LOGIN)
    desk.gh.state.add_comment(5, "/办结", user=OUTSIDER_LOGIN)
    second = desk.gh.state.add_comment(5, "/办理 已到现场", user=STAFF_LOGIN)
    code, out, err = desk.run(second["id"], "2026-11-21")
    assert (code, err) == (0, "")
    pull = desk.open_pulls()[0]["number"]
    assert out == (
        f"议题 #5 评论 {second['id']}：（较早的评论 {first['id']}）“/交办”已写入合并请求 #{pull}；"
        f"（较早的评论 {first['id'] + 1}）stranger 没有写权限，忽略；“/办理”已写入合并请求 #{pull}\n"
    )
    (pull,) = desk.open_pulls()
    assert [h.status.value for h in desk.on_branch(pull).history] == ["已受理", "已交办", "办理中"]
    assert [c.splitlines()[0] for c in desk.bot_comments()] == [marker(first["id"]), marker(second["id"])]
    assert desk.run(first["id"], "2026-11-21")[1].endswith("这条指令已经处理过，跳过\n")  # if it starts after all


def test_a_checkout_older_than_the_last_merge_does_not_undo_it(desk: Desk) -> None:
    desk.say("/交办 housing", "2026-11-21")
    (pull,) = desk.open_pulls()
    desk.gh.state.merge_pull(pull["number"])  # merged on GitHub; this run's checkout was made before
    desk.say("/办理 已到现场", "2026-11-22")
    (pull,) = desk.open_pulls()
    assert [h.status.value for h in desk.on_branch(pull).history] == ["已受理", "已交办", "办理中"]


def _to_replied(desk: Desk) -> None:
    desk.say("/交办 housing", "2026-11-21")
    desk.say("/答复 housing 已修好", "2026-11-22")
    (pull,) = desk.open_pulls()
    desk.merge(pull["number"])


def test_the_submitters_words_are_cleaned_of_personal_data_before_they_are_recorded(desk: Desk) -> None:
    _to_replied(desk)
    desk.say("/评价 不满意 还有一件坏的，请打 139 1234 5678 找我", "2026-11-23", RESIDENT)
    (pull,) = desk.open_pulls()
    last = desk.on_branch(pull).history[-1]
    assert (last.note, last.rated_by.value) == ("还有一件坏的，请打 ［已删除手机号］ 找我", "提出人")
    assert not any(personal_data.find(text) for text in [*desk.bot_comments(), pull["body"]])


def test_on_a_private_record_the_submitter_is_told_to_rate_without_words(private_desk: Desk) -> None:
    desk = private_desk
    for step in (("assign", "--unit", "housing", "--date", "2026-11-21"),
                 ("reply", "--unit", "housing", "--text", "已修好", "--date", "2026-11-22")):
        code, _, err = run_cli(desk.capsys, "suggestion", step[0], "2026-W0005", *step[1:], "--content", str(desk.content))
        assert code == 0, err  # the text of a private record is recorded on the command line
    desk.gh.state.branches["main"][RECORD] = (desk.content / RECORD.removeprefix("content/")).read_bytes()
    desk.say("/评价 不满意 还是坏的", "2026-11-23", RESIDENT)
    assert desk.bot_comments()[-1].splitlines()[1] == (
        "未执行“/评价”：这条意见建议不公开全文，而本页的评论人人都能看到，评论里的文字不会记入记录。"
        "请只写满意程度，如“\\/评价 满意”；其他意见请告诉联络站的工作人员"
    )
    desk.say("/评价 不满意 请打 13912345678", "2026-11-23", RESIDENT)  # cleaned, and still words: refused
    assert desk.bot_comments()[-1].splitlines()[1].startswith("未执行“/评价”：这条意见建议不公开全文")
    assert not desk.open_pulls()
    desk.say("/评价 不满意", "2026-11-23", RESIDENT)
    (pull,) = desk.open_pulls()
    assert desk.on_branch(pull).history[-1].satisfaction.value == "不满意"


def test_a_deleted_comment_is_skipped(desk: Desk) -> None:
    comment = desk.gh.state.add_comment(5, "/交办 housing", user=STAFF_LOGIN)
    del desk.gh.state.comments[comment["id"]]
    assert desk.run(comment["id"], "2026-11-21") == (0, f"议题 #5 评论 {comment['id']}：评论已被删除，跳过\n", "")
    assert desk.gh.state.writes() == []


@pytest.mark.parametrize(
    ("body", "status", "field", "value"),
    [
        ("/不予受理 该事项属于商事纠纷，请通过人民调解解决。", "不予受理", "note", "该事项属于商事纠纷，请通过人民调解解决。"),
        ("/合并 2026-X0001", "合并办理", "merged_into", "2026-X0001"),
        ("/合并 ２０２６-x0001 同一座天桥", "合并办理", "note", "同一座天桥"),
    ],
)
def test_reject_and_merge_from_the_issue(desk: Desk, body: str, status: str, field: str, value: str) -> None:
    desk.say(body, "2026-11-21")
    (pull,) = desk.open_pulls()
    record = desk.on_branch(pull)
    assert record.status.value == status
    assert (getattr(record, field) if field == "merged_into" else record.history[-1].note) == value


def test_without_a_date_the_step_is_dated_the_day_the_comment_was_written_in_beijing(desk: Desk) -> None:
    comment = desk.gh.state.add_comment(5, "/交办 housing", user=STAFF_LOGIN)  # written 2026-11-27T03:00:00Z
    assert desk.started_by({"issue": {"number": 5}, "comment": {"id": comment["id"]}})[0] == 0
    (pull,) = desk.open_pulls()
    assert desk.on_branch(pull).history[-1].date == dt.date(2026, 11, 27)


def test_a_step_written_just_after_staff_merged_the_pull_request_goes_into_a_new_one(desk: Desk) -> None:
    desk.say("/交办 housing", "2026-11-21")
    (first,) = desk.open_pulls()
    # Staff press "Merge" just after this run read the record from the branch, before it writes.
    branch = first["head"]
    desk.gh.state.after.append(After("GET", re.compile(r"/contents/"), lambda: desk.merge(first["number"])))
    code, out, err = desk.say("/办理 已到现场", "2026-11-22")
    assert (code, err) == (0, "") and "与同时运行的另一条指令冲突，重新读取" in out
    (second,) = desk.open_pulls()
    assert second["number"] != first["number"] and first["merged"] and second["head"] != branch
    assert [h.status.value for h in desk.on_branch(second).history] == ["已受理", "已交办", "办理中"]
    assert desk.bot_comments()[-1].splitlines()[1] == f"已按“/办理”修改记录，新建了合并请求 #{second['number']}。"


def test_a_step_written_just_before_staff_merged_is_in_the_merge_and_not_repeated(desk: Desk) -> None:
    desk.say("/交办 housing", "2026-11-21")
    (first,) = desk.open_pulls()
    desk.gh.state.after.append(After("PUT", re.compile(r"/contents/"), lambda: desk.merge(first["number"])))
    code, out, err = desk.say("/办理 已到现场", "2026-11-22")
    assert (code, err) == (0, "") and out.endswith(f"“/办理”已写入合并请求 #{first['number']}\n")
    assert desk.open_pulls() == []
    assert [h.status.value for h in desk.on_main().history] == ["已受理", "已交办", "办理中"]


def test_another_event_is_refused_in_words(desk: Desk) -> None:
    code, out, err = desk.started_by({"issue": {"number": 5}})  # an issues event
    assert (code, out) == (2, "") and err.startswith("事件文件不是议题评论（issue_comment）事件")


def test_a_record_broken_by_hand_on_the_pull_request_is_answered_not_a_failed_run(desk: Desk) -> None:
    desk.say("/交办 housing", "2026-11-21")
    (pull,) = desk.open_pulls()
    branch = desk.gh.state.branches[pull["head"]]
    branch[RECORD] = branch[RECORD].replace("status: 已交办\n".encode(), "status: 已答复\n".encode(), 1)  # in the browser
    code, _, err = desk.say("/办理 已到现场", "2026-11-22")
    assert (code, err) == (0, "")
    assert desk.bot_comments()[-1].splitlines()[1] == (
        f"未执行“/办理”：合并请求 ＃{pull['number']} 里的记录有错误，请先改正：status：状态“已答复”与办理记录最后一条的“已交办”不一致"
    )
