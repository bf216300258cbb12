"""The staff subcommands: `suggestion …`, `new …`, `representative leave`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..loader import InvalidContent
from ..models.lifecycle import Rater, Satisfaction
from ..models.meeting import MeetingKind
from ..models.representative import RepresentativeCategory
from ..models.station import StationKind
from ..models.suggestion import Channel
from ..problems import display_path
from ..sealing import SealError, read_identities
from . import records, sealcommands, suggestions
from .units import resolve_unit, resolve_units
from .edit import Change, Refused, Workspace, today

_MEETING_SLUG = {
    MeetingKind.STUDY: "study",
    MeetingKind.RESEARCH: "research",
    MeetingKind.CONFERENCE: "conference",
    MeetingKind.FORUM: "forum",
    MeetingKind.INSPECTION: "inspection",
    MeetingKind.RECEPTION: "reception",
    MeetingKind.OUTREACH: "outreach",
}


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是有效日期，应为 YYYY-MM-DD，如 2026-03-15") from None


def _common(parser: argparse.ArgumentParser, dated: bool = True) -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), help="记录目录（默认 content/）")
    parser.add_argument("--dry-run", action="store_true", help="只显示将要做的修改（diff），不写文件")
    if dated:
        parser.add_argument("--date", type=date_arg, default=None, help="这一步的日期（默认今天，北京时间）")


def add_parsers(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("suggestion", help="办理意见建议：交办、进展、答复、评价、办结……每步一条命令")
    steps = s.add_subparsers(title="办理步骤", metavar="步骤", required=True)

    p = steps.add_parser("new", help="登记线下收集的意见建议（联络站、座谈会、连心卡……）")
    _common(p)
    p.add_argument("--title", required=True, help="一句话标题")
    p.add_argument("--category", required=True, help="类别编号，见 site.yml")
    p.add_argument("--street", required=True, help="街道编号")
    p.add_argument("--community", help="社区编号")
    p.add_argument("--grid", help="网格编号")
    p.add_argument("--location", help="具体位置（公共场所，不写个人住址）")
    p.add_argument("--channel", required=True, choices=[c.value for c in Channel if c is not Channel.ONLINE], help="收集渠道")
    text = p.add_mutually_exclusive_group(required=True)
    text.add_argument("--problem", help="反映的问题")
    text.add_argument("--problem-file", type=Path, help="从文件读取反映的问题")
    p.add_argument("--proposal", help="提出人的建议")
    p.add_argument("--submitted", type=date_arg, help="提出日期（默认与 --date 相同）")
    p.add_argument("--station", help="收集的联络站编号")
    p.add_argument("--representative", action="append", default=[], help="收集、领办的议政代表编号（可重复）")
    p.add_argument("--private", action="store_true", help="提出人不同意公开全文")
    p.add_argument("--note", help="受理说明")
    p.set_defaults(run=_run(_new_suggestion))

    p = steps.add_parser("assign", help="交办给承办单位")
    _common(p)
    p.add_argument("id")
    p.add_argument("--unit", action="append", required=True, help="承办单位的编号或全称（可重复；第一个为主办单位）")
    p.add_argument("--due", type=date_arg, help="办理期限（默认按 site.yml 的工作日数推算）")
    p.add_argument("--key", action="store_true", help="列为重点督办")
    p.add_argument("--note", help="交办意见")
    p.set_defaults(run=_step(lambda ws, a, d: suggestions.assign(ws, resolve_units(ws.registry, a.unit, "--unit"), a.due, a.key, d, a.note)))

    p = steps.add_parser("progress", help="记录办理进展（可延期、增加承办单位）")
    _common(p)
    p.add_argument("id")
    p.add_argument("--note", required=True, help="进展说明")
    p.add_argument("--due", type=date_arg, help="批准延期后的新期限")
    p.add_argument("--unit", action="append", default=[], help="增加的承办单位的编号或全称（可重复）")
    p.set_defaults(run=_step(lambda ws, a, d: suggestions.progress(a.note, d, a.due, resolve_units(ws.registry, a.unit, "--unit"))))

    p = steps.add_parser("reply", help="记录承办单位的答复")
    _common(p)
    p.add_argument("id")
    p.add_argument("--unit", required=True, help="答复单位的编号或全称")
    body = p.add_mutually_exclusive_group(required=True)
    body.add_argument("--text", help="答复内容")
    body.add_argument("--file", type=Path, help="从文件读取答复内容")
    p.set_defaults(run=_step(lambda ws, a, d: suggestions.reply(resolve_unit(ws.registry, a.unit, "--unit"), _text(a.text, a.file), d)))

    p = steps.add_parser("evaluate", help="记录满意度评价；不满意即重新办理")
    _common(p)
    p.add_argument("id")
    p.add_argument("--satisfaction", required=True, choices=[s.value for s in Satisfaction], help="满意度")
    p.add_argument("--note", help="评价说明")
    p.add_argument("--by", choices=[r.value for r in Rater], help="评价人")
    p.add_argument("--due", type=date_arg, help="不满意时第二轮的期限（默认按工作日推算）")
    p.set_defaults(
        run=_step(lambda ws, a, d: suggestions.evaluate(ws, Satisfaction(a.satisfaction), a.note, a.by, a.due, d))
    )

    p = steps.add_parser("close", help="办结（须已有满意或基本满意的评价）")
    _common(p)
    p.add_argument("id")
    p.add_argument("--note", help="办结说明")
    p.set_defaults(run=_step(lambda ws, a, d: suggestions.close(a.note, d), before=suggestions.check_close_allowed))

    p = steps.add_parser("reject", help="不予受理")
    _common(p)
    p.add_argument("id")
    p.add_argument("--reason", required=True, help="不予受理的理由（会公开）")
    p.set_defaults(run=_step(lambda ws, a, d: suggestions.reject(a.reason, d)))

    p = steps.add_parser("merge", help="与另一条意见建议合并办理")
    _common(p)
    p.add_argument("id")
    p.add_argument("--into", required=True, help="并入的意见建议编号")
    p.add_argument("--note", help="说明")
    p.set_defaults(run=_step(lambda ws, a, d: suggestions.merge(a.into, a.note, d)))

    sealcommands.add_parsers(sub, steps)

    n = sub.add_parser("new", help="新建议政代表、联络站、会议或案例记录（自动取下一个编号）")
    kinds = n.add_subparsers(title="记录类型", metavar="类型", required=True)

    p = kinds.add_parser("representative", help="新议政代表")
    _common(p, dated=False)
    p.add_argument("--id", help="编号（默认按街道取下一个，如 hl-018）")
    p.add_argument("--name", required=True)
    p.add_argument("--category", required=True, choices=[c.value for c in RepresentativeCategory])
    p.add_argument("--street", required=True)
    p.add_argument("--community", required=True)
    p.add_argument("--grid")
    p.add_argument("--station", required=True)
    p.add_argument("--term", type=int, default=1)
    p.add_argument("--linked-deputy")
    p.add_argument("--affiliation")
    p.add_argument("--duty", action="append", default=[])
    for step in ("nominated", "reviewed", "decided", "announced", "appointed"):
        p.add_argument(f"--{step}", type=date_arg, help=f"产生程序日期：{step}")
    p.set_defaults(run=_run(_new_representative))

    p = kinds.add_parser("station", help="新联络站 / 联络点")
    _common(p, dated=False)
    p.add_argument("--id", help="编号（默认按街道取下一个，如 hl-station-001）")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, choices=[k.value for k in StationKind])
    p.add_argument("--street", required=True)
    p.add_argument("--community")
    p.add_argument("--address", required=True)
    p.add_argument("--hours", required=True, help="开放时间")
    p.add_argument("--phone", help="公开电话")
    p.set_defaults(run=_run(_new_station))

    p = kinds.add_parser("meeting", help="新会议活动记录")
    _common(p, dated=False)
    p.add_argument("--id", help="编号（默认如 hl-2026-11-study）")
    p.add_argument("--kind", required=True, choices=[k.value for k in MeetingKind])
    p.add_argument("--title", required=True)
    p.add_argument("--date", type=date_arg, required=True)
    p.add_argument("--street", required=True)
    p.add_argument("--station")
    p.add_argument("--location")
    p.add_argument("--attendee", action="append", default=[], help="出席代表编号（可重复）")
    p.add_argument("--topic", required=True)
    p.add_argument("--summary", required=True)
    p.set_defaults(run=_run(_new_meeting))

    p = kinds.add_parser("case", help="新典型案例")
    _common(p, dated=False)
    p.add_argument("--id", help="编号（默认 case-001 起）")
    p.add_argument("--title", required=True)
    p.add_argument("--street", required=True)
    p.add_argument("--community")
    p.add_argument("--category", required=True)
    p.add_argument("--summary", required=True)
    p.add_argument("--outcome", required=True)
    p.add_argument("--suggestion", action="append", default=[], help="来源意见建议编号（须已公开，可重复）")
    p.add_argument("--representative", action="append", default=[], help="推动的议政代表编号（可重复）")
    p.add_argument("--event", action="append", default=[], metavar="日期:事件", help="时间线，如 2026-03-02:交办住建局（可重复）")
    p.set_defaults(run=_run(_new_case))

    o = sub.add_parser("overdue", help="列出逾期和即将到期的意见建议（按承办单位）")
    o.add_argument("--content", type=Path, default=Path("content"), help="记录目录（默认 content/）")
    o.add_argument("--date", type=date_arg, default=None, help="以哪一天为准（默认今天，北京时间）")
    o.add_argument("--soon", type=int, default=3, help="几天内到期算“即将到期”（默认 3）")
    o.add_argument("--markdown", action="store_true", help="输出 Markdown（用于合并请求评论或周报；只有编号，不含标题）")
    o.add_argument("--identity", type=Path, help="你的私钥文件：加密的标题显示为原文（不给时显示为〔已加密〕）")
    o.set_defaults(run=_run_overdue)

    r = sub.add_parser("representative", help="议政代表的任期变动")
    actions = r.add_subparsers(title="操作", metavar="操作", required=True)
    p = actions.add_parser("leave", help="离任：结束任期，保留全部履职记录")
    _common(p, dated=False)
    p.add_argument("id")
    p.add_argument("--date", type=date_arg, required=True, help="离任日期")
    p.add_argument("--reason", required=True, help="离任原因，如“任期届满”")
    p.set_defaults(run=_run(lambda ws, a: records.leave(ws, a.id, a.date, a.reason)))


# --- running ---------------------------------------------------------------------------------


def _text(text: str | None, file: Path | None) -> str:
    if file is None:
        return text or ""
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise Refused(f"无法读取 {file}：{err.__class__.__name__}；请确认文件存在且为 UTF-8") from None


def _run(make: Callable[[Workspace, argparse.Namespace], Change | list[Change]]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            ws = Workspace(args.content)
            made = make(ws, args)
            changes = made if isinstance(made, list) else [made]
            problems = ws.commit(changes, dry_run=args.dry_run)
        except InvalidContent as err:
            for problem in err.problems:
                print(problem, file=sys.stderr)
            print(f"content/ 中已有 {len(err.problems)} 个错误；请先修正（yizheng validate），再办理。", file=sys.stderr)
            return 1
        except Refused as err:
            print(f"未修改任何文件：{err}", file=sys.stderr)
            return 1
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print("未修改任何文件：修改后的记录不能通过校验（见上）。", file=sys.stderr)
            return 1
        if not args.dry_run:
            for change in changes:
                verb = "已新建" if change.old_text is None else "已更新"
                print(f"{verb} {display_path(change.path)}")
                if change.notice:
                    print(change.notice, file=sys.stderr)
        return 0

    return run


def _step(
    make: Callable[[Workspace, argparse.Namespace, dt.date], suggestions.Step],
    before: Callable[[Workspace, str], None] | None = None,
) -> Callable[[argparse.Namespace], int]:
    def make_change(ws: Workspace, args: argparse.Namespace) -> Change:
        if before is not None:
            before(ws, args.id)
        return suggestions.apply(ws, args.id, make(ws, args, args.date or today()))

    return _run(make_change)


def _run_overdue(args: argparse.Namespace) -> int:
    from .overdue import markdown, table

    try:
        registry = Workspace(args.content).registry
    except InvalidContent as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"content/ 中有 {len(err.problems)} 个错误；请先修正（yizheng validate）。", file=sys.stderr)
        return 1
    if args.markdown:
        sys.stdout.write(markdown(registry, args.date or today(), args.soon))
        return 0
    try:
        identities = read_identities(args.identity) if args.identity is not None else None
        sys.stdout.write(table(registry, args.date or today(), args.soon, identities))
    except SealError as err:
        print(err, file=sys.stderr)
        return 1
    return 0


def _new_suggestion(ws: Workspace, a: argparse.Namespace) -> Change:
    date = a.date or today()
    values: dict[str, Any] = {
        "title": a.title,
        "category": a.category,
        "street": a.street,
        "community": a.community,
        "grid": a.grid,
        "location": a.location,
        "channel": a.channel,
        "submitted": a.submitted or date,
        "problem": _text(a.problem, a.problem_file),
        "proposal": a.proposal,
        "representatives": a.representative,
        "station": a.station,
        "public": not a.private,
    }
    return suggestions.new(ws, values, a.note, date)


def _new_representative(ws: Workspace, a: argparse.Namespace) -> Change:
    rid = a.id or records.next_id(list(ws.registry.representatives), records.street_prefix(ws, a.street))
    selection = {s: getattr(a, s) for s in ("nominated", "reviewed", "decided", "announced", "appointed")}
    data = {
        "name": a.name,
        "category": a.category,
        "street": a.street,
        "community": a.community,
        "grid": a.grid,
        "station": a.station,
        "term": a.term,
        "status": "在任",
        "selection": {k: v for k, v in selection.items() if v},
        "linked_deputy": a.linked_deputy,
        "affiliation": a.affiliation,
        "duties": a.duty,
    }
    return records.new_record(ws, "representative", rid, data)


def _new_station(ws: Workspace, a: argparse.Namespace) -> Change:
    prefix = records.street_prefix(ws, a.street) + "-station"
    sid = a.id or records.next_id(list(ws.registry.stations), prefix)
    data = {
        "name": a.name,
        "kind": a.kind,
        "street": a.street,
        "community": a.community,
        "address": a.address,
        "opening_hours": a.hours,
        "phone": a.phone,
    }
    return records.new_record(ws, "station", sid, data)


def _new_meeting(ws: Workspace, a: argparse.Namespace) -> Change:
    kind = MeetingKind(a.kind)
    base = f"{records.street_prefix(ws, a.street)}-{a.date:%Y-%m}-{_MEETING_SLUG[kind]}"
    mid = a.id or base
    suffix = 2
    while a.id is None and mid in ws.registry.meetings:
        mid, suffix = f"{base}-{suffix}", suffix + 1
    data = {
        "kind": a.kind,
        "title": a.title,
        "date": a.date,
        "street": a.street,
        "station": a.station,
        "location": a.location,
        "attendees": a.attendee,
        "topic": a.topic,
        "summary": a.summary,
    }
    return records.new_record(ws, "meeting", mid, data)


def _new_case(ws: Workspace, a: argparse.Namespace) -> Change:
    cid = a.id or records.next_id(list(ws.registry.cases), "case")
    timeline = []
    for event in a.event:
        day, _, what = event.partition(":")
        try:
            timeline.append({"date": date_arg(day), "event": what})
        except argparse.ArgumentTypeError as err:
            raise Refused(f"--event “{event}”：{err}；应写成 日期:事件，如 2026-03-02:交办住建局") from None
    data = {
        "title": a.title,
        "street": a.street,
        "community": a.community,
        "category": a.category,
        "summary": a.summary,
        "origin": {k: v for k, v in {"suggestions": a.suggestion, "representatives": a.representative}.items() if v},
        "timeline": timeline,
        "outcome": a.outcome,
    }
    return records.new_record(ws, "case", cid, data)

