"""Spellings of personal numbers a reader recognises, and everyday numbers that are nobody's.

Shared by the tests of the models' check (validate), of intake's redaction
and of the privacy scan of the built site: every entry of SPELLINGS must be
refused, redacted and found; no entry of EVERYDAY may be.
Each spelling is one number alone; tests put text around it.
"""

from __future__ import annotations

from yizheng.personal_data import Kind

M, L, I, C, E = Kind.MOBILE, Kind.LANDLINE, Kind.ID_NUMBER, Kind.BANK_CARD, Kind.EMAIL
ZW = "\u200b"  # zero-width space

SPELLINGS: list[tuple[str, Kind]] = [
    # mobile numbers: grouping and prefixes
    ("13812345678", M),
    ("138 1234 5678", M),
    ("138-1234-5678", M),
    ("138—1234—5678", M),
    ("138 - 1234 - 5678", M),
    ("1 381 2345 678", M),
    ("+86 13812345678", M),
    ("+8613812345678", M),
    ("0086-13812345678", M),
    ("86-138-1234-5678", M),
    ("(138)1234-5678", M),
    # separators a reader skips
    ("138\t1234\t5678", M),
    ("138.1234.5678", M),
    ("138．1234．5678", M),
    ("138·1234·5678", M),
    ("138/1234/5678", M),
    ("138,1234,5678", M),
    ("138_1234_5678", M),
    ("138\u30001234\u30005678", M),
    ("138\n1234\n5678", M),
    ("1 3 8 1 2 3 4 5 6 7 8", M),
    # invisible characters between digits
    (ZW.join("13812345678"), M),
    ("138\u00ad1234\u00ad5678", M),  # soft hyphen
    ("138\u200c1234\u200d5678", M),  # zero-width non-joiner and joiner
    ("\u202e13812345678\u202c", M),  # bidi override
    ("138\ufeff12345678", M),  # byte order mark
    ("138\u20601234\u20605678", M),  # word joiner
    ("1\ufe0f3\ufe0f812345678", M),  # variation selectors
    ("".join(d + "\ufe0f\u20e3" for d in "13812345678"), M),  # keycaps 1️⃣3️⃣8️⃣
    # digits of other forms and scripts
    ("１３８１２３４５６７８", M),
    ("１３８ １２３４ ５６７８", M),
    ("＋８６　１３８１２３４５６７８", M),
    ("13８1２345678", M),
    ("١٣٨١٢٣٤٥٦٧٨", M),  # Arabic-Indic
    ("۱۳۸۱۲۳۴۵۶۷۸", M),  # extended Arabic-Indic
    ("१३८१२३४५६७८", M),  # Devanagari
    ("𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", M),  # mathematical bold
    ("𝟷𝟹𝟾𝟷𝟸𝟹𝟺𝟻𝟼𝟽𝟾", M),  # mathematical monospace
    ("①③⑧①②③④⑤⑥⑦⑧", M),  # circled
    # Chinese numerals
    ("一三八一二三四五六七八", M),
    ("幺三八幺二三四五六七八", M),
    ("一三八 一二三四 五六七八", M),
    ("壹叁捌壹贰叁肆伍陆柒捌", M),
    ("138一二三四5678", M),
    # landlines
    ("(0931)1234567", L),
    ("（0931）1234567", L),
    ("(0931) 8612345", L),
    ("0931-86123456", L),
    ("0931 8612345", L),
    ("09318612345", L),
    ("010-12345678", L),
    ("0931.8612345", L),
    ("0931" + ZW + "8612345", L),
    ("（０９３１）８６１２３４５", L),
    ("〇九三一 八六一二三四五", L),
    ("零九三一八六一二三四五", L),
    # resident ID numbers: 18 digits, X, grouped, old 15 digits
    ("620102199003071234", I),
    ("62010219900307123X", I),
    ("62010219900307123x", I),
    ("620102 19900307 123X", I),
    ("620102-1990-0307-1234", I),
    ("6201 0219 9003 0712 34", I),
    ("12345678901234567X", I),
    ("62010219900307" + ZW + "1234", I),
    ("６２０１０２１９９００３０７１２３Ｘ", I),
    ("六二〇一〇二一九九〇〇三〇七一二三四", I),
    ("620102900307123", I),
    ("620102 900307 123", I),
    ("٦٢٠١٠٢١٩٩٠٠٣٠٧١٢٣٤", I),
    # bank cards, 16 to 19 digits
    ("6222021234567890", C),
    ("6222 0212 3456 7890", C),
    ("6222-0212-3456-7890", C),
    ("6222 0212 3456 7890 123", C),
    ("6222021234567890123", C),
    ("622202 1234567890123", C),
    ("６２２２　０２１２　３４５６　７８９０", C),
    ("6222.0212.3456.7890", C),
    (ZW.join(["6222", "0212", "3456", "7890"]), C),
    ("陆贰贰贰零贰壹贰叁肆伍陆柒捌玖零", C),
    # e-mail addresses
    ("zhang.san@example.com", E),
    ("zhang+yz@mail.example.cn", E),
    ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", E),
    ("zhang﹫example.com", E),
    ("zhang" + ZW + "@example.com", E),
    ("zhang@example。com", E),
    ("张三@例子.中国", E),
    ("zhang@例子.公司", E),
    ("zhang@bücher.de", E),
    ("zhang@xn--fsqu00a.xn--fiqs8s", E),
    ("𝐳𝐡𝐚𝐧𝐠@𝐞𝐱𝐚𝐦𝐩𝐥𝐞.𝐜𝐨𝐦", E),
]

EVERYDAY: list[str] = [
    "2026-03-15 至 2026-04-30",
    "2026-03-15 2026-04-30",
    "2025.01.01-2025.12.31",
    "2025/1/1-2025/12/31",
    "20260315",
    "2026年以来",
    "二〇二六年三月十五日",
    "2023 2024 2025 2026 四年间",
    "2025年1月至12月",
    "一共 8 部电梯",
    "一二三四五六七八九十",
    "打 12345 热线",
    "服务热线 400-123-4567 的回复",
    "报警 110，急救 120",
    "3号楼2单元",
    "维修要 1500元",
    "约 1,234,567 元",
    "总投资 1,234,567,890 元",
    "面积 12345.67 平方米",
    "坐标 36.342512,102.867145",
    "查询编号 2026-W0042",
    "查询编号 2026-X0007",
    "红人常发〔2022〕5号",
    "兰政办发〔2021〕123号",
    "09:00-11:30 值班",
    "第 138 号文件",
    "8 部电梯、12 户、30 名居民",
    "192.168.100.100",
    "sha256-0123456789abcdef0123456789abcdef",
    "提交 3f9a2b17c0d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8",
    "兰州市红古区海石湾镇",
    "",
]
