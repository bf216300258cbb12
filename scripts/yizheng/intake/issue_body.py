"""Reading an issue body back into the fields of the form it was submitted with.

GitHub renders a submitted issue form as Markdown: every field except the
markdown blocks, in the form's order and even when empty, as

    ### <label>

    <value>

with `_No response_` for an empty field, the chosen options of a
multi-select dropdown joined by ", ", and checkboxes as `- [X] option` or
`- [ ] option`. The parser takes the template itself (`Template.from_yaml` of
the form's YAML), so it knows the labels, their order, the options and what
is required; it never guesses from the body.

Headings. Each field's heading is looked for after the previous field's, so
the resident's own text may contain "### anything", even the label of an
earlier or a later field. A line counts as the heading when it is exactly
`### ` and the label, stands between blank lines (GitHub always writes it so)
and is not inside a fenced code block (``` or ~~~) opened since the previous
heading; a fence that is never closed is no fence, so a stray ``` cannot hide
the rest of the form. When no such line is there (a fence the resident left
open in one field and happened to close in another), the first line equal to
the heading is taken. A heading that is still not found is reported, as
missing or as out of place (present, but not after the previous one).

The one ambiguity GitHub's format leaves: a resident who writes, on a line of
its own, between blank lines and outside a code fence, exactly the heading of
the field that follows. The body cannot then be split with certainty: the
field whose value ends up containing its own heading line is reported (never
guessed), and the resident can edit the issue.

Values. Text is trimmed; `_No response_` is empty (None). For dropdowns, "None"
(what GitHub writes when "None" is chosen in an optional dropdown) is empty as
well; in text fields "None" is what the resident wrote. A single dropdown's
value must be one of its options; a multi-select dropdown's value is split on
", ", so options must not contain ", " (`Template.from_yaml` refuses such a
form). Checkboxes give the set of checked option labels ("[x]" or "[X]").

Every problem is collected and named by the field's Chinese label, with what
is allowed and never the value the resident wrote (the bot repeats problems on
the public issue), e.g. "“所在街道和社区”：填写的内容不是表单中的选项；…".

Text for a record goes through `tidy` (line breaks, control characters, trailing
spaces) and then redaction, so the record intake writes is in canonical form.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..kinds import KIND_BY_NAME
from ..models.common import ID_PATTERN
from ..personal_data import Kind
from ..registry import Registry
from . import forms
from .forms import CorrectionField, OfflineField, SuggestionField
from .redact import redact

NO_RESPONSE = "_No response_"
NOT_AN_OPTION = "填写的内容不是表单中的选项；请从下拉列表中选择一项，不要改写选项的文字"
NOT_A_BOX = "这一项只能勾选表单中的选项，请不要改写选项的文字或在这里写别的内容"
NONE_OPTION = "None"

Value = str | list[str] | frozenset[str] | None
"""A field's value: text or a single choice (None when empty), a list of choices, or the set of checked boxes."""

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_CHECKBOX = re.compile(r"^[-*] \[([ xX])\] (.*)$")


@dataclass(frozen=True)
class FormField:
    """One field of a form (a body element other than markdown)."""

    id: str
    label: str
    type: str  # input, textarea, dropdown or checkboxes
    required: bool = False
    options: tuple[str, ...] = ()  # dropdown options, or checkbox labels
    multiple: bool = False
    required_options: frozenset[str] = frozenset()  # checkboxes that must be ticked
    render: str | None = None  # a textarea whose value GitHub puts in a code fence

    @property
    def heading(self) -> str:
        return f"### {self.label}"

    @property
    def empty(self) -> Value:
        if self.type == "checkboxes":
            return frozenset()
        if self.type == "dropdown" and self.multiple:
            return []
        return None


@dataclass(frozen=True)
class Template:
    """A form's fields, in order, as the parser needs them."""

    name: str
    fields: tuple[FormField, ...]

    @classmethod
    def from_yaml(cls, text: str) -> Template:
        """The form of an issue-form YAML file. ValueError when the parser could not read bodies of it."""
        data = yaml.safe_load(text)
        if not isinstance(data, dict) or not isinstance(data.get("body"), list):
            raise ValueError("not an issue form: no body list")
        fields: list[FormField] = []
        for element in data["body"]:
            kind = element.get("type")
            if kind == "markdown":
                continue
            attributes = element.get("attributes") or {}
            if kind not in ("input", "textarea", "dropdown", "checkboxes"):
                raise ValueError(f"unsupported form element type {kind!r}")
            if not element.get("id"):
                raise ValueError(f"form field {attributes.get('label')!r} has no id")
            required = bool((element.get("validations") or {}).get("required", False))
            options: tuple[str, ...] = ()
            required_options: frozenset[str] = frozenset()
            if kind == "dropdown":
                options = tuple(str(option) for option in attributes["options"])
                if attributes.get("multiple") and any(", " in option for option in options):
                    raise ValueError(f"options of multi-select dropdown {element['id']!r} must not contain ', '")
            elif kind == "checkboxes":
                boxes = attributes["options"]
                options = tuple(str(box["label"]) for box in boxes)
                required_options = frozenset(str(box["label"]) for box in boxes if box.get("required"))
                required = bool(required_options)
            fields.append(
                FormField(
                    id=str(element["id"]),
                    label=str(attributes["label"]),
                    type=kind,
                    required=required,
                    options=options,
                    multiple=bool(attributes.get("multiple", False)),
                    required_options=required_options,
                    render=attributes.get("render"),
                )
            )
        for kind_of, values in (("id", [f.id for f in fields]), ("label", [f.label for f in fields])):
            if len(set(values)) != len(values):
                raise ValueError(f"form fields must have distinct {kind_of}s")
        return cls(str(data.get("name", "")), tuple(fields))

    def field(self, field_id: str) -> FormField:
        return next(f for f in self.fields if f.id == field_id)


@dataclass
class ParsedBody:
    """The fields read from a body (field id → value) and every problem found, in Chinese."""

    values: dict[str, Value]
    errors: list[str] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_body(body: str | None, template: Template) -> ParsedBody:
    """The fields of `template` read from an issue `body` as GitHub rendered it.

    Time grows linearly with the body (a body of GitHub's maximum size, built to
    be the worst case, is read in a fraction of a second): fences are matched once,
    in one pass from the end, and each field's heading is looked for from the
    previous one's, skipping whole code blocks.
    """
    lines = (body or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    fences = _Fences(lines)
    positions = _headings(lines, [f.heading for f in template.fields], fences)

    values: dict[str, Value] = {f.id: f.empty for f in template.fields}
    found = [p for p in positions if p is not None]
    if not found:
        return ParsedBody(values, [f"正文不是按“{template.name}”表单的格式填写的，读不出任何一项"])
    errors: list[str] = []
    if any(line.strip() for line in lines[: found[0]]):
        errors.append("正文开头有不属于表单任何一项的内容；请不要改动表单的格式")
    stripped = {line.rstrip() for line in lines if line.startswith("### ")}
    for index, form_field in enumerate(template.fields):
        start = positions[index]
        if start is None:
            if form_field.heading in stripped:
                errors.append(f"“{form_field.label}”：这一项的位置不对，可能是正文中各项的顺序被改动了")
            else:
                errors.append(f"“{form_field.label}”：正文里找不到这一项，可能是小标题“{form_field.heading}”被改动或删除了")
            continue
        end = next((p for p in positions[index + 1 :] if p is not None), len(lines))
        if _mentions_own_heading(lines, start + 1, end, form_field.heading, fences):
            errors.append(
                f"“{form_field.label}”：内容里有单独一行“{form_field.heading}”，和表单的小标题一样，"
                "分不清各项的内容；请删去或改写这一行"
            )
            continue
        value, problem = _read(form_field, "\n".join(lines[start + 1 : end]).strip())
        if problem:
            errors.append(f"“{form_field.label}”：{problem}")
        else:
            values[form_field.id] = value
    return ParsedBody(values, errors)


class _Fences:
    """For every line that opens a fenced code block: the line that closes it (-1: none, no fence).

    A fence opened at line i is closed by the first later line made only of at least
    as many of the same character (after up to three spaces; spaces or tabs may follow).
    One pass from the end keeps, per fence character, the closing lines still worth
    finding: a nearer closing line at least as long hides every farther, shorter one,
    so each kept list is ordered by length and searched by bisection.
    """

    def __init__(self, lines: list[str]) -> None:
        self.close = [-1] * len(lines)
        kept: dict[str, tuple[list[int], list[int]]] = {"`": ([], []), "~": ([], [])}  # -length, line
        for number in range(len(lines) - 1, -1, -1):
            line = lines[number]
            if not line.lstrip(" ").startswith(("```", "~~~")):
                continue
            opening = _opening(line)
            if opening is not None:
                negated, where = kept[opening[0]]
                count = bisect.bisect_right(negated, -len(opening))
                if count:
                    self.close[number] = where[count - 1]
            closing = _closing(line)
            if closing is not None:
                negated, where = kept[closing[0]]
                while negated and -negated[-1] <= len(closing):
                    negated.pop()
                    where.pop()
                negated.append(-len(closing))
                where.append(number)

    def closed(self, number: int, end: int) -> int:
        """The closing line of a fence opened at `number`, when it is before `end`; else -1."""
        close = self.close[number]
        return close if 0 <= close < end else -1


def _opening(line: str) -> str | None:
    """The fence mark (``` or ~~~, maybe longer) a line opens a code block with, or None."""
    match = _FENCE_OPEN.match(line)
    if match is None or (match[1][0] == "`" and "`" in match[2]):
        return None
    return match[1]


def _closing(line: str) -> str | None:
    """The fence mark of a line that can close a code block, or None."""
    body = line[len(line) - len(line.lstrip(" ")) :]
    if len(line) - len(body) > 3 or not body:
        return None
    mark = body[0]
    run = len(body) - len(body.lstrip(mark))
    if mark not in "`~" or run < 3 or body[run:].strip(" \t"):
        return None
    return body[:run]


def _headings(lines: list[str], headings: list[str], fences: _Fences) -> list[int | None]:
    """The line number of each field's heading, None when it is not there (in its place).

    Each heading is looked for after the previous one found: first as GitHub
    writes it (a line of its own between blank lines, outside any code fence
    opened since the previous heading), then as any line equal to it (a fence
    left open in the resident's text must not hide the rest of the form).
    """
    positions: list[int | None] = []
    start = 0
    total = len(lines)
    for heading in headings:
        position = None
        number = start
        while number < total:
            close = fences.close[number]
            if close >= 0:  # a whole code block: no heading inside
                number = close + 1
                continue
            line = lines[number]
            if (
                line.startswith(heading)
                and line.rstrip() == heading
                and (number == 0 or not lines[number - 1].strip())
                and (number + 1 == total or not lines[number + 1].strip())
            ):
                position = number
                break
            number += 1
        if position is None:
            position = next((n for n in range(start, total) if lines[n].startswith(heading) and lines[n].rstrip() == heading), None)
        positions.append(position)
        if position is not None:
            start = position + 1
    return positions


def _mentions_own_heading(lines: list[str], start: int, end: int, heading: str, fences: _Fences) -> bool:
    """Whether lines[start:end] hold the heading on a line of its own, outside code fences closed within them."""
    number = start
    while number < end:
        close = fences.closed(number, end)
        if close >= 0:
            number = close + 1
            continue
        if lines[number].startswith(heading) and lines[number].rstrip() == heading:
            return True
        number += 1
    return False


def _read(form_field: FormField, raw: str) -> tuple[Value, str | None]:
    """A field's value from its trimmed text, or the problem with it."""
    if form_field.type == "checkboxes":
        return _read_checkboxes(form_field, raw)
    empty = raw in ("", NO_RESPONSE) or (form_field.type == "dropdown" and raw == NONE_OPTION)
    if empty:
        if form_field.required:
            return form_field.empty, "请选择一项" if form_field.type == "dropdown" else "这一项必须填写"
        return form_field.empty, None
    if form_field.type == "dropdown":
        chosen = raw.split(", ") if form_field.multiple else [raw]
        if any(option not in form_field.options for option in chosen):
            return form_field.empty, NOT_AN_OPTION
        return (chosen if form_field.multiple else raw), None
    if form_field.type == "input" and "\n" in raw:
        return None, "只能填写一行（正文的格式可能被改动过）"
    if form_field.render is not None:
        raw = _unfence(raw)
    return raw, None


def _read_checkboxes(form_field: FormField, raw: str) -> tuple[Value, str | None]:
    checked: set[str] = set()
    if raw != NO_RESPONSE:
        for line in raw.split("\n"):
            if not line.strip():
                continue
            match = _CHECKBOX.match(line.rstrip())
            if match is None or match[2] not in form_field.options:
                return frozenset(), NOT_A_BOX
            if match[1] in "xX":
                checked.add(match[2])
    missing = [option for option in form_field.options if option in form_field.required_options - checked]
    if missing:
        return frozenset(), "需要勾选“" + "”“".join(missing) + "”"
    return frozenset(checked), None


def _unfence(raw: str) -> str:
    lines = raw.split("\n")
    if len(lines) >= 2 and lines[0].startswith("```") and lines[-1] == "```":
        return "\n".join(lines[1:-1])
    return raw


_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\u0085\x0b\x0c]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ud800-\udfff]")
_TRAILING = re.compile(r"[ \t\u3000\u00a0]+$", re.MULTILINE)


def tidy(text: str) -> str:
    """A resident's text as a record keeps it: every kind of line break as "\\n", no control
    characters, tabs or byte-order marks, no spaces at the ends of lines or blank lines around it."""
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text)).replace("\t", "    ")
    return _TRAILING.sub("", text).strip("\n").rstrip()


# --- the project's two forms ------------------------------------------------------------------


def suggestion_template(registry: Registry) -> Template:
    """The suggestion form as generated from this registry (the checked-in file is the same; a test says so)."""
    return Template.from_yaml(forms.render_forms(registry)[forms.SUGGESTION_FILE])


def offline_template(registry: Registry) -> Template:
    return Template.from_yaml(forms.render_forms(registry)[forms.OFFLINE_FILE])


def correction_template(registry: Registry) -> Template:
    return Template.from_yaml(forms.render_forms(registry)[forms.CORRECTION_FILE])


@dataclass
class SuggestionForm:
    """A suggestion issue read into record values.

    `values` holds the Suggestion fields the form gives, in record terms, with
    personal data already removed: title (when the issue title was given),
    category, street, community, location, problem, proposal and channel (the
    Channel's value, e.g. "网上表单"); fields left empty are absent.
    `redactions` counts what was removed, by kind name ("手机号": 1), over the
    title and every text field; the removed values are kept nowhere.
    """

    values: dict[str, Any]
    errors: list[str]
    redactions: dict[str, int]
    fields: ParsedBody


TITLE_MIN, TITLE_MAX = 2, 80


def read_suggestion_form(
    body: str | None, registry: Registry, title: str | None = None, template: Template | None = None
) -> SuggestionForm:
    """An issue from the suggestion form, as record values; `title` is the issue's title (the suggestion's title)."""
    template = template or suggestion_template(registry)
    parsed = parse_body(body, template)
    words = forms.vocabulary(registry.site)
    errors = list(parsed.errors)
    values: dict[str, Any] = {}
    removed: dict[str, int] = {}

    def clean(text: str) -> str:
        cleaned, counts = redact(tidy(text))
        for kind, count in counts.items():
            removed[kind.value] = removed.get(kind.value, 0) + count
        return cleaned

    if title is not None:
        text = clean(" ".join(tidy(title).split()))
        if len(text) < TITLE_MIN:
            errors.insert(0, "“标题”：请在标题栏用一句话说明问题")
        elif len(text) > TITLE_MAX:
            errors.insert(0, f"“标题”：不能超过 {TITLE_MAX} 个字，现在有 {len(text)} 个字")
        else:
            values["title"] = text

    got = parsed.values
    labels = {f.id: f.label for f in template.fields}
    category = got.get(SuggestionField.CATEGORY)
    if isinstance(category, str):
        if category in words.categories:
            values["category"] = words.categories[category]
        else:
            errors.append(f"“{labels[SuggestionField.CATEGORY]}”：{NOT_AN_OPTION}")
    place = got.get(SuggestionField.PLACE)
    if isinstance(place, str):
        if place in words.places:
            street, community = words.places[place]
            values["street"] = street
            if community is not None:
                values["community"] = community
        else:
            errors.append(f"“{labels[SuggestionField.PLACE]}”：{NOT_AN_OPTION}")
    location = got.get(SuggestionField.LOCATION)
    if isinstance(location, str):
        text = clean(" ".join(tidy(location).split()))
        if len(text) > forms.LOCATION_MAX:
            errors.append(f"“{labels[SuggestionField.LOCATION]}”：不能超过 {forms.LOCATION_MAX} 个字，现在有 {len(text)} 个字")
        elif text:
            values["location"] = text
    for field_id in (SuggestionField.PROBLEM, SuggestionField.PROPOSAL):
        text = got.get(field_id)
        if isinstance(text, str):
            cleaned = clean(text)
            if cleaned:
                values[field_id] = cleaned
            elif template.field(field_id).required:
                errors.append(f"“{labels[field_id]}”：这一项必须填写")
    channel = got.get(SuggestionField.CHANNEL)
    if isinstance(channel, str):
        if channel in words.channels:
            values["channel"] = words.channels[channel].value
        else:
            errors.append(f"“{labels[SuggestionField.CHANNEL]}”：{NOT_AN_OPTION}")
    ordered = {kind.value: removed[kind.value] for kind in Kind if kind.value in removed}
    return SuggestionForm(values, errors, ordered, parsed)


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def read_offline_form(body: str | None, registry: Registry, title: str | None = None) -> SuggestionForm:
    """An issue from the staff's 线下登记 form, as the values `yizheng suggestion new` takes.

    The shared fields are read as for the suggestion form (with the same redaction); the
    channel is the one chosen, the date received a real date (`submitted`, absent when left
    empty), the station and representatives ids of records that exist."""
    template = offline_template(registry)
    form = read_suggestion_form(body, registry, title=title, template=template)
    got = form.fields.values
    labels = {f.id: f.label for f in template.fields}
    values, errors = form.values, form.errors
    submitted = got.get(OfflineField.SUBMITTED)
    if isinstance(submitted, str) and submitted.strip():
        match = _DATE.match(tidy(submitted).strip())
        try:
            values["submitted"] = dt.date(int(match[1]), int(match[2]), int(match[3])) if match else None
        except ValueError:
            values["submitted"] = None
        if values["submitted"] is None:
            del values["submitted"]
            errors.append(f"“{labels[OfflineField.SUBMITTED]}”：应为真实存在的日期，格式如 2026-11-30")
    station = got.get(OfflineField.STATION)
    if isinstance(station, str) and station.strip():
        if station.strip() in registry.stations:
            values["station"] = station.strip()
        else:
            errors.append(f"“{labels[OfflineField.STATION]}”：没有这个联络站点编号；请照网站上联络站点页面网址的最后一段填写")
    people = got.get(OfflineField.REPRESENTATIVES)
    if isinstance(people, str) and people.strip():
        ids = list(dict.fromkeys(people.replace("，", " ").replace(",", " ").replace("、", " ").split()))
        if all(rid in registry.representatives for rid in ids):
            values["representatives"] = ids
        else:
            errors.append(f"“{labels[OfflineField.REPRESENTATIVES]}”：有的编号不是议政代表的编号；请照网站上议政代表页面网址的最后一段填写")
    return form


@dataclass
class CorrectionForm:
    """A correction issue: which record (kind and id, when the text names one), and what is wrong."""

    record: tuple[str, str] | None  # ("station", "hl-home"), when `record_text` is "<kind>/<id>" of a known record
    record_text: str | None
    error: str | None
    correct: str | None
    basis: str | None
    errors: list[str]


_RECORD_REF = re.compile(r"^([a-z]+)/(" + ID_PATTERN.strip("^$") + r"|20\d{2}-[WX]\d{4,6})$")


def record_ref(text: str, registry: Registry | None = None) -> tuple[str, str] | None:
    """("case", "overpass") from "case/overpass"; None when the text is not that, or (with a registry) no such record."""
    match = _RECORD_REF.match(text.strip())
    if match is None or match[1] not in KIND_BY_NAME:
        return None
    if registry is not None and match[2] not in registry.records(match[1]):
        return None
    return match[1], match[2]


def read_correction_form(body: str | None, registry: Registry, template: Template | None = None) -> CorrectionForm:
    """An issue from the correction form. The texts are as the resident wrote them (the issue is public already)."""
    template = template or correction_template(registry)
    parsed = parse_body(body, template)
    got = parsed.values

    def text(field_id: str) -> str | None:
        value = got.get(field_id)
        return value if isinstance(value, str) else None

    record_text = text(CorrectionField.RECORD)
    return CorrectionForm(
        record=record_ref(record_text, registry) if record_text else None,
        record_text=record_text,
        error=text(CorrectionField.ERROR),
        correct=text(CorrectionField.CORRECT),
        basis=text(CorrectionField.BASIS),
        errors=list(parsed.errors),
    )
