"""`yizheng bench` end to end at a small size, so the benchmark never rots.

Only the shape and sanity of the figures are checked here, never timing
thresholds (the machine running the tests is not the one that matters).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from yizheng import bench
from yizheng.site.pages import RENDERERS
from yizheng.synth import synth

ROOT = Path(__file__).resolve().parent.parent


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="yizheng")
    bench.add_parser(parser.add_subparsers())
    args = parser.parse_args(["bench", *argv])
    return args.run(args)


def test_parser_defaults() -> None:
    parser = argparse.ArgumentParser(prog="yizheng")
    bench.add_parser(parser.add_subparsers())
    args = parser.parse_args(["bench"])
    assert args.run is bench.run
    assert args.suggestions is None  # run() falls back to [1000, 10000]
    assert args.json is None and args.work is None and args.keep is False and args.seed == 1 and args.repeat == 2
    args = parser.parse_args(["bench", "--suggestions", "5", "--suggestions", "7"])
    assert args.suggestions == [5, 7]


def _files(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_synthetic_content_is_made_once_and_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = bench.synth_content(1, 1, tmp_path)
    assert content == tmp_path / "synth-1" / "content"
    assert (tmp_path / "synth-1" / ".complete").read_text(encoding="utf-8") == "1 1\n"
    made = _files(content)
    assert "site.yml" in made and len(made) > 900  # ten years of meetings, whatever the number of suggestions
    assert capsys.readouterr().err.splitlines()[0] == "[1] 生成合成数据……"
    assert bench.synth_content(1, 1, tmp_path) == content
    assert capsys.readouterr().err == "" and _files(content) == made  # kept, not made again


@pytest.mark.slow
def test_bench_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results" / "bench.json"
    work = tmp_path / "work"
    config = str(ROOT / "mkdocs.yml")
    # Every step runs on the smallest complete site: one year of suggestions and meetings instead of
    # ten (a third of the pages; the four MkDocs builds take most of the time). It is put in --work as
    # bench keeps its own synthetic content (test_synthetic_content_is_made_once_and_kept), and taken up.
    synth(work / "synth-60" / "content", 60, seed=1, years=1)
    (work / "synth-60" / ".complete").write_text("60 1\n", encoding="utf-8")
    kept = _files(work / "synth-60" / "content")
    code = _run("--suggestions", "60", "--json", str(out), "--work", str(work), "--config-file", config)
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert "整体 / 纯 MkDocs" in printed.out and "目标：" in printed.out
    assert "生成合成数据" not in printed.err and _files(work / "synth-60" / "content") == kept

    results = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(results, list) and len(results) == 1
    result = results[0]
    assert list(result) == list(bench.KEYS)
    assert result["suggestions"] == 60
    for key in ("validate_s", "generate_s", "build_s", "mkdocs_baseline_s", "build_ratio", "rebuild_generate_s"):
        assert isinstance(result[key], float) and result[key] > 0, key
    for key in (
        "validate_peak_memory_bytes",
        "peak_memory_bytes",
        "generated_files",
        "site_bytes",
        "html_pages",
        "largest_html_bytes",
        "median_html_bytes",
        "search_index_bytes",
        "search_index_gzip_bytes",
        "search_index_docs",
        "rebuild_rewritten_files",
    ):
        assert isinstance(result[key], int) and not isinstance(result[key], bool) and result[key] > 0, key
    assert 10 * 1024**2 < result["peak_memory_bytes"] < 64 * 1024**3
    assert result["median_html_bytes"] <= result["largest_html_bytes"] < result["site_bytes"]
    assert result["largest_html_path"].endswith(".html")
    assert result["search_index_gzip_bytes"] < result["search_index_bytes"]
    assert result["search_finds_handled_title"] is True
    # Each of the two long steps ran twice; the fastest runs are compared.
    assert len(result["build_runs_s"]) == len(result["mkdocs_baseline_runs_s"]) == 2
    assert (result["build_s"], result["mkdocs_baseline_s"]) == (min(result["build_runs_s"]), min(result["mkdocs_baseline_runs_s"]))
    # One changed reply: its own page and a few that show it, not the whole site.
    changed = result["rebuild_changed_record"]
    paths = result["rebuild_rewritten_paths"]
    assert len(paths) == result["rebuild_rewritten_files"] < result["generated_files"] / 10
    assert any(changed in path for path in paths)
    # The same change, generated incrementally: the same files rewritten, fewer than all renderers rerun or as many.
    assert isinstance(result["incremental_update_s"], float) and result["incremental_update_s"] > 0
    assert result["incremental_rewritten_files"] == result["rebuild_rewritten_files"]
    assert 0 < result["incremental_renderers"] < len(RENDERERS)
    assert result["home_page_files"][0] == "index.html" and result["home_page_gzip_bytes"] > 0
    # Zensical and the preview are measured only when asked (--preview).
    assert result["zensical_build_s"] is None and result["preview_edit_median_s"] is None

    # The synthetic content is kept in --work and reused; the run folders are not.
    assert (work / "synth-60" / ".complete").is_file()
    assert not (work / "run-60").exists()


@pytest.mark.skipif(
    not Path("/proc/self/smaps_rollup").exists() or not Path(f"/proc/self/task/{os.getpid()}/children").exists(),
    reason="needs Linux /proc with smaps_rollup and children",
)
def test_tree_memory_counts_the_children_of_a_step() -> None:
    # A step that forks workers: its peak must include what the workers hold.
    code = (
        "import multiprocessing as mp, sys, time\n"
        "def hold():\n"
        "    block = bytearray(150 * 1024 * 1024)\n"
        "    sys.stdout.write('ready\\n'); sys.stdout.flush(); time.sleep(30)\n"
        "worker = mp.get_context('fork').Process(target=hold, daemon=True)\n"
        "worker.start(); time.sleep(30)\n"
    )
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
            assert bench.tree_memory(proc.pid) >= 150 * 1024 * 1024
        finally:
            workers = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text(encoding="ascii").split()
            proc.kill()
            for worker in workers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(worker), signal.SIGKILL)
    assert bench.tree_memory(proc.pid) == 0  # gone: nothing to count


def test_home_page_weight_counts_what_the_page_names_and_the_search_worker_not_the_index(tmp_path: Path) -> None:
    import gzip

    site = tmp_path / "site"
    files = {
        "index.html": '<link rel="stylesheet" href="./assets/a.css"><script src="assets/b.js"></script>'
        '<img src="https://elsewhere.example/x.png"><img src="data:image/png;base64,AA"><a href="other/">x</a>',
        "assets/a.css": "body{}" * 50,
        "assets/b.js": "let x=1;" * 50,
        "assets/javascripts/workers/search.1234.min.js": "w" * 100,
        "search/search_index.json": '{"docs":[]}',
        "other/index.html": "not loaded",
    }
    for relpath, text in files.items():
        (site / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / relpath).write_text(text, encoding="utf-8")
    counted = ["index.html", "assets/a.css", "assets/b.js", "assets/javascripts/workers/search.1234.min.js"]
    result = bench.home_page_weight(site)
    assert result["home_page_files"] == ["index.html", *sorted(counted[1:])]
    assert result["home_page_gzip_bytes"] == sum(len(gzip.compress(files[p].encode(), compresslevel=6, mtime=0)) for p in counted)
    # The index is loaded on the first use of the search box (head.js), counted on its own.
    assert result["search_first_use_files"] == ["search/search_index.json"]
    assert result["search_first_use_gzip_bytes"] == len(gzip.compress(files["search/search_index.json"].encode(), compresslevel=6, mtime=0))
