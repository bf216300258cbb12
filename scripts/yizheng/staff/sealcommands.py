"""Staff commands for sealed text: `seal`, `keys new`, `suggestion show`, `suggestion publish`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..canonical import round_trip, to_yaml
from ..files import write_text_atomic
from ..loader import STAFF_KEYS_FILE, InvalidContent, read_staff_keys
from ..models.suggestion import Suggestion
from ..problems import Problem, display_path
from ..sealing import KEY_HINT, SHOWN_SEALED, Sealed, SealError, needs_sealing, new_identity, read_identities, text_fields
from .edit import Change, Refused, Workspace
from .sealed import dump_tree, open_tree, seal_tree, set_value

_KEYS_HEADER = (
    "# yaml-language-server: $schema=../schema/staff-keys.schema.json\n"
    "# 工作人员的公钥：提出人不同意公开的线下意见建议，文字加密给这里的每一位。\n"
    "# 增减人员后运行 yizheng seal --rekey --identity 你的密钥文件，按新名单重新加密。\n"
)


def add_parsers(sub: argparse._SubParsersAction, steps: argparse._SubParsersAction) -> None:
    """`seal` and `keys` under `sub`; `show` and `publish` under `suggestion` (`steps`)."""
    p = sub.add_parser(
        "seal",
        help="加密不公开的线下意见建议的文字（可重复运行，已加密的不再加密）",
        description="把提出人不同意公开（public: false）的线下意见建议的标题、内容、答复和说明，"
        "加密给 content/staff-keys.yml 中的每一位工作人员。",
    )
    _content(p)
    p.add_argument("--rekey", action="store_true", help="按 staff-keys.yml 的现有名单重新加密已加密的内容（增减人员后用）")
    p.add_argument("--identity", type=Path, help="你的私钥文件（--rekey 时必填，用来打开原来的加密内容）")
    p.set_defaults(run=_seal)

    k = sub.add_parser("keys", help="工作人员密钥")
    actions = k.add_subparsers(title="操作", metavar="操作", required=True)
    p = actions.add_parser("new", help="为一位工作人员生成密钥：私钥存到本人电脑，公钥加入 staff-keys.yml")
    _content(p)
    p.add_argument("name", help="工作人员姓名或岗位，如“下窑街道议政办 张某”")
    p.add_argument("--out", type=Path, required=True, help="私钥文件保存在哪里（不能在仓库目录里），如 ~/yizheng-张某.key")
    p.set_defaults(run=_keys_new)

    p = steps.add_parser("show", help="显示一条意见建议（已加密的内容用你的私钥打开）")
    _content(p)
    p.add_argument("id", metavar="编号", help="意见建议的查询编号，如 2026-X0007")
    p.add_argument("--identity", type=Path, help="你的私钥文件；不给时加密的内容显示为" + SHOWN_SEALED)
    p.set_defaults(run=_show)

    p = steps.add_parser("publish", help="提出人同意公开：解密这条线下意见建议的文字并改为公开")
    _content(p)
    p.add_argument("id", metavar="编号", help="意见建议的查询编号，如 2026-X0007")
    p.add_argument("--identity", type=Path, required=True, help="你的私钥文件")
    p.set_defaults(run=_publish)


def _content(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="记录目录（默认 content/）")
    parser.add_argument("--dry-run", action="store_true", help="只显示将要做的修改，不写文件")


def _fail(message: str) -> int:
    print(f"未修改任何文件：{message}", file=sys.stderr)
    return 1


def _workspace(content: Path, require_sealed: bool = True) -> Workspace | None:
    try:
        return Workspace(content, require_sealed=require_sealed)
    except InvalidContent as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print("content/ 中有错误；请先修正（yizheng validate），再操作。", file=sys.stderr)
        return None


def _write(ws: Workspace, changes: list[Change], dry_run: bool) -> bool:
    problems = ws.commit(changes, dry_run=dry_run)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("未修改任何文件：修改后的记录不能通过校验（见上）。", file=sys.stderr)
        return False
    if not dry_run:
        for change in changes:
            print(f"已更新 {display_path(change.path)}")
    return True


def _seal(args: argparse.Namespace) -> int:
    if args.rekey and args.identity is None:
        return _fail("--rekey 需要用 --identity 指定你的私钥文件，才能打开原来的加密内容")
    ws = _workspace(args.content, require_sealed=False)
    if ws is None:
        return 1
    if ws.registry.staff_keys is None:
        return _fail(f"没有 {display_path(args.content / STAFF_KEYS_FILE)}：先用 yizheng keys new 为每位工作人员生成密钥")
    try:
        identities = read_identities(args.identity) if args.rekey else None
        recipients = ws.recipients()
        changes: list[Change] = []
        values = 0
        for record in sorted(ws.registry.suggestions.values(), key=lambda s: s.id):
            if not needs_sealing(record):
                continue
            tree, change = ws.tree("suggestion", record.id)
            try:
                count = seal_tree(tree, record, recipients, identities)
            except SealError as err:
                raise SealError(f"{display_path(change.path)}：{err}") from None
            if count:
                change.new_text = dump_tree(tree)
                changes.append(change)
                values += count
    except SealError as err:
        return _fail(str(err))
    if not changes:
        print("没有需要加密的内容：不公开的线下意见建议已经全部加密。")
        return 0
    if not _write(ws, changes, args.dry_run):
        return 1
    verb = "重新加密" if args.rekey else "加密"
    print(f"已{verb} {len(changes)} 条意见建议中的 {values} 段文字，加密给 {len(recipients)} 位工作人员。")
    return 0


def _inside_repository(path: Path) -> bool:
    path = path.resolve()
    return any((folder / ".git").exists() for folder in (path, *path.parents))


def _keys_new(args: argparse.Namespace) -> int:
    out: Path = args.out.expanduser()
    if out.exists():
        return _fail(f"{out} 已存在；为免覆盖别人的私钥，请换一个文件名")
    if _inside_repository(out.parent):
        return _fail(f"{out} 在 git 仓库目录里；私钥放进仓库就等于公开了。请保存在仓库以外，如 ~/yizheng-密钥.key")
    path = args.content / STAFF_KEYS_FILE
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else _KEYS_HEADER + "keys: []\n"
    except (OSError, UnicodeDecodeError) as err:
        return _fail(f"无法读取 {display_path(path)}：{err.__class__.__name__}")
    secret, public = new_identity()
    tree = round_trip().load(text)
    if tree.get("keys") is None:
        tree["keys"] = to_yaml([])
    tree["keys"].append(to_yaml({"name": args.name, "recipient": public}))
    new_text = dump_tree(tree)
    problems: list[Problem] = []
    if read_staff_keys(path, problems, text=new_text) is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return _fail(f"加入这把公钥后 {display_path(path)} 不能通过校验（见上）")
    if args.dry_run:
        print(new_text, end="")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(f"# yizheng 工作人员私钥：{args.name}\n# 公钥：{public}\n# 只放在本人电脑上，不要放进仓库，不要发给任何人。\n{secret}\n")
    write_text_atomic(path, new_text)
    print(f"私钥已保存到 {out}（只有你能读）。请备份到安全的地方：丢了就打不开加密内容。")
    print(f"公钥已加入 {display_path(path)}。")
    print("提交合并后，请一位已有密钥的同事运行 yizheng seal --rekey --identity 他的密钥文件，新同事才能打开以前加密的内容。")
    return 0


def _show(args: argparse.Namespace) -> int:
    ws = _workspace(args.content)
    if ws is None:
        return 1
    try:
        record: Suggestion = ws.record("suggestion", args.id)
        identities = read_identities(args.identity) if args.identity is not None else None
        tree, _ = ws.tree("suggestion", args.id)
        if identities is not None:
            open_tree(tree, record, identities)
        else:
            for loc, value in text_fields(record):
                if isinstance(value, Sealed):
                    set_value(tree, loc, SHOWN_SEALED)
    except (Refused, SealError) as err:
        print(f"{err}", file=sys.stderr)
        return 1
    if record.sealed:
        note = "以下含提出人不同意公开的内容，只供办理使用，不要复制到公开的地方。" if identities else f"加密的内容显示为{SHOWN_SEALED}；{KEY_HINT}。"
        print(f"# {note}")
    sys.stdout.write(dump_tree(tree))
    return 0


def _publish(args: argparse.Namespace) -> int:
    ws = _workspace(args.content)
    if ws is None:
        return 1
    try:
        record: Suggestion = ws.record("suggestion", args.id)
        if record.public:
            raise Refused(f"意见建议 {args.id} 已经是公开的（public: true）")
        identities = read_identities(args.identity)
        tree, change = ws.tree("suggestion", args.id)
        open_tree(tree, record, identities)
        tree["public"] = True
        change.new_text = dump_tree(tree)
    except (Refused, SealError) as err:
        return _fail(str(err))
    if not _write(ws, [change], args.dry_run):
        return 1
    if not args.dry_run:
        print(f"意见建议 {args.id} 已解密并改为公开；答复或办结后，网站会发布全文。")
    return 0
