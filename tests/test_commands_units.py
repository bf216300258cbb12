"""One unit resolver for the command line and the issue commands: by id or full name, every unit listed when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CONTENT, MINIMAL, run_cli
from hostile import CORPUS
from yizheng.loader import load
from yizheng.staff.edit import Refused
from yizheng.staff.units import resolve_unit, resolve_units

REGISTRY = load(MINIMAL)
EVERY = "可用：housing（区住建局）、hualong-office（华龙街道办事处）"


@pytest.mark.parametrize("text", ["housing", "区住建局", "ｈｏｕｓｉｎｇ", " 区住建局 ", "HOUSING"])
def test_a_unit_by_id_or_full_name(text: str) -> None:
    assert resolve_unit(REGISTRY, text, "--unit") == "housing"


def test_units_keep_their_order_first_is_the_lead_and_repeats_count_once() -> None:
    assert resolve_units(REGISTRY, ["华龙街道办事处", "housing", "hualong-office"], "/交办") == ["hualong-office", "housing"]


def test_the_message_names_what_was_typed_and_every_unit_of_the_example_content() -> None:
    registry = load(CONTENT)
    with pytest.raises(Refused) as caught:
        resolve_unit(registry, "交通局", "--unit")
    message = str(caught.value)
    assert message.startswith("--unit：没有“交通局”这个承办单位。可用：district-housing（红古区住房和城乡建设局）、district-transport（红古区交通运输局）、")
    assert message.endswith("、street-xiayao（下窑街道办事处）")
    assert message.count("（") == len(registry.site.handling_units)  # every unit, none cut off


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CORPUS) | st.text(max_size=40))
def test_anything_else_is_refused_with_the_full_list(text: str) -> None:
    if text.strip().casefold() in ("housing", "区住建局", "hualong-office", "华龙街道办事处"):
        return
    with pytest.raises(Refused) as caught:
        resolve_unit(REGISTRY, text, "/交办")
    assert str(caught.value).startswith("/交办：没有“") and str(caught.value).endswith(f"这个承办单位。{EVERY}")


def test_the_command_line_takes_the_full_name_and_stores_the_id(minimal_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(
        capsys, "suggestion", "progress", "2026-X0001", "--note", "增加承办单位", "--unit", "华龙街道办事处",
        "--date", "2026-11-27", "--content", str(minimal_copy),
    )
    assert (code, err) == (0, "")
    text = (minimal_copy / "suggestions/2026/2026-X0001.yml").read_text(encoding="utf-8")
    assert text.endswith("    note: 增加承办单位\n    units:\n      - hualong-office\n")
