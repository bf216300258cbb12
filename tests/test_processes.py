"""Several processes give exactly what one gives: reading records, and rendering pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINIMAL
from yizheng import loader, processes

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"

# Run in a fresh interpreter: the loader forks only when no other thread runs, and the
# test session has server threads. The pool's map is watched (not replaced) to prove the
# parsing really went to other processes.
COMPARE = """
import concurrent.futures, sys
from pathlib import Path
from yizheng import loader

used = []
map_ = concurrent.futures.ProcessPoolExecutor.map
concurrent.futures.ProcessPoolExecutor.map = lambda self, *a, **k: used.append(1) or map_(self, *a, **k)
files = loader.find_record_files(Path(sys.argv[1]), [])
alone, shared = loader.read_records(files, jobs=1), loader.read_records(files, jobs=2)
assert used == [1], used
def same(a, b):
    (one, one_problems), (two, two_problems) = a, b
    if one is None or two is None:
        return one is two and one_problems == two_problems
    return one[0] == two[0] and one[1].data == two[1].data and one[1].lines == two[1].lines and one_problems == two_problems
assert len(alone) == len(shared) and all(same(a, b) for a, b in zip(alone, shared))
print(len(files), sum(1 for record, _ in alone if record is None), sum(len(p) for _, p in alone))
"""


RENDER = """
import concurrent.futures, datetime as dt, sys
from pathlib import Path
from yizheng.loader import load
from yizheng.site.generate import BEIJING, context_for, render_site

used = []
map_ = concurrent.futures.ProcessPoolExecutor.map
concurrent.futures.ProcessPoolExecutor.map = lambda self, *a, **k: used.append(1) or map_(self, *a, **k)
ctx = context_for(load(Path(sys.argv[1])), dt.datetime(2026, 6, 1, 12, 0, tzinfo=BEIJING))
alone, shared = render_site(ctx, jobs=1), render_site(ctx, jobs=3)
assert used == [1], used
assert list(alone.items()) == list(shared.items())
print(len(alone))
"""


WRITE = """
import datetime as dt, sys
from pathlib import Path
from yizheng.loader import load
from yizheng.site.generate import BEIJING, context_for, write_site

ctx = context_for(load(Path(sys.argv[1])), dt.datetime(2026, 6, 1, 12, 0, tzinfo=BEIJING))
out = Path(sys.argv[2])

def tree(root):  # every file's bytes
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

def report(r):
    return (r.written, r.unchanged, r.removed)

for folder in ("alone", "shared"):  # a stale page and folder that must go, a page that must be rewritten
    (out / folder / "old" / "gone").mkdir(parents=True)
    (out / folder / "old" / "gone" / "page.md").write_text("x", encoding="utf-8")
    (out / folder / "cases").mkdir()
    (out / folder / "cases" / "index.md").write_text("stale", encoding="utf-8")
first = report(write_site(ctx, out / "alone", jobs=1)), report(write_site(ctx, out / "shared", jobs=2))
assert first[0] == first[1], first
assert tree(out / "alone") == tree(out / "shared")
again = report(write_site(ctx, out / "alone", jobs=1)), report(write_site(ctx, out / "shared", jobs=2))
assert again[0] == again[1] == ([], len(first[0][0]), []), again
print(len(first[0][0]), len(first[0][2]))
"""


def test_writing_processes_leave_what_one_process_leaves(tmp_path: Path) -> None:
    result = _run("-c", WRITE, str(MINIMAL), str(tmp_path), jobs="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["83", "1"]  # every page written; the stale one removed
    assert not (tmp_path / "shared" / "old").exists()


def test_rendering_processes_render_what_one_process_renders() -> None:
    result = _run("-c", RENDER, str(MINIMAL), jobs="1")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == 83  # every page of the minimal content (community, suggest, 四个一, cards, about pages, feeds)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal content with one broken file laid over each file that a broken case touches."""
    content = tmp_path_factory.mktemp("mixed") / "content"
    shutil.copytree(MINIMAL, content)
    taken: set[str] = {"site.yml"}
    for case in sorted(BROKEN.iterdir()):
        for path in sorted(case.rglob("*")):
            relative = path.relative_to(case).as_posix()
            if path.is_file() and relative not in taken:
                taken.add(relative)
                (content / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, content / relative)
    return content


def _run(*args: str, jobs: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "YIZHENG_JOBS": jobs}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, check=False, timeout=120)


def test_parsing_processes_read_what_one_process_reads(mixed: Path) -> None:
    result = _run("-c", COMPARE, str(mixed), jobs="1")
    assert result.returncode == 0, result.stderr
    files, unreadable, problems = map(int, result.stdout.split())
    assert (files, unreadable) == (len(loader.find_record_files(mixed, [])), 11)
    assert problems >= unreadable


def test_validate_prints_the_same_lines_with_two_processes(mixed: Path) -> None:
    alone = _run("-m", "yizheng.cli", "validate", "--content", str(mixed), jobs="1")
    shared = _run("-m", "yizheng.cli", "validate", "--content", str(mixed), jobs="2")
    assert alone.returncode == shared.returncode == 1
    assert (alone.stdout.count("\n"), alone.stderr) == (19, "共 19 个错误\n")
    assert (shared.stdout, shared.stderr) == (alone.stdout, alone.stderr)


@pytest.mark.parametrize(
    ("wanted", "count", "expected"),
    [("", loader.PARALLEL_FROM - 1, 1), ("1", 50_000, 1), ("3", 10, 3), ("x", 10, 1), ("0", 10, 1)],
)
def test_jobs(monkeypatch: pytest.MonkeyPatch, wanted: str, count: int, expected: int) -> None:
    monkeypatch.setenv("YIZHENG_JOBS", wanted)
    assert processes.jobs_for(count, loader.PARALLEL_FROM) == expected


def test_large_folders_use_every_core_up_to_four(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("YIZHENG_JOBS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert processes.jobs_for(loader.PARALLEL_FROM, loader.PARALLEL_FROM) == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert processes.jobs_for(loader.PARALLEL_FROM, loader.PARALLEL_FROM) == 2


DIES = """
import os
from concurrent.futures.process import BrokenProcessPool
from yizheng import processes

def work(n):
    if n == 3:
        os._exit(1)  # as if killed for memory
    return n

with processes.pool(2) as workers:
    try:
        list(workers.map(work, range(8)))
    except BrokenProcessPool:
        print("broken")
"""


def test_a_worker_that_dies_fails_the_command_instead_of_hanging() -> None:
    result = _run("-c", DIES, jobs="1")  # _run times out after 120 s
    assert (result.returncode, result.stdout) == (0, "broken\n"), result.stderr


CLI_DIES = """
import os, sys
from yizheng import cli, loader

def dies(item):
    os._exit(1)

loader._parse_file = dies  # in this throw-away interpreter only: the parsing process dies
sys.exit(cli.main(["validate", "--content", sys.argv[1]]))
"""


def test_validate_says_in_chinese_when_a_worker_dies(mixed: Path) -> None:
    result = _run("-c", CLI_DIES, str(mixed), jobs="2")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "分担工作的进程意外退出（可能是内存不足）；可以设置环境变量 YIZHENG_JOBS=1 只用一个进程再试\n"


ORPHANS = """
import os, sys, time
from yizheng import processes

def work(n):
    time.sleep(60)

with processes.pool(2) as workers:
    pending = [workers.submit(work, n) for n in range(2)]
    time.sleep(0.5)
    print("ready", flush=True)
    time.sleep(60)
"""


def test_workers_end_with_a_killed_command() -> None:
    env = {**os.environ, "YIZHENG_JOBS": "1"}
    with subprocess.Popen([sys.executable, "-c", ORPHANS], stdout=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        workers = [int(pid) for pid in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        assert len(workers) == 2
        proc.kill()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers):
        assert time.monotonic() < deadline, "workers outlived the killed command"
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    """Running, as opposed to gone or a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
