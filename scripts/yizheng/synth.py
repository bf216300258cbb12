"""Synthetic content at scale: a complete, valid content folder for tests and benchmarks.

The shape follows the seed: for every "district unit" 4 streets, 141
representatives, 3 homes and 18 liaison stations; meetings on the rhythm
一月一学习、一季度一调研、半年一大会 over ten years; and N suggestions
spread over every status, category, street and handling unit. Every record
is built through its model (so it is valid by construction) and written in
canonical form. The same seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .canonical import dump_record
from .files import write_text_atomic
from .kinds import KIND_BY_NAME
from .models import Case, Meeting, Representative, Rule, Station, Suggestion
from .models.lifecycle import Status
from .models.site import Site
from .models.staff_keys import StaffKeys
from .synth_sealed import KEYS, SEALED

END = dt.date(2026, 10, 31)
YEARS = 10
REPS_PER_UNIT = 141
SUGGESTIONS_PER_UNIT = 5000

_STREET_WORDS = ["华龙", "矿区", "窑街", "下窑", "海石", "平安", "花庄", "红古", "河湾", "金城", "虎头", "西岔"]
_COMMUNITY_WORDS = ["振兴", "复兴", "龙兴", "团结", "和平", "幸福", "育才", "新华", "建设", "朝阳", "光明", "民主"]
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
_GIVEN = "示例文明建华秀英桂兰国强海燕志刚丽娟春梅晓东玉珍红霞永红德胜爱民淑芬新民振华学军"
_CATEGORIES = [
    ("urban-management", "城市管理"),
    ("environment", "环境保护"),
    ("social-affairs", "社会事务"),
    ("food-safety", "食品安全"),
    ("transport", "交通出行"),
    ("housing", "住房与物业"),
    ("culture-sports", "文体设施"),
    ("water-heating", "供水供暖"),
    ("other", "其他"),
]
_UNITS = [
    ("housing-bureau", "区住房和城乡建设局", "区直部门"),
    ("transport-bureau", "区交通运输局", "区直部门"),
    ("urban-bureau", "区城市管理局", "区直部门"),
    ("ecology-branch", "区生态环境分局", "区直部门"),
    ("market-bureau", "区市场监督管理局", "区直部门"),
    ("culture-bureau", "区文体旅游局", "区直部门"),
    ("civil-affairs-bureau", "区民政局", "区直部门"),
    ("natural-resources-bureau", "区自然资源局", "区直部门"),
    ("water-company", "区供水公司", "企事业单位"),
    ("heating-company", "区供热公司", "企事业单位"),
    ("public-security-branch", "区公安分局交警大队", "区直部门"),
    ("education-bureau", "区教育局", "区直部门"),
]
_PLACES = ["农贸市场路口", "老旧楼院", "小区北门", "公交站台", "背街小巷", "社区广场", "学校门口", "河堤步道", "家属院", "公园入口"]
_PROBLEMS = {
    "urban-management": ["占道经营严重，早晚高峰行人只能走机动车道", "路灯损坏多日无人修理，夜间出行不便", "垃圾清运不及时，夏季气味很大"],
    "environment": ["附近餐馆油烟直排，居民不敢开窗", "河道漂浮垃圾较多，影响周边环境", "工地扬尘大，没有按要求覆盖和洒水"],
    "social-affairs": ["社区老年人较多，缺少日间照料场所", "残疾人出行无障碍设施不完善", "社区活动室开放时间太短"],
    "food-safety": ["流动摊点售卖的熟食没有防尘措施", "学校周边小店售卖过期零食", "菜市场部分摊位没有公示检测结果"],
    "transport": ["路口车流量大，大型货车多，老人过马路不安全", "公交车间隔太长，早上等车超过半小时", "小区周边停车位不足，车辆乱停乱放"],
    "housing": ["多层老旧楼院没有电梯，高层老人上下楼困难", "物业收费不公开，停车费标准有争议", "楼顶防水层老化，雨季漏水"],
    "culture-sports": ["附近没有开放的体育场地，健身只能在路边", "文体中心长期不对外开放", "社区健身器材损坏后没有更换"],
    "water-heating": ["供水管网老化，经常停水且水压低", "冬季供暖温度不达标，室温只有十五度左右", "二次供水设施没有定期清洗"],
    "other": ["政策宣传不到位，很多居民不知道如何办理", "办事窗口午休时间不接待，上班族办事难", "社区公告栏信息更新不及时"],
}
_PROPOSALS = ["建议相关部门尽快实地查看并制定整改方案", "建议纳入今年的民生实事项目统筹解决", "建议建立长效管理机制，定期检查并公开结果", "建议召开居民座谈会听取意见后再实施"]
_REPLIES = ["经实地查看，问题属实，已制定整改方案并组织施工，预计本月底完成", "已协调相关单位落实，现已整改完毕，欢迎居民继续监督", "该事项已列入明年计划，资金落实后立即实施，期间采取临时措施缓解"]


class _Writer:
    def __init__(self, out: Path, total: int = 0, progress: Callable[[int, int], None] | None = None) -> None:
        self.out = out
        self.count = 0
        self.total = total
        self.progress = progress
        self._step = max(1, -(-total // 10))  # about every tenth

    def record(self, record: Any, kind: str, relpath: str | None = None) -> None:
        """Write a record into its file (kinds.Kind.relpath, or `relpath` for site.yml and staff-keys.yml)."""
        relpath = relpath or KIND_BY_NAME[kind].relpath(record.id)
        text = dump_record(record, relpath, kind)
        if kind == "rule":
            text = f"---\n{text}---\n{record.body}\n"
        write_text_atomic(self.out / relpath, text, durable=False)
        self.count += 1
        if self.progress is not None and (self.count % self._step == 0 or self.count == self.total):
            self.progress(self.count, self.total)


def synth(
    out: Path, suggestions: int, seed: int = 1, progress: Callable[[int, int], None] | None = None, years: int = YEARS
) -> int:
    """Write a complete content folder into `out`; the number of files written.

    `progress(done, total)` is told of the files written, about ten times in all. The suggestions and
    meetings span the last `years` years (fewer make a smaller site for tests; the same seed and years
    give the same bytes)."""
    rng = random.Random(seed)
    units = 1 + suggestions // SUGGESTIONS_PER_UNIT
    site = _site(units, rng)
    keys = StaffKeys.model_validate({"example": True, "keys": [{"name": n, "recipient": r} for n, r in KEYS]})
    streets = [street for street in site.streets]
    stations = list(_stations(streets, rng))
    reps = list(_representatives(streets, stations, units, rng))
    made = list(_suggestions(site, stations, reps, suggestions, rng, years))
    cases = list(_cases(site, made, rng))
    meetings = list(_meetings(streets, stations, reps, rng, years)) + list(_four_ones_meetings(streets, stations, reps, years))
    rules = list(_rules())
    total = 2 + len(stations) + len(reps) + len(made) + len(cases) + len(meetings) + len(rules)
    writer = _Writer(out, total, progress)
    writer.record(site, "site", "site.yml")
    writer.record(keys, "staff-keys", "staff-keys.yml")
    for station in stations:
        writer.record(station, "station")
    for rep in reps:
        writer.record(rep, "representative")
    for item in made:
        writer.record(item, "suggestion")
    for case in cases:
        writer.record(case, "case")
    for meeting in meetings:
        writer.record(meeting, "meeting")
    for rule in rules:
        writer.record(rule, "rule")
    return writer.count


def _rules() -> Iterator[Rule]:
    titles = [
        ("implementing-opinion", "关于建立推行街道议政代表会制度的实施意见（试行）", "实施意见", "试行"),
        ("implementing-plan", "关于建立议政代表会制度的实施方案", "实施方案", "施行"),
        ("procedure", "街道议政代表会议事规则", "议事规则", "施行"),
        ("duties", "街道议政代表工作职责", "工作制度", "施行"),
        ("study", "议政代表学习制度", "工作制度", "施行"),
        ("research", "议政代表调研视察制度", "工作制度", "施行"),
        ("suggestions", "议政代表意见建议办理制度", "工作制度", "施行"),
    ]
    for rid, title, kind, status in titles:
        articles = "\n\n".join(f"**第{n}条** 合成条文{n}：{title}的示例内容。" for n in range(1, 9))
        yield Rule.model_validate(
            {
                "id": rid,
                "example": True,
                "title": title,
                "kind": kind,
                "issuer": "合成区人大常委会",
                "status": status,
                "adopted": "2016-12-20",
                "effective": "2017-01-01",
                "body": f"# {title}\n\n> 合成数据，仅用于测试。\n\n{articles}",
            }
        )


def _site(units: int, rng: random.Random) -> Site:
    streets = []
    for s in range(4 * units):
        word = _STREET_WORDS[s % len(_STREET_WORDS)] + ("" if s < len(_STREET_WORDS) else str(s // len(_STREET_WORDS) + 1))
        communities = []
        for c in range(4):
            cid = f"s{s + 1}-c{c + 1}"
            communities.append(
                {
                    "id": cid,
                    "name": f"{_COMMUNITY_WORDS[(s + c) % len(_COMMUNITY_WORDS)]}社区",
                    "grids": [{"id": f"{cid}-g{g + 1}", "name": f"第{g + 1}网格"} for g in range(3)],
                    "centre": _centre(s, c),
                }
            )
        streets.append({"id": f"s{s + 1}", "name": f"{word}街道", "communities": communities})
    units_list = [{"id": uid, "name": name, "kind": kind} for uid, name, kind in _UNITS]
    units_list += [{"id": f"{s['id']}-office", "name": f"{s['name']}办事处", "kind": "街道"} for s in streets]
    return Site.model_validate(
        {
            "example": True,
            "district": {
                "name": "合成区",
                "full_name": "合成数据示例区",
                "congress": "合成区人大常委会",
                "introduction": "这是由 yizheng synth 生成的合成数据，用于测试和性能基准。",
            },
            "repository": "https://github.com/example/yizheng-synth",
            "streets": streets,
            "categories": [{"id": cid, "name": name} for cid, name in _CATEGORIES],
            "handling_units": units_list,
            "targets": {
                "representatives": REPS_PER_UNIT * units,
                "homes": 3 * units,
                "stations": 18 * units,
                "publicity": 50 * units,
                "forums": 70 * units,
                "suggestions": 100 * units,
                "matters": 50 * units,
            },
        }
    )


def _centre(street: int, community: int) -> dict[str, float]:
    """A community's centre on a grid of 0.02° (about 2 km) around Honggu, no two alike."""
    return {"latitude": round(36.0 + 0.02 * street, 4), "longitude": round(102.6 + 0.02 * community, 4)}


def _stations(streets: list, rng: random.Random) -> Iterator[Station]:
    for index, street in enumerate(streets):
        kinds = (["议政代表之家"] if index % 4 < 3 else []) + ["联络站"] * (5 if index % 4 < 2 else 4) + ["联络点"] * 2
        for n, kind in enumerate(kinds):
            community = street.communities[n % len(street.communities)]
            centre = _centre(index, n % len(street.communities))
            yield Station.model_validate(
                {
                    "id": f"{street.id}-st{n + 1}",
                    "example": True,
                    "name": f"{community.name}议政代表{kind}",
                    "kind": kind,
                    "street": street.id,
                    "community": community.id,
                    "address": f"{street.name}{community.name}服务中心{n + 1}楼",
                    "opening_hours": "工作日 09:00-12:00，14:30-17:30",
                    "phone": f"0931-6{rng.randrange(100000, 999999)}",
                    # A few hundred metres from the community's centre (no random draw: the rest stays as it was).
                    "coordinates": {
                        "latitude": round(centre["latitude"] + 0.002 * (n + 1), 4),
                        "longitude": round(centre["longitude"] + 0.001 * (n + 1), 4),
                    },
                }
            )


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def _representatives(streets: list, stations: list[Station], units: int, rng: random.Random) -> Iterator[Representative]:
    categories = ["人大代表"] * 10 + ["政协委员"] * 8 + ["企事业单位人员"] * 30 + ["居民代表"] * 47 + ["其他"] * 5
    by_street: dict[str, list[Station]] = {}
    for station in stations:
        by_street.setdefault(station.street, []).append(station)
    deputies: dict[str, str] = {}
    for n in range(REPS_PER_UNIT * units):
        street = streets[n % len(streets)]
        community = street.communities[(n // len(streets)) % len(street.communities)]
        category = "人大代表" if street.id not in deputies else rng.choice(categories)
        rid = f"{street.id}-r{n // len(streets) + 1:03d}"
        if category == "人大代表":
            deputies.setdefault(street.id, rid)
        start = dt.date(2017, 1, 5) + dt.timedelta(days=rng.randrange(0, 60))
        left = n % 37 == 36
        yield Representative.model_validate(
            {
                "id": rid,
                "example": True,
                "name": _person(rng),
                "category": category,
                "street": street.id,
                "community": community.id,
                "grid": rng.choice(community.grids).id,
                "station": rng.choice(by_street[street.id]).id,
                "terms": _terms(street.name, start, n, left),
                "linked_deputy": deputies[street.id] if category != "人大代表" else None,
                "duties": rng.sample(["宣传员", "信息员", "协调员", "服务员", "监督员"], 2),
            }
        )


def _terms(street: str, start: dt.date, n: int, left: bool) -> list[dict]:
    """Every representative's first term from 2017; one in four was re-appointed in 2022 (第二届), and one in 37
    left in 2022. Each selection has its 公示 notice; one in 23 drew an objection, handled."""
    starts = [start, dt.date(2022, 1, 4) + dt.timedelta(days=n % 20)] if n % 4 == 0 else [start]
    terms = []
    for number, begun in enumerate(starts, start=1):
        announced = begun + dt.timedelta(days=21)
        notice: dict = {"start": announced, "end": announced + dt.timedelta(days=6), "place": f"{street}各社区公开栏"}
        if n % 23 == 0:
            notice |= {"objections": 1, "handling": "街道人大工委核实后认为反映的问题不影响推荐，已向反映人说明"}
        terms.append({
            "term": number,
            "selection": {
                "nominated": begun,
                "reviewed": begun + dt.timedelta(days=10),
                "decided": begun + dt.timedelta(days=20),
                "announced": announced,
                "appointed": begun + dt.timedelta(days=30),
                "notice": notice,
            },
            "start": begun + dt.timedelta(days=30),
        })
    if len(terms) == 2:
        terms[0] |= {"end": terms[1]["start"] - dt.timedelta(days=1), "end_reason": "任期届满"}
    if left:
        terms[-1] |= {"end": dt.date(2022, 6, 30), "end_reason": "工作调动"}
    return terms


def _suggestions(
    site: Site, stations: list[Station], reps: list[Representative], count: int, rng: random.Random, years: int = YEARS
) -> Iterator[Suggestion]:
    start = END.replace(year=END.year - years) + dt.timedelta(days=1)
    span = (END - start).days
    serving: dict[str, list[str]] = {}
    for rep in reps:
        if rep.status.value == "在任":
            serving.setdefault(rep.street, []).append(rep.id)
    stations_in: dict[str, list[str]] = {}
    for station in stations:
        stations_in.setdefault(station.street, []).append(station.id)
    numbers: dict[int, int] = {}
    previous: Suggestion | None = None
    for n in range(count):
        submitted = start + dt.timedelta(days=span * n // max(count, 1))
        category = _CATEGORIES[n % len(_CATEGORIES)][0]
        street = site.streets[rng.randrange(len(site.streets))]
        community = rng.choice(street.communities)
        unit = site.handling_units[n % len(site.handling_units)].id
        units = [unit]  # the lead unit (主办); every fifth suggestion also has an assisting one (协办)
        if n % 5 == 0 and len(site.handling_units) > 1:
            units.append(site.handling_units[(n + 1 + n // 5) % len(site.handling_units)].id)
            units = list(dict.fromkeys(units))
        online = n % 3 == 0
        numbers[submitted.year] = numbers.get(submitted.year, 0) + 1
        number = n + 1 if online else numbers[submitted.year]
        age = (END - submitted).days
        history, replies = _history(submitted, units, age, n, rng)
        merged_into = None
        if n % 53 == 52 and previous is not None and previous.year == submitted.year:
            history = [history[0], {"date": submitted + dt.timedelta(days=1), "status": Status.MERGED.value, "note": "与相同问题的意见建议合并办理"}]
            replies = []
            merged_into = previous.id
        status = history[-1]["status"]
        public = n % 17 != 0
        data = {
            "id": f"{submitted.year}-{'W' if online else 'X'}{number:04d}",
            "example": True,
            "title": f"关于{rng.choice(_PLACES)}{_PROBLEMS[category][n % 3][:8]}的建议",
            "category": category,
            "street": street.id,
            "community": community.id,
            "channel": "网上表单" if online else rng.choice(["联络站", "连心卡", "座谈会", "接访", "走访"]),
            "submitted": submitted,
            "problem": f"{community.name}{rng.choice(_PLACES)}{_PROBLEMS[category][n % 3]}。" * rng.choice((1, 2, 3)),
            "proposal": rng.choice(_PROPOSALS),
            "representatives": [rng.choice(serving[street.id])],
            "station": rng.choice(stations_in[street.id]),
            "issue": n + 1 if online else None,
            "public": public,
            "status": status,
            "key_supervision": n % 29 == 0,
            "merged_into": merged_into,
            "replies": replies,
            "history": history,
        }
        if not public and not online:
            _seal(data)
        suggestion = Suggestion.model_validate(data)
        if merged_into is None:
            previous = suggestion
        yield suggestion


def _seal(data: dict) -> None:
    """A private offline suggestion's text, sealed as it must be once staff-keys.yml exists.

    With fixed sealed values (synth_sealed.py): age is randomised, and the same seed must give the same bytes.
    """
    for name in ("title", "problem", "proposal"):
        data[name] = SEALED[name]
    data["replies"] = [{**reply, "text": SEALED["reply"]} for reply in data["replies"]]
    data["history"] = [{**entry, "note": SEALED["note"]} if entry.get("note") else entry for entry in data["history"]]


def _history(submitted: dt.date, units: list[str], age: int, n: int, rng: random.Random) -> tuple[list[dict], list[dict]]:
    """A plausible history: old suggestions are mostly closed, recent ones still open; the lead unit replies."""
    unit = units[0]
    day = submitted
    history: list[dict] = [{"date": day, "status": Status.RECEIVED.value}]
    replies: list[dict] = []
    if n % 41 == 0:
        history.append({"date": day + dt.timedelta(days=2), "status": Status.REJECTED.value, "note": "不属于本制度受理范围，已引导提出人通过相应渠道反映"})
        return history, replies
    stages = 5 if age > 120 else min(4, age // 20)
    if stages >= 1:
        day += dt.timedelta(days=rng.randrange(1, 4))
        history.append({"date": day, "status": Status.ASSIGNED.value, "units": units, "deadline": day + dt.timedelta(days=21)})
    if stages >= 2:
        day += dt.timedelta(days=rng.randrange(2, 10))
        history.append({"date": day, "status": Status.IN_PROGRESS.value, "note": "承办单位已现场查看"})
    if stages >= 3:
        day += dt.timedelta(days=rng.randrange(5, 25))
        replies.append({"date": day, "unit": unit, "text": rng.choice(_REPLIES)})
        history.append({"date": day, "status": Status.REPLIED.value})
        if n % 13 == 0 and stages >= 5:
            day += dt.timedelta(days=3)
            history.append({"date": day, "status": Status.IN_PROGRESS.value, "satisfaction": "不满意", "deadline": day + dt.timedelta(days=21)})
            day += dt.timedelta(days=rng.randrange(5, 20))
            replies.append({"date": day, "unit": unit, "text": rng.choice(_REPLIES)})
            history.append({"date": day, "status": Status.REPLIED.value})
    if stages >= 4:
        day += dt.timedelta(days=rng.randrange(1, 7))
        history.append({"date": day, "status": Status.REPLIED.value, "satisfaction": rng.choice(["满意", "满意", "基本满意"])})
    if stages >= 5:
        history.append({"date": day + dt.timedelta(days=1), "status": Status.CLOSED.value})
    return history, replies


def _cases(site: Site, made: list[Suggestion], rng: random.Random) -> Iterator[Case]:
    closed = [s for s in made if s.status is Status.CLOSED and s.public]
    for n, origin in enumerate(closed[:: max(1, len(closed) // max(1, len(made) // 200))][: max(1, len(made) // 200)]):
        yield Case.model_validate(
            {
                "id": f"case-{n + 1:04d}",
                "example": True,
                "title": origin.title.replace("的建议", "问题得到解决"),
                "street": origin.street,
                "community": origin.community,
                "category": origin.category,
                "summary": f"{origin.problem[:60]}经议政代表反映后得到解决。",
                "origin": {"suggestions": [origin.id], "representatives": origin.representatives},
                "timeline": [{"date": e.date, "event": f"意见建议{e.status.value}"} for e in origin.history],
                "departments": origin.handling_units,
                "outcome": origin.replies[-1].text if origin.replies else "问题已解决",
                "figures": [{"label": "受益居民", "value": rng.randrange(50, 2000), "unit": "人"}],
            }
        )


def _four_ones_meetings(streets: list, stations: list[Station], reps: list[Representative], years: int = YEARS) -> Iterator[Meeting]:
    """Policy talks (宣讲, each May) and forums (座谈会, each March and September) for 四个一,
    drawn from their own random numbers so that adding them changed nothing else."""
    kinds = [("宣讲", (5,), "outreach"), ("座谈会", (3, 9), "forum")]
    first = END.replace(year=END.year - years)
    for street in streets:
        rng = random.Random(f"four-ones-{street.id}")
        members = [r.id for r in reps if r.street == street.id and r.status.value == "在任"]
        home = next(s.id for s in stations if s.street == street.id)
        for year in range(first.year + 1, END.year + 1):
            for title, months, slug in kinds:
                for month in months:
                    date = dt.date(year, month, 20)
                    if date > END:
                        break
                    yield Meeting.model_validate(
                        {
                            "id": f"{street.id}-{year}-{month:02d}-{slug}",
                            "example": True,
                            "kind": title,
                            "title": f"{street.name}{year}年{month}月议政代表{title}",
                            "date": date,
                            "street": street.id,
                            "station": home,
                            "attendees": rng.sample(members, min(len(members), 40)),
                            "topic": f"{year}年{month}月{title}主题",
                            "summary": f"议政代表面向群众开展{title}，听取了群众的意见建议。",
                        }
                    )


def _meetings(streets: list, stations: list[Station], reps: list[Representative], rng: random.Random, years: int = YEARS) -> Iterator[Meeting]:
    kinds = [("学习", 1, "study"), ("调研", 3, "research"), ("代表大会", 6, "conference")]
    first = END.replace(year=END.year - years)
    for street in streets:
        members = [r.id for r in reps if r.street == street.id and r.status.value == "在任"]
        home = next(s.id for s in stations if s.street == street.id)
        for year in range(first.year + 1, END.year + 1):
            for month in range(1, 13):
                date = dt.date(year, month, 10)
                if date > END:
                    break
                for title, every, slug in kinds:
                    if (month - 1) % every:
                        continue
                    attendees = rng.sample(members, min(len(members), 12))
                    reviews: dict = {}
                    if slug == "conference" and month == 1:  # the year's 述职评议 and 评议承办单位
                        reviews = {
                            "duty_reports": [
                                {"representative": rep, "report": f"{year - 1}年参加学习、调研，收集意见建议。",
                                 "result": ("满意", "满意", "基本满意")[n % 3]}
                                for n, rep in enumerate(attendees[:3])
                            ],
                            "unit_evaluations": [
                                {"unit": _UNITS[(year + n) % len(_UNITS)][0], "report": f"报告{year - 1}年意见建议办理情况。",
                                 "result": ("满意", "基本满意", "满意")[n]}
                                for n in range(3)
                            ],
                        }
                    yield Meeting.model_validate(
                        {
                            **reviews,
                            "id": f"{street.id}-{year}-{month:02d}-{slug}",
                            "example": True,
                            "kind": title,
                            "title": f"{street.name}{year}年{month}月议政代表{title}",
                            "date": date + dt.timedelta(days=len(slug)),
                            "street": street.id,
                            "station": home,
                            "attendees": attendees,
                            "topic": f"{year}年{month}月{title}主题",
                            "summary": f"议政代表围绕本月重点工作开展{title}，交流了群众反映的问题。",
                        }
                    )
