"""The GitHub workflows: schema-valid, no zizmor finding even as a pedant, least privilege, pinned actions."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            pytest.fail(f"{name} 未安装：运行 make install（它在测试依赖中）")
        return found
    return str(path)


def test_the_four_workflows_exist() -> None:
    assert [p.name for p in FILES] == ["ci.yml", "intake.yml", "notify.yml", "pages.yml"]


def test_zizmor_finds_nothing_even_pedantic() -> None:
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", str(WORKFLOWS)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_workflows_match_github_schema() -> None:
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, FILES)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_least_privilege_and_pinned_actions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {}, "顶层须为 permissions: {}"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"{name} 须声明自己的权限"
    for line in re.findall(r"uses: (\S+)", text):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", line), f"{line} 须用完整提交 SHA 固定"
    for match in re.finditer(r"uses: \S+@[0-9a-f]{40}(.*)", text):
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", match[1]), f"固定的 action 须在注释中写明版本：{match[0]}"
    for step in (s for job in workflow["jobs"].values() for s in job.get("steps", [])):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in step.get("run", ""), f"run 步骤中不能出现 ${{{{ }}}}：{step['run']}"


def test_concurrency() -> None:
    intake = yaml.safe_load((WORKFLOWS / "intake.yml").read_text(encoding="utf-8"))
    pages = yaml.safe_load((WORKFLOWS / "pages.yml").read_text(encoding="utf-8"))
    assert intake["concurrency"]["group"] == "intake-${{ github.event.issue.number }}"
    assert pages["concurrency"] == {"group": "pages", "cancel-in-progress": False}
