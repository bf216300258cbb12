"""The `yizheng` command line: one entry point, one subcommand per task."""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, NoReturn

from .loader import SITE_FILE, InvalidContent, load, read_site
from .kinds import KINDS
from .problems import Problem
from .registry import Registry
from . import bench
from .staff import commands as staff_commands

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenProcessPool:
        print("分担工作的进程意外退出（可能是内存不足）；可以设置环境变量 YIZHENG_JOBS=1 只用一个进程再试", file=sys.stderr)
        return 1


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help with Chinese headings: "用法：" for "usage:", and "：" after each section title."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[Any], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def format_help(self) -> str:
        # Section headings ("选项:") end with argparse's colon; ours is the Chinese one.
        return _HEADING.sub(r"\1：", super().format_help())

    # What an option takes, in words, where the option does not name it: "--content 路径", not "--content CONTENT".
    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return _what_it_takes(action)

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        return _what_it_takes(action)


def _what_it_takes(action: argparse.Action) -> str:
    kind = action.type
    if kind is Path:
        return "路径"
    if kind is int:
        return "数字"
    if getattr(kind, "__name__", "") == "date_arg":
        return "日期"
    return "值"


_HEADING = re.compile(r"(?m)^(\S[^\n:：]*):$")


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse, with its help headings and usage errors said in Chinese (subcommands' parsers too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示这份说明，然后退出")

    _ERRORS = (
        (re.compile(r"the following arguments are required: (.*)"), "缺少必填参数：{0}"),
        (re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"), "参数 {0} 的值 {1} 无效，可选：{2}"),
        (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面需要一个值"),
        (re.compile(r"argument (\S+): not allowed with argument (\S+)"), "参数 {0} 和 {1} 不能同时使用"),
        (re.compile(r"one of the arguments (.*) is required"), "需要以下参数之一：{0}"),
        (re.compile(r"unrecognized arguments: (.*)"), "不认识的参数：{0}"),
        (re.compile(r"argument (\S+): invalid \S+ value: (.*)"), "参数 {0} 的值 {1} 无效"),
        (re.compile(r"argument (\S+): (.*)"), "参数 {0}：{1}"),
    )

    def error(self, message: str) -> NoReturn:
        for pattern, chinese in self._ERRORS:
            match = pattern.fullmatch(message)
            if match:
                message = chinese.format(*match.groups())
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 错误：{message}\n")


_BOT_LOGIN_HELP = (
    "机器人自己的 GitHub 账号名，只认这个账号写的评论（默认取环境变量 YIZHENG_BOT_LOGIN，"
    "再默认 github-actions[bot]；用 GitHub App 令牌时是“<应用名>[bot]”）"
)


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="yizheng", description="街道议政代表会议制度公开网站：记录校验、生成与办理工具")
    sub = parser.add_subparsers(title="子命令", metavar="命令")

    validate = _command(sub, "validate", "校验 content/ 下的全部记录，列出每一个错误", _validate)
    validate.add_argument("--annotations", action="store_true", help="以 GitHub 的 ::error / ::warning 注释格式输出（在 pull request 的对应行显示）")

    fmt = _command(sub, "fmt", "把记录改写为统一格式（保留注释）", _fmt)
    fmt.add_argument("--check", action="store_true", help="只列出格式不统一的文件，不改写")

    build = _command(sub, "build", "校验记录、生成页面并用 MkDocs 构建网站", _build)
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="网站输出目录（默认 site/）")
    build.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="MkDocs 配置文件（默认 mkdocs.yml）")
    build.add_argument("--docs-dir", type=Path, default=None, help="生成的 Markdown 放在哪里（默认按 mkdocs.yml，即 build/docs/）")
    build.add_argument(
        "--offline-archive",
        type=Path,
        default=None,
        metavar="压缩文件",
        help="再构建一份离线副本（解压后直接在电脑或手机上打开，不用联网），打包成这个 zip 文件，如 site/yizheng-offline.zip",
    )

    generate = _command(sub, "generate", "只生成页面和网站引擎读取的配置，不构建网站（MkDocs 或 Zensical 都可以接着构建）", _generate)
    generate.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="网站配置（默认 mkdocs.yml）")
    generate.add_argument("--docs-dir", type=Path, default=None, help="生成的 Markdown 放在哪里（默认按网站配置，即 build/docs/）")

    serve = _command(sub, "serve", "本机预览：生成页面并启动预览网站，记录一改动就只重新生成受影响的页面", _serve)
    serve.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"), help="网站配置（默认 mkdocs.yml）")
    serve.add_argument(
        "--engine", choices=("yizheng", "zensical"), default="yizheng",
        help="预览用的网站引擎（默认 yizheng：MkDocs 在本程序内只重新构建改动的网页，更新最快）",
    )
    serve.add_argument("--addr", default="127.0.0.1:8000", help="预览地址（默认 127.0.0.1:8000）")
    serve.add_argument("--docs-dir", type=Path, default=None, help="生成的 Markdown 放在哪里（默认按网站配置，即 build/docs/）")

    scan = _command(sub, "scan-site", "检查生成的网站里有没有个人电话、证件号、银行卡号或邮箱（联络站的公开电话除外）", _scan_site)
    scan.add_argument("site_dir", type=Path, nargs="?", default=Path("site"), help="网站目录（默认 site/）")
    scan.add_argument("--annotations", action="store_true", help="以 GitHub 的 ::error 注释格式输出")

    schema = sub.add_parser("schema", help="根据模型重新生成 schema/*.json")
    schema.add_argument("--out", type=Path, default=Path("schema"), help="输出目录（默认 schema/）")
    schema.set_defaults(run=_schema)
    staff_commands.add_parsers(sub)
    bench.add_parser(sub)

    intake = _command(
        sub, "intake", "把网上表单（和工作人员的线下登记表）提交的议题变成意见建议记录、分支和合并请求，并回复查询编号", _intake
    )
    intake.add_argument("--base", default="main", help="合并请求的目标分支（默认 main）")
    intake.add_argument("--bot-login", default=None, help=_BOT_LOGIN_HELP)

    command = _command(
        sub, "command", "工作人员在意见建议的议题中写的指令（/交办、/答复、/办结……）→ 同一个办理步骤，放进该条的合并请求", _issue_command
    )
    command.add_argument("--base", default="main", help="合并请求的目标分支（默认 main）")
    command.add_argument("--bot-login", default=None, help=_BOT_LOGIN_HELP)
    command.add_argument("--date", type=staff_commands.date_arg, default=None, help="这一步的日期（默认为写评论的那一天，北京时间）")

    forms = _command(sub, "forms", "根据 content/site.yml 重新生成 .github/ISSUE_TEMPLATE/ 中的表单", _forms)
    forms.add_argument("--out", type=Path, default=Path(".github/ISSUE_TEMPLATE"), help="输出目录")

    notify = _command(sub, "notify", "主分支上意见建议状态变化后，在原议题下通知提出人（评论、标签、关闭）", _notify)
    notify.add_argument("--before", required=True, help="推送前的提交")
    notify.add_argument("--after", required=True, help="推送后的提交")
    notify.add_argument("--repo", type=Path, default=Path("."), help="git 仓库目录（默认当前目录）")
    notify.add_argument("--bot-login", default=None, help=_BOT_LOGIN_HELP)

    correction = _command(
        sub, "correction", "纠错议题：提交时说明对应的记录并加标签；修正它的合并请求（写“修正 #编号”）合并后评论并关闭", _correction
    )
    correction.add_argument("--bot-login", default=None, help=_BOT_LOGIN_HELP)

    remind = _command(sub, "remind", "每周更新“逾期和即将到期的意见建议”议题，并 @ 有关承办单位的 GitHub 团队", _remind)
    remind.add_argument("--date", type=staff_commands.date_arg, default=None, help="以哪一天为准（默认今天，北京时间）")
    remind.add_argument("--soon", type=int, default=3, help="几天内到期算“即将到期”（默认 3）")
    remind.add_argument("--bot-login", default=None, help=_BOT_LOGIN_HELP)

    synth = sub.add_parser("synth", help="生成大规模合成数据（测试和性能基准用）")
    synth.add_argument("--out", type=Path, required=True, help="输出目录（须不存在或为空）")
    synth.add_argument("--suggestions", type=int, required=True, help="意见建议条数")
    synth.add_argument("--seed", type=int, default=1, help="随机种子；相同种子生成完全相同的文件")
    synth.set_defaults(run=_synth)
    return parser


def _command(sub: argparse._SubParsersAction, name: str, help_text: str, run: Command) -> argparse.ArgumentParser:
    command = sub.add_parser(name, help=help_text, description=help_text)
    command.add_argument("--content", type=Path, default=Path("content"), help="记录目录（默认 content/）")
    command.set_defaults(run=run)
    return command


def _load_or_report(content: Path, annotations: bool = False) -> Registry | None:
    """The records under `content`; None after printing every problem when they do not validate."""
    try:
        return load(content)
    except InvalidContent as err:
        print_problems(err.problems, annotations)
        return None


def print_problems(problems: Sequence[Problem], annotations: bool = False) -> None:
    """Each problem on one line: `path:line: field: message`, or with `annotations` only as a
    GitHub workflow command (`::error file=…,line=…::…`), so that no line of the log holds raw text."""
    for problem in problems:
        print(problem.annotation() if annotations else problem)
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"共 {errors} 个错误" + (f"，{warnings} 个提醒" if warnings else ""), file=sys.stderr)
    elif warnings:
        print(f"共 {warnings} 个提醒（不影响校验结果，请人工看一下）", file=sys.stderr)


def _validate(args: argparse.Namespace) -> int:
    registry = _load_or_report(args.content, args.annotations)
    if registry is None:
        return 1
    print_problems(registry.warnings, args.annotations)
    counts = registry.counts()
    parts = "，".join(f"{kind.title} {counts[kind.name]}" for kind in KINDS)
    print(f"校验通过：{parts}")
    return 0


class Steps:
    """Counted steps of a long command, one plain line each on standard error (readable in a CI log too)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.number = 0
        self.started = time.perf_counter()

    def next(self, what: str) -> None:
        self.number += 1
        print(f"[{self.number}/{self.total}] {what}……（已用 {time.perf_counter() - self.started:.0f} 秒）", file=sys.stderr, flush=True)


def _build(args: argparse.Namespace) -> int:
    from .site.build import build_site

    steps = Steps(3 if args.offline_archive else 2)
    steps.next("读入并校验记录")
    registry = _load_or_report(args.content)
    if registry is None:
        return 1
    steps.next("生成页面，用 MkDocs 构建网站，再做隐私检查")
    code = build_site(registry, args.config_file, args.site_dir, args.docs_dir)
    if code or args.offline_archive is None:
        return code
    steps.next("构建离线副本并打包")
    return _offline_archive(registry, args.config_file, args.offline_archive)


def _offline_archive(registry: Registry, config_file: Path, archive: Path) -> int:
    import tempfile

    from .site.build import build_site
    from .site.offline import zip_site

    with tempfile.TemporaryDirectory(prefix="yizheng-offline-") as work:
        site_dir = Path(work) / "site"
        code = build_site(registry, config_file, site_dir, Path(work) / "docs", offline=True)
        if code:
            return code
        files = zip_site(site_dir, archive)
    print(f"离线副本已打包：{archive}（{files} 个文件，{archive.stat().st_size / 1_000_000:.1f} MB）")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from .site.engine_config import docs_dir_of, generated_config_path
    from .site.generate import generate

    steps = Steps(2)
    steps.next("读入并校验记录")
    registry = _load_or_report(args.content)
    if registry is None:
        return 1
    print_problems(registry.warnings)
    try:
        docs_dir = args.docs_dir or docs_dir_of(args.config_file)
    except (OSError, ValueError) as err:
        print(f"{args.config_file}：无法读取网站配置（{err}）", file=sys.stderr)
        return 1
    steps.next("生成页面和网站配置")
    _, report = generate(registry, docs_dir, args.config_file)
    config = generated_config_path(docs_dir)
    total = len(report.written) + report.unchanged
    print(f"已生成 {total} 个文件到 {docs_dir}（改写 {len(report.written)} 个，删除 {len(report.removed)} 个）")
    print(f"网站配置：{config}（构建：mkdocs build -f {config}，或 zensical build -f {config}）")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .site.preview import serve

    try:
        return serve(args.content, args.config_file, args.engine, args.addr, args.docs_dir, report=print_problems)
    except (OSError, ValueError) as err:
        print(f"预览无法启动：{err}", file=sys.stderr)
        return 1

def _scan_site(args: argparse.Namespace) -> int:
    from .site.build import scan_built_site

    if not args.site_dir.is_dir():
        print(f"{args.site_dir}: 网站目录不存在；请先运行 yizheng build", file=sys.stderr)
        return 2
    registry = _load_or_report(args.content, args.annotations)
    if registry is None:
        return 1
    return scan_built_site(registry, args.site_dir, args.annotations)


def _intake(args: argparse.Namespace) -> int:
    from .intake.receive import run

    return run(args.content, args.base, args.bot_login)


def _issue_command(args: argparse.Namespace) -> int:
    from .intake.command import run

    return run(args.content, args.base, args.bot_login, args.date)


def _correction(args: argparse.Namespace) -> int:
    from .intake.correction import run

    return run(args.content, args.bot_login)


def _remind(args: argparse.Namespace) -> int:
    from .intake.remind import run

    return run(args.content, args.date, args.soon, args.bot_login)


def _forms(args: argparse.Namespace) -> int:
    from .intake.forms import write_forms

    registry = _load_or_report(args.content)
    if registry is None:
        return 1
    for path in write_forms(registry, args.out):
        print(f"已更新 {path.as_posix()}")
    return 0


def _notify(args: argparse.Namespace) -> int:
    from .intake.notify import run

    problems: list[Problem] = []
    site = read_site(args.content / SITE_FILE, problems)
    if site is None:
        print_problems(problems)
        return 1
    units = {unit.id: unit.name for unit in site.handling_units}
    return run(args.repo, args.before, args.after, site.address, args.bot_login, units)


def _fmt(args: argparse.Namespace) -> int:
    from .canonical import format_content

    return format_content(args.content, check=args.check)


def _schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    for path in write_schemas(args.out):
        print(path.as_posix())
    return 0


def _synth(args: argparse.Namespace) -> int:
    from .synth import synth

    if args.suggestions < 0:
        print("--suggestions 不能为负数", file=sys.stderr)
        return 2
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        print(f"{args.out}: 输出目录已存在且不为空；请指定新目录", file=sys.stderr)
        return 2
    def progress(done: int, total: int) -> None:
        print(f"合成数据：已写入 {done:,} / {total:,} 个记录文件（{done * 100 // total}%）", file=sys.stderr, flush=True)

    if args.suggestions >= 1000:
        print(f"合成数据：正在生成 {args.suggestions:,} 条意见建议和其他记录……", file=sys.stderr, flush=True)
    count = synth(args.out, args.suggestions, args.seed, progress=progress if args.suggestions >= 1000 else None)
    print(f"已生成 {count} 个记录文件到 {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
