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


def test_the_workflows_exist() -> None:
    assert [p.name for p in FILES] == [
        "ci.yml", "command.yml", "correction.yml", "intake.yml", "notify.yml", "pages.yml", "remind.yml",
    ]


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
    correction = yaml.safe_load((WORKFLOWS / "correction.yml").read_text(encoding="utf-8"))
    # One group per issue; a push (closing fixed corrections) has one per commit, so none is dropped.
    assert correction["concurrency"] == {"group": "correction-${{ github.event.issue.number || github.sha }}",
                                         "cancel-in-progress": False}
    command = yaml.safe_load((WORKFLOWS / "command.yml").read_text(encoding="utf-8"))
    assert command["concurrency"] == {"group": "command-${{ github.event.issue.number }}", "cancel-in-progress": False}


def test_the_command_workflow_runs_on_new_comments_only_and_reads_them_itself() -> None:
    text = (WORKFLOWS / "command.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow[True] == {"issue_comment": {"types": ["created"]}}  # YAML reads "on" as true
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "issues": "write", "pull-requests": "write"}
    assert "!github.event.issue.pull_request" in job["if"]
    runs = [step for step in job["steps"] if "run" in step]
    assert [step["run"] for step in runs] == ["make install-runtime", ".venv/bin/yizheng command"]
    assert runs[-1]["env"] == {"GITHUB_TOKEN": "${{ github.token }}", "YIZHENG_BOT_LOGIN": "github-actions[bot]"}
    assert "comment.body" not in str(runs), "评论内容不能传给命令"
    (checkout,) = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
    assert set(checkout["with"]) == {"persist-credentials"}, "只检出默认分支，不检出合并请求的代码"


# --- what the jobs that hold a write token (or publish) install -------------------------------

LOCK = ROOT / "requirements" / "runtime.lock"
LOCKED_JOBS = ["command.yml", "correction.yml", "intake.yml", "notify.yml", "pages.yml", "remind.yml"]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, tuple[str, int]]:
    """name → (version, number of hashes), from requirements/runtime.lock."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if match := _PIN.match(line):
            current = _canonical(match[1])
            pins[current] = (match[2], 0)
        elif line.strip().startswith("--hash=sha256:") and current is not None:
            version, count = pins[current]
            pins[current] = (version, count + 1)
        elif not line.startswith(" ") and not line.startswith("#") and line.strip():
            pytest.fail(f"requirements/runtime.lock 中有不认识的一行：{line}")
    return pins


def _pyproject() -> dict:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", LOCKED_JOBS)
def test_jobs_with_write_tokens_or_published_output_install_only_the_lock(name: str) -> None:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    runs = [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "run" in step]
    installs = [run for run in runs if "install" in run or "pip" in run]
    assert installs == ["make install-runtime"], f"{name} 须只用 make install-runtime 安装（锁定版本、校验哈希）"


def test_install_runtime_installs_the_lock_with_hashes_and_nothing_else() -> None:
    result = subprocess.run(["make", "-n", "--no-print-directory", "install-runtime"], cwd=ROOT, capture_output=True, text=True, check=True)
    pip_lines = [line for line in result.stdout.splitlines() if " pip install" in line]
    assert len(pip_lines) == 2, result.stdout
    locked, project = (line.split() for line in pip_lines)
    assert {"--require-hashes", "--no-deps", "--no-build-isolation", "-r", "requirements/runtime.lock"} <= set(locked)
    assert {"--no-deps", "--no-build-isolation", "--no-index", "."} <= set(project)
    assert "[test]" not in result.stdout and "-e" not in locked + project


def test_the_lock_pins_every_runtime_dependency_with_hashes_and_no_test_tool() -> None:
    from packaging.requirements import Requirement
    from packaging.version import Version

    pins = _lock()
    project = _pyproject()
    wanted = [Requirement(text) for text in project["project"]["dependencies"]]
    wanted += [Requirement(text) for text in project["build-system"]["requires"]]
    for requirement in wanted:
        name = _canonical(requirement.name)
        assert name in pins, f"{requirement.name} 不在 requirements/runtime.lock 中：运行 make lock"
        version, hashes = pins[name]
        assert requirement.specifier.contains(Version(version), prereleases=True), (
            f"{requirement.name}=={version} 不符合 pyproject.toml 的 {requirement.specifier}：运行 make lock"
        )
        assert hashes >= 1
    assert all(hashes >= 1 for _, hashes in pins.values())
    for text in project["project"]["optional-dependencies"]["test"]:
        assert _canonical(Requirement(text).name) not in pins, f"测试工具 {text} 不应在运行时锁定文件中"


def test_the_lock_says_what_it_was_resolved_for_and_names_no_host() -> None:
    text = LOCK.read_text(encoding="utf-8")
    assert "# This file is autogenerated by pip-compile with Python 3.11\n" in text
    assert "#    make lock\n" in text
    assert "://" not in text and "--index-url" not in text and "--find-links" not in text
