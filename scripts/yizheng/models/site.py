"""content/site.yml: the district and the vocabularies other records refer to."""

from __future__ import annotations

import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from .common import Id, Name, Strict, Text, field, rule_error
from .station import Coordinates


_MARKUP = re.compile(r"[<>\"'&\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SHOWN = {"\"": "英文双引号 \"", "'": "英文单引号 '", "&": "&", "<": "<", ">": ">"}


def _plain(text: str) -> str:
    """A name printed by the site theme's templates as it is (MkDocs does not escape config values)."""
    found = dict.fromkeys(_SHOWN.get(ch, f"控制字符 U+{ord(ch):04X}") for ch in _MARKUP.findall(text))
    if found:
        raise ValueError(
            f"不能含有 {'、'.join(found)}：这个名称会写进每个网页的页眉和标题，网站主题原样输出它，"
            "这些字符会弄乱网页，甚至被当作代码执行；请删去，或改用中文标点（如“”《》）"
        )
    return text


PlainName = Annotated[Name, AfterValidator(_plain)]
"""A name that reaches the MkDocs configuration (site_name) and the theme's templates."""


class Grid(Strict):
    id: Id = field("网格编号", "网格的唯一编号，在全区范围内不重复")
    name: Name = field("网格名称", "如“第一网格”")


class Community(Strict):
    id: Id = field("社区编号", "社区的唯一编号，在全区范围内不重复")
    name: Name = field("社区名称", "如“龙兴社区”")
    grids: list[Grid] = field("网格", "社区下划分的网格（“田字格”基层治理体系）", default_factory=list)
    centre: Coordinates | None = field(
        "社区中心位置", "社区居委会或社区中心的位置；填写后，联络站点一览页列出各站点离社区中心有多远", default=None
    )


class Street(Strict):
    id: Id = field("街道编号", "街道的唯一编号，如 hualong")
    name: Name = field("街道名称", "如“华龙街道”")
    communities: list[Community] = field("社区", "街道下辖的社区", min_length=1)


class Category(Strict):
    id: Id = field("类别编号", "意见建议类别的编号，如 urban-management")
    name: Name = field("类别名称", "如“城市管理”")


class UnitKind(str, Enum):
    DEPARTMENT = "区直部门"
    STREET = "街道"
    COMMUNITY = "社区"
    ENTERPRISE = "企事业单位"
    OTHER = "其他"


class HandlingUnit(Strict):
    id: Id = field("单位编号", "承办单位的编号，如 district-housing")
    name: Name = field("单位名称", "承办单位的全称，如“红古区住房和城乡建设局”")
    kind: UnitKind = field("单位类型", "区直部门、街道、社区、企事业单位或其他")
    github_team: str | None = field(
        "GitHub 团队",
        "该单位工作人员在 GitHub 上的团队，写“组织/团队”，如 honggu-npc/housing；每周的逾期提醒会 @ 这个团队。可以不填",
        default=None,
        pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$",
    )


class District(Strict):
    name: PlainName = field("区名", "如“红古区”")
    full_name: Name = field("全称", "如“甘肃省兰州市红古区”")
    congress: PlainName = field("人大常委会", "负责本制度的人大机关，如“红古区人大常委会”")
    introduction: Text = field("简介", "网站首页上对街道议政代表会议制度的简要说明")


class Rhythm(Strict):
    study_months: Annotated[int, Field(ge=1, le=12)] = field("学习周期（月）", "每隔几个月至少开展一次学习", default=1)
    research_months: Annotated[int, Field(ge=1, le=12)] = field("调研周期（月）", "每隔几个月至少开展一次调研", default=3)
    conference_months: Annotated[int, Field(ge=1, le=24)] = field("大会周期（月）", "每隔几个月至少召开一次议政代表大会", default=6)


Count = Annotated[int, Field(ge=0, le=100_000)]


class FourOnes(Strict):
    """What each representative is expected to do in a year (the case study's 四个一 activity)."""

    publicity: Annotated[int, Field(ge=0, le=100)] = field("宣讲（场）", "每名议政代表每年至少参加几场政策宣讲", default=1)
    forums: Annotated[int, Field(ge=0, le=100)] = field("座谈（次）", "每名议政代表每年至少参加几次群众座谈会", default=1)
    suggestions: Annotated[int, Field(ge=0, le=100)] = field("建议（件）", "每名议政代表每年至少收集或领办几件意见建议", default=1)
    matters: Annotated[int, Field(ge=0, le=100)] = field("实事（件）", "每名议政代表每年至少推动办成几件群众实事（典型案例）", default=1)


class Targets(Strict):
    """Totals the district has set itself (or reported), shown next to the figures the records yield."""

    representatives: Count | None = field("议政代表（名）", "全区议政代表的目标人数，如 141", default=None)
    homes: Count | None = field("议政代表之家（个）", "全区议政代表之家的目标个数，如 3", default=None)
    stations: Count | None = field("联络站（个）", "全区议政代表联络站的目标个数，如 18", default=None)
    publicity: Count | None = field("宣讲（场）", "全区开展政策宣讲的目标场数，如 50", default=None)
    forums: Count | None = field("座谈（次）", "全区召开群众座谈会的目标次数，如 70", default=None)
    suggestions: Count | None = field("建议（件）", "全区议政代表收集意见建议的目标件数，如 100", default=None)
    matters: Count | None = field("实事（件）", "全区办成群众实事的目标件数，如 50", default=None)


class Site(Strict):
    example: bool = field("示例数据", "为 true 时，网站标明全部内容为虚构示例", default=False)
    district: District = field("区", "本区的名称与简介")
    repository: str = field(
        "代码仓库地址",
        "公开数据仓库的网址，用于“查看源文件”“报告错误”等链接，如 https://github.com/owner/repo",
        pattern=r"^https://[A-Za-z0-9.\-]+(?::\d+)?/[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+$",
    )
    site_url: str | None = field(
        "网站地址",
        "公开网站的地址，以 / 结尾，如 https://yizheng.example.gov.cn/；不填时按 GitHub Pages 的规则由代码仓库地址推出",
        default=None,
        # Only characters that need no escaping anywhere the address is written (bot comments,
        # issue forms, feeds): a ) or " here could end a Markdown link or an attribute early.
        pattern=r"^https://[A-Za-z0-9.\-]+(?::\d+)?/(?:[A-Za-z0-9._~%/\-]*/)?$",
    )
    streets: list[Street] = field("街道", "本区的街道及其社区、网格", min_length=1)
    categories: list[Category] = field("意见建议类别", "意见建议的分类，如城市管理、环境保护", min_length=1)
    handling_units: list[HandlingUnit] = field("承办单位", "可以交办意见建议的部门和单位", min_length=1)
    deadline_working_days: Annotated[int, Field(ge=1, le=90)] = field(
        "办理期限（工作日）", "交办后默认的办理期限，按法定工作日计算", default=15
    )
    rhythm: Rhythm = field("工作机制", "一月一学习、一季度一调研、半年一大会", default_factory=Rhythm)
    four_ones: FourOnes = field(
        "四个一", "每名议政代表每年应完成的宣讲、座谈、建议、实事各几项；不填时各为 1", default_factory=FourOnes
    )
    targets: Targets = field("全区目标", "全区议政代表人数、站点个数和四个一活动总数的目标，网站把实际数字列在旁边", default_factory=Targets)

    @property
    def address(self) -> str:
        """The public site's address, ending in "/"."""
        return self.site_url or github_pages_url(self.repository)

    @model_validator(mode="after")
    def _address_known(self) -> Site:
        if self.site_url is None and not self.repository.startswith("https://github.com/"):
            raise rule_error(("site_url",), "代码仓库不在 github.com 上时，须填写网站地址 site_url")
        return self

    @model_validator(mode="after")
    def _ids_unique(self) -> Site:
        lists: list[tuple[str, list[tuple[tuple[str | int, ...], str]]]] = [
            ("街道", [(("streets", i, "id"), s.id) for i, s in enumerate(self.streets)]),
            (
                "社区",
                [
                    (("streets", i, "communities", j, "id"), c.id)
                    for i, s in enumerate(self.streets)
                    for j, c in enumerate(s.communities)
                ],
            ),
            (
                "网格",
                [
                    (("streets", i, "communities", j, "grids", k, "id"), g.id)
                    for i, s in enumerate(self.streets)
                    for j, c in enumerate(s.communities)
                    for k, g in enumerate(c.grids)
                ],
            ),
            ("类别", [(("categories", i, "id"), c.id) for i, c in enumerate(self.categories)]),
            ("承办单位", [(("handling_units", i, "id"), u.id) for i, u in enumerate(self.handling_units)]),
        ]
        for what, entries in lists:
            seen: set[str] = set()
            for loc, value in entries:
                if value in seen:
                    raise rule_error(loc, f"{what}编号“{value}”重复；每个编号只能用一次")
                seen.add(value)
        return self


def github_pages_url(repository: str) -> str:
    """GitHub Pages address of a repository: https://github.com/OWNER/REPO → https://owner.github.io/REPO/.

    A repository named OWNER.github.io is the owner's own site, https://owner.github.io/.
    """
    owner, name = repository.rstrip("/").removesuffix(".git").split("/")[-2:]
    owner = owner.lower()
    if name.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{name}/"
