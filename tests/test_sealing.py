"""Private text sealed at rest: what validate demands, what staff commands do, what the site never shows.

The example keys' private halves are in tests/fixtures/example-keys/ (example only).
"""

from __future__ import annotations

import base64
import re
import shutil
import stat
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CONTENT, ROOT, run_cli
from hostile import CORPUS
from yizheng.loader import load
from yizheng.sealing import (
    ARMOR_BEGIN,
    ARMOR_END,
    SHOWN_SEALED,
    Sealed,
    SealError,
    armor_problem,
    parse_recipient,
    read_identities,
    seal,
    text_fields,
    unseal,
)

KEYS = ROOT / "tests" / "fixtures" / "example-keys"
CLERK, DIRECTOR = KEYS / "clerk.key", KEYS / "director.key"
PRIVATE = "2025-X0013"
PRIVATE_FILE = f"suggestions/2025/{PRIVATE}.yml"

# The plain text of the sealed example record, as it was before sealing.
PRIVATE_TEXT = {
    ("title",): "团结社区临街餐馆油烟和噪声扰民",
    ("problem",): "团结社区一楼临街的几家餐馆油烟直排，排烟口正对住户窗户，夜里风机噪声很大，楼上居民晚上不敢开窗，也睡不好觉。",
    ("proposal",): "督促餐馆安装油烟净化设施并改造排烟管道，晚上十点后关闭大功率风机。",
    ("history", 2, "note"): "对餐馆进行现场检查并下达整改通知。",
}
UNSEALED_MESSAGE = (
    "提出人不同意公开（public: false），这段文字不能以明文留在仓库里（仓库的历史人人可查）；"
    "请运行 yizheng seal，用 staff-keys.yml 中的工作人员公钥加密"
)


def yz(capsys: pytest.CaptureFixture[str], content: Path, *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, *args, "--content", str(content))


def recipients() -> list:
    keys = load(CONTENT).staff_keys
    assert keys is not None
    return keys.recipients()


def identity(path: Path = CLERK) -> list:
    return read_identities(path)


def opened(content: Path, record_id: str = PRIVATE, key: Path = CLERK) -> dict:
    record = load(content).suggestions[record_id]
    return {loc: unseal(v, identity(key)) if isinstance(v, Sealed) else v for loc, v in text_fields(record) if v is not None}


# --- the example content --------------------------------------------------------------------


def test_the_example_private_record_is_sealed_and_opens_with_either_example_key() -> None:
    record = load(CONTENT).suggestions[PRIVATE]
    values = {loc: value for loc, value in text_fields(record) if value is not None}
    assert all(isinstance(value, Sealed) for value in values.values())
    assert len(values) == 5  # title, problem, proposal, the reply and one note
    for key in (CLERK, DIRECTOR):
        plain = opened(CONTENT, key=key)
        assert {loc: plain[loc] for loc in PRIVATE_TEXT} == PRIVATE_TEXT
        assert plain[("replies", 0, "text")].startswith("我局会同街道对团结社区临街 4 家餐馆进行检查")
    text = (CONTENT / PRIVATE_FILE).read_text(encoding="utf-8")
    for plain in PRIVATE_TEXT.values():
        assert plain not in text


def test_online_and_public_records_are_never_sealed() -> None:
    registry = load(CONTENT)
    sealed = sorted(s.id for s in registry.suggestions.values() if s.sealed)
    assert sealed == [PRIVATE]
    assert not registry.suggestions["2026-W0036"].public  # private, but its issue is public anyway


def test_the_example_identities_are_marked_example_only() -> None:
    for key in (CLERK, DIRECTOR):
        assert key.read_text(encoding="utf-8").startswith("# EXAMPLE ONLY: this private key is public")
    assert "example: true" in (CONTENT / "staff-keys.yml").read_text(encoding="utf-8")


# --- validate -------------------------------------------------------------------------------


def _plain_private(content: Path) -> Path:
    """content with the example private record written back in plain text."""
    path = content / PRIVATE_FILE
    code = run_cli_quiet("suggestion", "publish", PRIVATE, "--identity", str(CLERK), "--content", str(content))
    assert code == 0
    path.write_text(path.read_text(encoding="utf-8").replace("public: true", "public: false"), encoding="utf-8")
    return path


def run_cli_quiet(*args: str) -> int:
    from yizheng.cli import main

    return main(list(args))


def test_unsealed_private_text_is_an_error_once_keys_exist(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _plain_private(content_copy)
    capsys.readouterr()
    code, out, err = yz(capsys, content_copy, "validate")
    shown = f"{content_copy}/{PRIVATE_FILE}"
    assert code == 1
    assert out.splitlines() == [
        f"{shown}:4: title: {UNSEALED_MESSAGE}",
        f"{shown}:11: problem: {UNSEALED_MESSAGE}",
        f"{shown}:12: proposal: {UNSEALED_MESSAGE}",
        f"{shown}:22: replies[0].text: {UNSEALED_MESSAGE}",
        f"{shown}:34: history[2].note: {UNSEALED_MESSAGE}",
    ]
    assert err == "共 5 个错误\n"
    (content_copy / "staff-keys.yml").unlink()
    assert yz(capsys, content_copy, "validate")[0] == 0  # no keys: nothing can be sealed, nothing is demanded


def _with_value(content: Path, field: str, value: str) -> Path:
    path = content / PRIVATE_FILE
    text = path.read_text(encoding="utf-8")
    block = "\n".join("  " + line for line in value.splitlines())
    new = re.sub(rf"^{field}: \|-\n(?:  .*\n)+", f"{field}: |-\n{block}\n", text, count=1, flags=re.MULTILINE)
    assert new != text
    path.write_text(new, encoding="utf-8")
    return path


def _armor(data: bytes) -> str:
    body = base64.b64encode(data).decode()
    return "\n".join([ARMOR_BEGIN, *[body[i : i + 64] for i in range(0, len(body), 64)], ARMOR_END])


GOOD = None  # filled lazily: one well-formed sealed value


def _good() -> str:
    global GOOD
    if GOOD is None:
        GOOD = seal("示例", recipients())
    return GOOD


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda v: v.replace(ARMOR_END, ""), f"加密内容应以“{ARMOR_BEGIN}”开头、以“{ARMOR_END}”结尾，中间是加密后的字母数字"),
        (lambda v: "\n".join(line for i, line in enumerate(v.splitlines()) if i != 1),
         "这不是用工作人员公钥加密的 age 内容；请用 yizheng seal 加密"),  # its first line lost
        (lambda v: v.replace(v.splitlines()[1], v.splitlines()[1][:-1] + "<"),
         "加密内容的中间含有不应出现的字符；内容可能被改动，请重新加密"),
        (lambda v: v.replace(v.splitlines()[1], v.splitlines()[1][:60]),
         "加密内容的中间各行应为 64 个字符（最后一行可以短一些）；内容可能被改动或截断，请重新加密"),
        (lambda v: _armor("团结社区的油烟问题".encode()), "这不是用工作人员公钥加密的 age 内容；请用 yizheng seal 加密"),
        (lambda v: _armor(b"age-encryption.org/v1\n-> scrypt abc 18\nxyz\n--- mac\n"),
         "这不是用工作人员公钥加密的 age 内容；请用 yizheng seal 加密"),
    ],
    ids=["no-end-line", "line-lost", "bad-character", "short-line", "not-age", "passphrase-not-keys"],
)
def test_a_damaged_sealed_value_is_an_error_that_never_echoes_it(
    content_copy: Path, capsys: pytest.CaptureFixture[str], damage, message: str | None
) -> None:
    bad = damage(_good())
    problem = armor_problem(bad)
    assert problem is not None
    if message is not None:
        assert problem == message
    path = _with_value(content_copy, "proposal", bad)
    line = path.read_text(encoding="utf-8").splitlines().index("proposal: |-") + 1
    code, out, err = yz(capsys, content_copy, "validate")
    assert (code, err) == (1, "共 1 个错误\n")
    assert out == f"{content_copy}/{PRIVATE_FILE}:{line}: proposal: {problem}\n"
    assert "YWdl" not in out  # no part of the value


def test_sealed_text_in_a_public_or_online_record_is_an_error(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = content_copy / PRIVATE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("public: false", "public: true"), encoding="utf-8")
    code, out, _ = yz(capsys, content_copy, "validate")
    assert code == 1
    assert out == (
        f"{content_copy}/{PRIVATE_FILE}:4: title: 加密内容只能出现在提出人不同意公开（public: false）的线下意见建议（编号含 X）中；"
        "网上提交的议题本来就公开，同意公开的记录要发布全文。提出人同意公开时，请保持 public: false，"
        "运行 yizheng suggestion publish 编号 --identity 密钥文件（解密并改为公开）\n"
    )


def test_sealed_values_skip_the_personal_data_check_and_the_length_limit(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Ciphertext says nothing; the plain text was checked when it was sealed.
    _with_value(content_copy, "title", seal("联系电话 13912345678，" + "很长的标题" * 30, recipients()))
    assert yz(capsys, content_copy, "validate")[0] == 0


def test_seal_refuses_plain_text_with_personal_data(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _plain_private(content_copy)
    path.write_text(path.read_text(encoding="utf-8").replace("晚上十点后关闭大功率风机。", "请回电 13912345678。"), encoding="utf-8")
    before = path.read_bytes()
    capsys.readouterr()
    code, out, err = yz(capsys, content_copy, "seal")
    assert code == 1
    assert f"{content_copy}/{PRIVATE_FILE}:12: proposal: 含有疑似手机号" in err
    assert "13912345678" not in out + err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("keys:\n  - name: 甲\n    recipient: age1abc\n",
         "staff-keys.yml:3: keys[0].recipient: 格式不符：应为这位工作人员的 age 公钥：yizheng keys new 生成的、以 age1 开头的一行"
         "（私钥留在本人电脑上，不放进仓库）；实际为“age1abc”"),
        ("keys:\n  - name: 甲\n    recipient: age1" + "q" * 58 + "\n",
         "staff-keys.yml:3: keys[0].recipient: 不是有效的 age 公钥（RecipientError）；应为 yizheng keys new 生成的以 age1 开头的一行"),
        ("keys: []\n", "staff-keys.yml:1: keys: 至少需要 1 项，实际 0 项"),
        ("keys:\n  - name: 甲\n    recipient: {r}\n  - name: 甲\n    recipient: {r}\n",
         "staff-keys.yml:4: keys[1].name: 工作人员“甲”已经列过；一人一项"),
        ("keys:\n  - name: 甲 13912345678\n    recipient: {r}\n",
         "staff-keys.yml:2: keys[0].name: 含有疑似手机号；个人联系方式和证件号码不得公开，请删除（公开电话只写在联络站的 phone 字段）"),
        ("keys:\n  - name: 甲\n    recipient: {r}\n    phone: 1\n", "staff-keys.yml:4: keys[0].phone: 未知字段“phone”；可用字段：name, recipient"),
    ],
    ids=["pattern", "checksum", "empty", "same-name", "phone-in-name", "unknown-field"],
)
def test_a_malformed_keys_file_names_file_line_and_field(
    content_copy: Path, capsys: pytest.CaptureFixture[str], keys: str, expected: str
) -> None:
    real = (CONTENT / "staff-keys.yml").read_text(encoding="utf-8")
    recipient = re.search(r"age1\w+", real)[0]  # type: ignore[index]
    (content_copy / "staff-keys.yml").write_text(keys.replace("{r}", recipient), encoding="utf-8")
    code, out, _ = yz(capsys, content_copy, "validate")
    assert code == 1
    assert out == f"{content_copy}/{expected}\n"


# --- yizheng seal and the staff commands ----------------------------------------------------


def test_seal_seals_every_private_value_once_and_keeps_the_rest(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _plain_private(content_copy)
    path.write_text(path.read_text(encoding="utf-8").replace("grid:", "# 工作人员备注：已电话回访\ngrid:"), encoding="utf-8")
    plain_text = path.read_text(encoding="utf-8")
    capsys.readouterr()
    assert yz(capsys, content_copy, "seal") == (
        0, f"已更新 {path}\n已加密 1 条意见建议中的 5 段文字，加密给 2 位工作人员。\n", ""
    )
    sealed = path.read_text(encoding="utf-8")
    for plain in PRIVATE_TEXT.values():
        assert plain not in sealed
    # Only the five values changed: everything else, comments included, is as it was.
    assert "# 工作人员备注：已电话回访\n" in sealed
    assert _without_text(yaml.safe_load(sealed)) == _without_text(yaml.safe_load(plain_text))
    assert {loc: v for loc, v in opened(content_copy).items() if loc in PRIVATE_TEXT} == PRIVATE_TEXT
    # Idempotent: nothing left to seal, nothing written.
    assert yz(capsys, content_copy, "seal") == (0, "没有需要加密的内容：不公开的线下意见建议已经全部加密。\n", "")
    assert path.read_text(encoding="utf-8") == sealed
    assert yz(capsys, content_copy, "fmt", "--check") == (0, "", "")
    assert yz(capsys, content_copy, "validate")[0] == 0


def _without_text(data: dict) -> dict:
    for key in ("title", "location", "problem", "proposal"):
        data.pop(key, None)
    for item in data.get("replies", []) + data.get("history", []):
        item.pop("text", None)
        item.pop("note", None)
    return data


def test_seal_without_a_keys_file_says_how_to_make_one(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = yz(capsys, minimal_copy, "seal")
    assert (code, out) == (1, "")
    assert err == f"未修改任何文件：没有 {minimal_copy}/staff-keys.yml：先用 yizheng keys new 为每位工作人员生成密钥\n"


def _unclosed(text: str) -> str:
    """The example record as it was before it was closed: replied and rated satisfied."""
    return text.replace("  - date: 2025-10-16\n    status: 已办结\n", "").replace("\nstatus: 已办结\n", "\nstatus: 已答复\n")


def test_a_reply_to_a_sealed_record_is_sealed_without_any_private_key(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Reopen the example (dissatisfied) so that a reply is allowed, then reply: no --identity anywhere.
    path = content_copy / PRIVATE_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(_unclosed(text), encoding="utf-8")
    capsys.readouterr()
    assert yz(capsys, content_copy, "suggestion", "evaluate", PRIVATE, "--satisfaction", "不满意", "--note", "晚上风机又开了",
              "--date", "2025-10-20", "--due", "2025-11-10")[0] == 0
    code, out, err = yz(capsys, content_copy, "suggestion", "reply", PRIVATE, "--unit", "district-ecology",
                        "--text", "已再次检查，责令夜间停用大功率风机。", "--date", "2025-11-01")
    assert (code, out, err) == (0, f"已更新 {path}\n", "")
    written = path.read_text(encoding="utf-8")
    assert "晚上风机又开了" not in written and "责令夜间停用" not in written
    plain = opened(content_copy)
    assert plain[("replies", 1, "text")] == "已再次检查，责令夜间停用大功率风机。"
    assert plain[("history", 5, "note")] == "晚上风机又开了"
    assert {loc: plain[loc] for loc in PRIVATE_TEXT} == PRIVATE_TEXT  # the earlier values are untouched


def test_personal_data_in_a_new_reply_is_refused_before_sealing(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = content_copy / PRIVATE_FILE
    path.write_text(_unclosed(path.read_text(encoding="utf-8")), encoding="utf-8")
    capsys.readouterr()
    before = path.read_bytes()
    code, out, err = yz(capsys, content_copy, "suggestion", "evaluate", PRIVATE, "--satisfaction", "不满意",
                        "--note", "请回电 13912345678", "--date", "2025-10-20")
    assert (code, out) == (1, "")
    # The line is that of the new note in the refused text (the sealed blocks above it are long).
    assert re.fullmatch(
        rf"{re.escape(f'{content_copy}/{PRIVATE_FILE}')}:\d+: history\[5\]\.note: "
        "含有疑似手机号；个人联系方式和证件号码不得公开，请删除（公开电话只写在联络站的 phone 字段）",
        err.splitlines()[0],
    )
    assert "13912345678" not in err
    assert path.read_bytes() == before


def test_a_new_private_offline_suggestion_is_written_sealed(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = yz(
        capsys, content_copy, "suggestion", "new", "--title", "楼道堆放杂物", "--category", "urban-management",
        "--street", "xiayao", "--community", "tuanjie", "--channel", "联络站", "--problem", "三单元楼道堆满纸箱，有火灾隐患。",
        "--location", "团结社区三单元", "--private", "--note", "提出人不愿公开", "--date", "2026-11-20",
    )
    assert (code, err) == (0, "")
    path = Path(out.removeprefix("已新建 ").strip())
    text = path.read_text(encoding="utf-8")
    for plain in ("楼道堆放杂物", "三单元楼道堆满纸箱", "团结社区三单元", "提出人不愿公开"):
        assert plain not in text
    assert opened(content_copy, path.stem)[("location",)] == "团结社区三单元"
    # Public: plain, as before.
    code, out, _ = yz(
        capsys, content_copy, "suggestion", "new", "--title", "路灯不亮", "--category", "urban-management",
        "--street", "xiayao", "--channel", "联络站", "--problem", "路灯坏了两周。", "--date", "2026-11-20",
    )
    assert code == 0 and "路灯坏了两周。" in Path(out.removeprefix("已新建 ").strip()).read_text(encoding="utf-8")


def test_show_opens_with_a_key_and_shows_only_a_mark_without(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = yz(capsys, CONTENT, "suggestion", "show", PRIVATE)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "# 加密的内容显示为〔已加密〕；用 --identity 指定你的工作人员密钥文件（yizheng keys new 生成的 .key 文件）。"
    assert out.count(SHOWN_SEALED) == 6 and "BEGIN AGE" not in out and "YWdl" not in out
    code, out, err = yz(capsys, CONTENT, "suggestion", "show", PRIVATE, "--identity", str(DIRECTOR))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "# 以下含提出人不同意公开的内容，只供办理使用，不要复制到公开的地方。"
    assert f"title: {PRIVATE_TEXT[('title',)]}" in out.splitlines()
    assert "BEGIN AGE" not in out


def test_a_wrong_or_damaged_key_file_is_refused_without_echoing_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    damaged = tmp_path / "bad.key"
    damaged.write_text("# 我的密钥\nAGE-SECRET-KEY-1NOTAKEY\n", encoding="utf-8")
    code, out, err = yz(capsys, CONTENT, "suggestion", "show", PRIVATE, "--identity", str(damaged))
    assert (code, out, err) == (1, "", f"{damaged}:2: 不是有效的 age 私钥（应以 AGE-SECRET-KEY-1 开头）\n")
    other = tmp_path / "other.key"
    assert run_cli_quiet("keys", "new", "丙", "--out", str(other), "--content", str(tmp_path / "c")) == 0
    capsys.readouterr()
    code, out, err = yz(capsys, CONTENT, "suggestion", "show", PRIVATE, "--identity", str(other))
    assert (code, out) == (1, "")
    assert err.startswith("给出的密钥打不开这段加密内容")


def test_publish_opens_the_text_and_makes_it_public(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = yz(capsys, content_copy, "suggestion", "publish", PRIVATE, "--identity", str(CLERK))
    assert (code, err) == (0, "")
    record = load(content_copy).suggestions[PRIVATE]
    assert record.public and record.published and not record.sealed
    assert {loc: v for loc, v in text_fields(record) if loc in PRIVATE_TEXT} == PRIVATE_TEXT


# --- keys: new staff, staff who leave -------------------------------------------------------


def test_keys_new_writes_a_private_key_only_its_owner_reads(content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_key = tmp_path / "home" / "new.key"
    code, out, err = yz(capsys, content_copy, "keys", "new", "下窑街道 新同事", "--out", str(out_key))
    assert (code, err) == (0, "")
    assert stat.S_IMODE(out_key.stat().st_mode) == 0o600
    secret = [line for line in out_key.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(secret) == 1 and secret[0].startswith("AGE-SECRET-KEY-1")
    assert secret[0] not in out and secret[0] not in (content_copy / "staff-keys.yml").read_text(encoding="utf-8")
    keys = load(content_copy).staff_keys
    assert keys is not None and [k.name for k in keys.keys][-1] == "下窑街道 新同事"
    assert (content_copy / "staff-keys.yml").read_text(encoding="utf-8").startswith("# yaml-language-server:")
    # The file already exists: refused, untouched.
    before = out_key.read_bytes()
    code, _, err = yz(capsys, content_copy, "keys", "new", "另一位", "--out", str(out_key))
    assert code == 1 and err == f"未修改任何文件：{out_key} 已存在；为免覆盖别人的私钥，请换一个文件名\n"
    assert out_key.read_bytes() == before


def test_keys_new_refuses_a_private_key_inside_a_repository(content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    inside = tmp_path / "repo" / "keys" / "me.key"
    code, out, err = yz(capsys, content_copy, "keys", "new", "甲", "--out", str(inside))
    assert (code, out) == (1, "")
    assert "在 git 仓库目录里；私钥放进仓库就等于公开了" in err
    assert not inside.exists()


def test_rekey_lets_a_new_key_in_and_shuts_a_removed_key_out(content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new_key = tmp_path / "new.key"
    assert yz(capsys, content_copy, "keys", "new", "新同事", "--out", str(new_key))[0] == 0
    with pytest.raises(SealError):
        opened(content_copy, key=new_key)  # sealed before the new key was listed
    assert yz(capsys, content_copy, "seal", "--rekey")[2] == "未修改任何文件：--rekey 需要用 --identity 指定你的私钥文件，才能打开原来的加密内容\n"
    code, out, _ = yz(capsys, content_copy, "seal", "--rekey", "--identity", str(CLERK))
    assert code == 0 and out.endswith("已重新加密 1 条意见建议中的 5 段文字，加密给 3 位工作人员。\n")
    assert {loc: opened(content_copy, key=new_key)[loc] for loc in PRIVATE_TEXT} == PRIVATE_TEXT
    # The clerk leaves: their key is removed from the list and everything is sealed again without it.
    keys = content_copy / "staff-keys.yml"
    lines = keys.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "示例工作人员甲" in line)
    keys.write_text("".join(lines[:start] + lines[start + 2 :]), encoding="utf-8")
    assert yz(capsys, content_copy, "seal", "--rekey", "--identity", str(new_key))[0] == 0
    with pytest.raises(SealError):
        opened(content_copy, key=CLERK)
    assert {loc: opened(content_copy, key=DIRECTOR)[loc] for loc in PRIVATE_TEXT} == PRIVATE_TEXT


# --- properties of a sealed value -----------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(st.sampled_from(CORPUS), st.text(min_size=1, max_size=300)),
    st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from("ABCabc019+/"),
)
def test_any_text_seals_to_a_well_formed_value_that_opens_to_it_and_any_damage_is_caught(
    text: str, row: int, col: int, char: str
) -> None:
    keys = _cached_recipients()
    value = seal(text, keys)
    assert armor_problem(value) is None
    assert unseal(value, identity()) == text
    lines = value.splitlines()
    row = 1 + row % (len(lines) - 2)  # a line inside the armor (sealing is random: its length varies)
    col = col % len(lines[row])
    if lines[row][col] == char:
        return
    lines[row] = lines[row][:col] + char + lines[row][col + 1 :]
    damaged = "\n".join(lines)
    if armor_problem(damaged) is not None:
        return  # caught without any key
    try:
        result = unseal(damaged, identity())
    except SealError:
        return  # caught by age's authentication
    assert result == text  # only bits that base64 ignores were touched


_RECIPIENTS: list = []


def _cached_recipients() -> list:
    if not _RECIPIENTS:
        _RECIPIENTS.extend(recipients())
    return _RECIPIENTS


def test_a_recipient_is_checked_by_its_checksum() -> None:
    good = re.search(r"age1\w+", (CONTENT / "staff-keys.yml").read_text(encoding="utf-8"))[0]  # type: ignore[index]
    parse_recipient(good)
    with pytest.raises(SealError):
        parse_recipient(good[:-1] + ("q" if good[-1] != "q" else "p"))


# --- the site -------------------------------------------------------------------------------


def _sealed_pieces(content: Path) -> list[str]:
    """Every line of every sealed value in `content`, and the start of age's header in base64.

    (Not the armor line: the published JSON Schema names it, to describe a sealed value.)
    """
    pieces = {"YWdlLWVuY3J5cHRpb24"}  # base64 of "age-encryption", how every sealed value begins
    for record in load(content).suggestions.values():
        for _, value in text_fields(record):
            if isinstance(value, Sealed):
                pieces.update(line for line in value.splitlines()[1:-1] if len(line) >= 16)
    return sorted(pieces)


def _leaks(files: dict[str, str | bytes], pieces: list[str]) -> list[str]:
    found = []
    for path, content in files.items():
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else content
        found += [f"{path}: {piece[:30]}" for piece in pieces if piece in text]
    return found


def test_the_site_shows_neither_the_ciphertext_nor_the_plain_text(content_copy: Path) -> None:
    from golden import fixed_context

    from yizheng.site.generate import render_site

    # The sealed record is also carried by a meeting, and its representatives have duty pages.
    meeting = content_copy / "meetings" / "hl-2025-02-forum.yml"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("suggestions:\n", f"suggestions:\n  - {PRIVATE}\n", 1), encoding="utf-8")
    files = render_site(fixed_context(content_copy))
    pieces = _sealed_pieces(content_copy)
    assert len(pieces) > 40
    plain = [value for value in opened(content_copy).values() if len(value) >= 6]
    assert len(plain) == 5
    assert _leaks(files, pieces + plain) == []
    # The record is there, by number and status only: the tracking shard, the meeting's count.
    shard = files["tracking/2025.json"]
    assert isinstance(shard, str) and f'"{PRIVATE}":{{"status":"已办结"' in shard


def test_the_built_site_and_its_search_index_show_no_ciphertext(built_site: Path) -> None:
    files = {p.relative_to(built_site).as_posix(): p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    assert "search/search_index.json" in files
    assert _leaks(files, _sealed_pieces(CONTENT) + list(PRIVATE_TEXT.values())) == []


# --- synthetic content ----------------------------------------------------------------------


def test_synth_seals_its_private_offline_suggestions_with_the_example_keys(tmp_path: Path) -> None:
    from yizheng.synth import synth
    from yizheng.synth_sealed import PLAIN

    synth(tmp_path / "c", 60, seed=7)
    registry = load(tmp_path / "c")  # would fail if any private offline text were plain
    private = [s for s in registry.suggestions.values() if not s.public and "-X" in s.id]
    assert [s.id for s in private] == ["2019-X0005", "2022-X0003"]
    wanted = {"title": PLAIN["title"], "problem": PLAIN["problem"], "proposal": PLAIN["proposal"], "text": PLAIN["reply"], "note": PLAIN["note"]}
    for record in private:
        values = [(loc, value) for loc, value in text_fields(record) if value is not None]
        assert values and all(isinstance(value, Sealed) for _, value in values)
        assert {unseal(value, identity()) == wanted[str(loc[-1])] for loc, value in values} == {True}
    assert not any(s.sealed for s in registry.suggestions.values() if s.public or "-W" in s.id)


def test_a_list_changed_without_rekeying_is_a_warning_per_record(content_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert yz(capsys, content_copy, "keys", "new", "新同事", "--out", str(tmp_path / "new.key"))[0] == 0
    code, out, err = yz(capsys, content_copy, "validate")
    path = content_copy / PRIVATE_FILE
    assert (code, err) == (0, "共 1 个提醒（不影响校验结果，请人工看一下）\n")
    assert out.splitlines()[0] == (
        f"{path}:4: title: 提醒：这段文字加密给了 2 位工作人员，而 staff-keys.yml 列了 3 位：名单变过后还没有重新加密；"
        "请一位工作人员运行 yizheng seal --rekey --identity 自己的私钥文件"
    )
    assert yz(capsys, content_copy, "seal", "--rekey", "--identity", str(DIRECTOR))[0] == 0
    assert yz(capsys, content_copy, "validate")[1:] == ("校验通过：议政代表 44，联络站 18，制度文件 8，会议活动 52，典型案例 5，意见建议 39\n", "")


def test_example_keys_are_an_error_on_a_real_site(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = content_copy / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("example: true\n", "example: false\n", 1), encoding="utf-8")
    code, out, _ = yz(capsys, content_copy, "validate")
    assert code == 1
    assert out == (
        f"{content_copy}/staff-keys.yml:4: example: 这是示例密钥（私钥公开在 tests/fixtures/example-keys/ 中），正式网站不能用："
        "请用 yizheng keys new 为本区工作人员生成密钥、删掉示例项和 example: true，再运行 yizheng seal --rekey\n"
    )


def test_overdue_shows_a_sealed_title_only_to_a_key_holder(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = yz(
        capsys, content_copy, "suggestion", "new", "--title", "楼道堆放杂物", "--category", "urban-management",
        "--street", "xiayao", "--channel", "联络站", "--problem", "楼道堆满纸箱。", "--private", "--date", "2026-11-20",
    )
    sid = Path(out.removeprefix("已新建 ").strip()).stem
    assert yz(capsys, content_copy, "suggestion", "assign", sid, "--unit", "district-ecology", "--due", "2026-11-25",
              "--date", "2026-11-21")[0] == 0
    code, out, err = yz(capsys, content_copy, "overdue", "--date", "2026-11-30")
    assert (code, err) == (0, "")
    line = next(line for line in out.splitlines() if sid in line)
    assert line.endswith(f"  {SHOWN_SEALED}") and "YWdl" not in out
    code, out, err = yz(capsys, content_copy, "overdue", "--date", "2026-11-30", "--identity", str(CLERK))
    assert (code, err) == (0, "")
    assert next(line for line in out.splitlines() if sid in line).endswith("  楼道堆放杂物")


def test_editors_schemas_accept_the_sealed_record_and_the_keys_file() -> None:
    import subprocess
    import sys

    tool = str(Path(sys.executable).parent / "check-jsonschema")
    for schema, record in (("suggestion", CONTENT / PRIVATE_FILE), ("staff-keys", CONTENT / "staff-keys.yml")):
        result = subprocess.run([tool, "--schemafile", str(ROOT / "schema" / f"{schema}.schema.json"), str(record)],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
