"""`yizheng bench`: the site at district and ten-year scale.

For each size N a synthetic content folder is made by `synth` (cached under
--work DIR/synth-N, marked complete by a `.complete` file; not measured), then
every measured step runs in its own child process, so the times include no
warm caches from another step and each step's peak memory is its own. Steps
fork worker processes (loading and rendering share the cores), so the peak is
taken over the step's whole process tree: its proportional set size (PSS,
shared pages divided among the processes that share them), sampled every
20 ms from /proc, or the step's own ru_maxrss if that is larger (or where
/proc is missing):

- validate: `load(content)`;
- generate: context_for + write_site (render and write) into an empty docs folder;
- build: what `yizheng build` does (a fresh load, then build_site), from an
  empty docs folder, `--repeat` times (default 2) in turn with the baseline;
  the fastest run of each is compared;
- mkdocs baseline: plain MkDocs (no hook) on the Markdown the build generated,
  so build / baseline is what the project adds to MkDocs;
- rebuild: one published suggestion's reply changed, generation into the
  build's docs folder again: how many files were rewritten, and the time.

Sizes come from the built site: total bytes, HTML pages (largest, median),
and the search index raw and gzipped (level 9).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .kinds import KIND_BY_NAME, SUGGESTION

KEYS = (
    "suggestions",
    "validate_s",
    "validate_peak_memory_bytes",
    "generate_s",
    "generated_files",
    "build_s",
    "build_runs_s",
    "mkdocs_baseline_s",
    "mkdocs_baseline_runs_s",
    "build_ratio",
    "peak_memory_bytes",
    "site_bytes",
    "html_pages",
    "largest_html_bytes",
    "largest_html_path",
    "median_html_bytes",
    "search_index_bytes",
    "search_index_gzip_bytes",
    "search_index_docs",
    "search_finds_handled_title",
    "home_page_gzip_bytes",
    "home_page_files",
    "search_first_use_gzip_bytes",
    "search_first_use_files",
    "rebuild_changed_record",
    "rebuild_rewritten_files",
    "rebuild_rewritten_paths",
    "rebuild_generate_s",
    "incremental_update_s",
    "incremental_renderers",
    "incremental_rewritten_files",
    "zensical_build_s",
    "zensical_peak_memory_bytes",
    "preview_engine",
    "preview_first_s",
    "preview_edits_s",
    "preview_edit_median_s",
)

PREVIEW_METHOD = (
    "yizheng serve（预览引擎 {engine}）在合成数据的副本上运行；第一次生成和构建完成后，依次改 10 个不同种类的记录文件"
    "（意见建议 4 个、会议 2 个、议政代表 2 个、典型案例 1 个、联络站 1 个）的标题或名称，"
    "从写入文件开始计时，到用 HTTP GET 从预览服务器取回该记录自己的页面并含有新文字为止，取中位数"
)

# Build time fixed for every step: generated pages that show it then do not
# differ between the build and the rebuild (2026-10-31 12:00 Beijing, synth's END).
SOURCE_DATE_EPOCH = "1793419200"

TARGETS = (
    ("整体构建 ≤ 1.15 × 纯 MkDocs", lambda r: r["build_ratio"] <= 1.15),
    ("校验（1 万条时）≤ 2 秒", lambda r: r["suggestions"] < 10000 or r["validate_s"] <= 2.0),
    ("生成 ≤ 3 秒", lambda r: r["generate_s"] <= 3.0),
    ("没有超过 60 KB 的 HTML 页面", lambda r: r["largest_html_bytes"] <= 60 * 1024),
    (
        "搜索索引（1 万条时）gzip 后 ≤ 1.5 MB，且能按标题词找到已办理的意见建议",
        lambda r: r["search_finds_handled_title"]
        and (r["suggestions"] < 10000 or r["search_index_gzip_bytes"] <= 1.5 * 1024 * 1024),
    ),
    (
        "改一条记录：增量生成 ≤ 0.5 秒，只改写全部重新生成时也会变的那些文件",
        lambda r: r["incremental_update_s"] <= 0.5 and r["incremental_rewritten_files"] == r["rebuild_rewritten_files"],
    ),
    (
        "预览：改一条记录到页面更新的中位数 ≤ 2 秒（测了预览时）",
        lambda r: r["preview_edit_median_s"] is None or r["preview_edit_median_s"] <= 2.0,
    ),
    ("首页首次访问传输（gzip）≤ 150 KB", lambda r: r["home_page_gzip_bytes"] <= 150 * 1024),
    ("峰值内存（1 万条时）≤ 1 GB", lambda r: r["suggestions"] < 10000 or r["peak_memory_bytes"] <= 1024**3),
)


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    help_text = "性能基准：在合成数据上测量校验、生成、构建的时间，内存和网站大小"
    bench = sub.add_parser("bench", help=help_text, description=help_text)
    bench.add_argument(
        "--suggestions", type=int, action="append", default=None, metavar="件数", help="意见建议件数，可重复（默认 1000 和 10000）"
    )
    bench.add_argument("--json", type=Path, default=None, metavar="文件", help="把结果写成 JSON 文件")
    bench.add_argument("--seed", type=int, default=1, help="合成数据的随机种子（默认 1）")
    bench.add_argument(
        "--work", type=Path, default=None, metavar="目录", help="工作目录（默认临时目录；其中的合成数据会被重用）"
    )
    bench.add_argument("--keep", action="store_true", help="保留工作目录（生成的页面和网站）")
    bench.add_argument(
        "--repeat", type=int, default=2, metavar="次数", help="整体构建和纯 MkDocs 构建各运行这么多次，取最快的一次比较（默认 2）"
    )
    bench.add_argument(
        "--config-file", type=Path, default=Path("mkdocs.yml"), help="MkDocs 配置文件（默认 mkdocs.yml）"
    )
    bench.add_argument(
        "--preview", choices=("yizheng", "zensical"), default=None,
        help="另外测量：Zensical 构建同一批生成页面的时间，以及用这个引擎预览时改一条记录到页面更新的时间",
    )
    bench.add_argument(
        "--issue-body", action="store_true", help="只测议题正文解析在 GitHub 上限（65,534 个字符）下的最坏情况（一两秒）"
    )
    bench.set_defaults(run=run)
    return bench


def issue_body_text(config: Path) -> str:
    from .intake.body_bench import measure, text

    return text(measure(config.parent))


def run(args: argparse.Namespace) -> int:
    if getattr(args, "issue_body", False):
        print(issue_body_text(args.config_file.resolve()))
        return 0
    sizes = args.suggestions or [1000, 10000]
    if any(n < 0 for n in sizes):
        print("--suggestions 不能为负数", file=sys.stderr)
        return 2
    if args.repeat < 1:
        print("--repeat 至少为 1", file=sys.stderr)
        return 2
    config = args.config_file.resolve()
    if not config.is_file():
        print(f"{args.config_file}: 找不到 MkDocs 配置文件", file=sys.stderr)
        return 2
    work = args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="yizheng-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for n in sizes:
            result = bench_size(n, args.seed, work, config, args.repeat, getattr(args, "preview", None))
            results.append(result)
            if args.json:
                _write_json(args.json, results)
    except StepFailed as err:
        print(f"基准测试失败：{err}", file=sys.stderr)
        return 1
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        elif not args.keep:
            for n in sizes:
                shutil.rmtree(work / f"run-{n}", ignore_errors=True)
    print(table(results))
    print()
    print(targets_text(results))
    engines = {r["preview_engine"] for r in results if r["preview_engine"]}
    for engine in sorted(engines):
        print(f"\n预览的测量方法：{PREVIEW_METHOD.format(engine=engine)}")
    if args.json:
        print(f"\n结果已写入 {args.json}")
    if args.keep or args.work is not None:
        print(f"工作目录：{work}")
    return 0


def _write_json(path: Path, results: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class StepFailed(Exception):
    pass


# --- one size ------------------------------------------------------------------


def synth_content(n: int, seed: int, work: Path) -> Path:
    """The synthetic content for n suggestions, made once and reused while its marker says it is complete."""
    from .synth import synth

    folder = work / (f"synth-{n}" if seed == 1 else f"synth-{n}-seed{seed}")
    content = folder / "content"
    if (folder / ".complete").is_file() and content.is_dir():
        return content
    shutil.rmtree(folder, ignore_errors=True)
    content.mkdir(parents=True)
    print(f"[{n}] 生成合成数据……", file=sys.stderr, flush=True)
    synth(content, n, seed, progress=lambda done, total: print(
        f"[{n}] 合成数据：已写入 {done:,} / {total:,} 个记录文件", file=sys.stderr, flush=True))
    (folder / ".complete").write_text(f"{n} {seed}\n", encoding="utf-8")
    return content


def bench_size(n: int, seed: int, work: Path, config: Path, repeat: int = 2, preview: str | None = None) -> dict[str, Any]:
    content = synth_content(n, seed, work)
    run_dir = work / f"run-{n}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    log = run_dir / "steps.log"
    result: dict[str, Any] = {"suggestions": n}

    print(f"[{n}] 校验……", file=sys.stderr)
    step = _child("validate", {"content": str(content)}, log)
    result["validate_s"] = step["seconds"]
    result["validate_peak_memory_bytes"] = step["peak_memory_bytes"]

    print(f"[{n}] 生成……", file=sys.stderr)
    step = _child("generate", {"content": str(content), "docs": str(run_dir / "docs-generate")}, log)
    result["generate_s"] = step["seconds"]
    result["generated_files"] = step["written"]

    # The whole build and the baseline take a minute or more and vary by a few per cent from
    # run to run; each is run `repeat` times, in turn, from an empty docs folder, and the
    # fastest run of each is compared (the usual way to take the machine's noise out).
    docs, site = run_dir / "docs", run_dir / "site"
    baseline = baseline_config(config, content, docs, run_dir / "site-baseline", run_dir / "mkdocs-baseline.yml")
    builds: list[float] = []
    baselines: list[float] = []
    peaks: list[int] = []
    for attempt in range(1, repeat + 1):
        shutil.rmtree(docs, ignore_errors=True)
        print(f"[{n}] 整体构建（第 {attempt}/{repeat} 次）……", file=sys.stderr)
        step = _child("build", {"content": str(content), "config": str(config), "docs": str(docs), "site": str(site)}, log)
        builds.append(step["seconds"])
        peaks.append(step["peak_memory_bytes"])
        print(f"[{n}] 纯 MkDocs 构建（第 {attempt}/{repeat} 次）……", file=sys.stderr)
        baselines.append(_child("baseline", {"config": str(baseline)}, log)["seconds"])
    result["build_s"] = min(builds)
    result["build_runs_s"] = builds
    result["peak_memory_bytes"] = max(peaks)
    result["mkdocs_baseline_s"] = min(baselines)
    result["mkdocs_baseline_runs_s"] = baselines
    result["build_ratio"] = round(result["build_s"] / result["mkdocs_baseline_s"], 3) if result["mkdocs_baseline_s"] else 0.0

    result.update(site_sizes(site))
    result.update(home_page_weight(site))
    result.update(search_check(content, site))

    print(f"[{n}] 改一条记录后重新生成……", file=sys.stderr)
    changed = run_dir / "content-changed"
    shutil.copytree(content, changed)
    record = change_one_suggestion(changed)
    step = _child("generate", {"content": str(changed), "docs": str(docs)}, log)
    result["rebuild_changed_record"] = record
    result["rebuild_rewritten_files"] = len(step["written_paths"])
    result["rebuild_rewritten_paths"] = step["written_paths"]
    result["rebuild_generate_s"] = step["seconds"]

    print(f"[{n}] 增量生成（预览用）：改同一条记录……", file=sys.stderr)
    step = _child("incremental", {"content": str(content), "work": str(run_dir / "incremental")}, log)
    result["incremental_update_s"] = step["seconds"]
    result["incremental_renderers"] = step["renderers"]
    result["incremental_rewritten_files"] = step["written"]

    result.update(dict.fromkeys(("zensical_build_s", "zensical_peak_memory_bytes", "preview_engine", "preview_first_s", "preview_edits_s", "preview_edit_median_s")))
    if preview:
        print(f"[{n}] Zensical 构建……", file=sys.stderr)
        result.update(zensical_build(config, content, run_dir / "zensical"))
        print(f"[{n}] 预览：改记录到页面更新……", file=sys.stderr)
        result.update(preview_latency(config, content, run_dir / "preview", preview))
    return {key: result[key] for key in KEYS}


def zensical_build(config: Path, content: Path, out: Path) -> dict[str, Any]:
    """`yizheng generate` into out/, then `zensical build` of its generated configuration, timed."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    bin_dir = Path(sys.executable).parent
    docs = out / "docs"
    subprocess.run(
        [str(bin_dir / "yizheng"), "generate", "--content", str(content), "--config-file", str(config), "--docs-dir", str(docs)],
        env=env, check=True, capture_output=True,
    )
    seconds, peak = _timed([str(bin_dir / "zensical"), "build", "-f", str(out / "mkdocs.generated.yml")], out, env)
    return {"zensical_build_s": seconds, "zensical_peak_memory_bytes": peak}


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_memory(proc.pid))
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            output.seek(0)
            raise StepFailed(f"{' '.join(command[:2])} 失败：{output.read().decode('utf-8', 'replace')[-2000:]}")
    return seconds, peak


_PREVIEW_EDITS = (  # kind, the field edited, how many records
    ("suggestion", "title", 4),
    ("meeting", "topic", 2),
    ("representative", "name", 2),
    ("case", "title", 1),
    ("station", "name", 1),
)


def preview_latency(config: Path, content: Path, out: Path, engine: str) -> dict[str, Any]:
    """yizheng serve on a copy of the content; ten edits of different kinds, each timed from the
    file write until the record's page, fetched from the preview server, shows the new text."""
    import http.client
    import socket
    import urllib.request

    shutil.rmtree(out, ignore_errors=True)
    copy = out / "content"
    shutil.copytree(content, copy)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"

    def get(url: str) -> str:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):  # also a page read while the engine rewrote it
            return ""

    def wait(url: str, text: str, start: float, limit: float) -> float:
        while text not in get(url):
            if time.perf_counter() - start > limit:
                raise StepFailed(f"预览在 {limit:.0f} 秒内没有显示 {url} 的改动")
            time.sleep(0.02)
        return time.perf_counter() - start

    log = (out / "serve.log").open("w", encoding="utf-8")
    start = time.perf_counter()
    serve = subprocess.Popen(
        [str(Path(sys.executable).parent / "yizheng"), "serve", "--content", str(copy), "--config-file", str(config),
         "--docs-dir", str(out / "docs"), "--engine", engine, "--addr", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH),
    )
    edits: list[float] = []
    try:
        first = wait(base + "track/", "track", start, 3600)
        for kind_name, field, count in _PREVIEW_EDITS:
            kind = KIND_BY_NAME[kind_name]
            candidates = sorted(copy.glob(kind.pattern))
            candidates = candidates[len(candidates) // 3 :] + candidates[: len(candidates) // 3]
            done = 0
            for path in candidates:
                if done == count:
                    break
                page = base + kind.url(path.stem)
                if not get(page):
                    continue  # not published: an unpublished suggestion has no page of its own
                marker = f"预览测量{len(edits)}号{time.time_ns() % 1000000}"
                changed = re.sub(rf"(?m)^{field}: .*$", f"{field}: {marker}", path.read_text(encoding="utf-8"), count=1)
                begin = time.perf_counter()
                path.write_text(changed, encoding="utf-8")
                edits.append(wait(page, marker, begin, 600))
                print(f"预览测量：第 {len(edits)} 次改动（{kind.title}）{edits[-1]:.2f} 秒", file=sys.stderr, flush=True)
                done += 1
                time.sleep(1.0)  # the engine settles before the next edit
    finally:
        serve.terminate()
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
        log.close()
    return {
        "preview_engine": engine,
        "preview_first_s": first,
        "preview_edits_s": edits,
        "preview_edit_median_s": statistics.median(edits) if edits else None,
    }


def baseline_config(config: Path, content: Path, docs: Path, site: Path, out: Path) -> Path:
    """The configuration `yizheng generate` writes, without the yizheng plugin: plain MkDocs on the
    generated pages, with the site name and template values the plugin would have set."""
    from .loader import SITE_FILE, read_site
    from .site import engine_config

    site_record = read_site(content / SITE_FILE, [])
    if site_record is None:
        raise StepFailed(f"{content / SITE_FILE} 无法读取")
    data = engine_config.engine_config(config, docs, engine_config.settings(site_record, "2026-10-31 12:00"), site)
    data["plugins"] = [p for p in data["plugins"] if not (isinstance(p, dict) and engine_config.PLUGIN in p)]
    assert out.parent.resolve() == docs.resolve().parent, "its paths are relative to the docs folder's parent"
    out.write_text(engine_config.dump(data), encoding="utf-8")
    return out


_REFERENCED = re.compile(r'<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc|img[^>]*\bsrc|link[^>]*\brel="icon"[^>]*\bhref)="([^"#?]+)')


def home_page_weight(site: Path) -> dict[str, Any]:
    """What a first visit of the home page transfers, compressed as a static host does (gzip level 6):
    the page, every stylesheet, script, image and icon it names, and the search worker Material
    starts as the page opens. Not counted: the browser's own requests (a missing favicon.ico, say),
    and what the first use of the search box loads (head.js holds the index until then: the index
    and the Chinese word-splitting scripts the worker then loads), which is given on its own."""
    html = (site / "index.html").read_text(encoding="utf-8")
    named = {url[2:] if url.startswith("./") else url for url in _REFERENCED.findall(html)}
    named = {url for url in named if "://" not in url and not url.startswith("data:")}
    worker = [p.relative_to(site).as_posix() for p in site.glob("assets/javascripts/workers/search.*.min.js")]
    on_search = [p.relative_to(site).as_posix() for pattern in (
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
        "assets/javascripts/lunr/min/lunr.zh.min.js",
        "search/search_index.json",
    ) for p in site.glob(pattern)]
    files = ["index.html"] + sorted(named | set(worker))
    return {
        "home_page_gzip_bytes": _gzipped(site, files),
        "home_page_files": files,
        "search_first_use_gzip_bytes": _gzipped(site, on_search),
        "search_first_use_files": on_search,
    }


def _gzipped(site: Path, files: list[str]) -> int:
    total = 0
    for relpath in files:
        path = site / relpath
        if path.is_file():
            total += len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
    return total


def site_sizes(site: Path) -> dict[str, Any]:
    total = 0
    html: list[tuple[int, str]] = []
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html":
                html.append((size, path.relative_to(site).as_posix()))
    html.sort()
    index = (site / "search" / "search_index.json").read_bytes()
    return {
        "site_bytes": total,
        "html_pages": len(html),
        "largest_html_bytes": html[-1][0] if html else 0,
        "largest_html_path": html[-1][1] if html else "",
        "median_html_bytes": int(statistics.median(size for size, _ in html)) if html else 0,
        "search_index_bytes": len(index),
        "search_index_gzip_bytes": len(gzip.compress(index, compresslevel=9, mtime=0)),
    }


def search_check(content: Path, site: Path) -> dict[str, Any]:
    """Whether the search index still holds a handled (已办结) suggestion's title words.

    The index's documents are what search matches against; a title's word in
    some document (the suggestion's page or a listing page linking to it) is
    what a reader typing that word finds.
    """
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index.get("docs", [])
    title = _handled_title(content)
    found = False
    if title:
        # The plugin segments Chinese text into words with zero-width spaces; the
        # whole title in one document means each of its words finds that document.
        found = any(title in (d.get("title", "") + " " + d.get("text", "")).replace("\u200b", "") for d in docs)
    return {"search_index_docs": len(docs), "search_finds_handled_title": found}


def _handled_title(content: Path) -> str:
    for path in sorted((content / SUGGESTION.folder).rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        if "\nstatus: 已办结\n" in text and "\npublic: true\n" in text:
            match = re.search(r"^title: (.*)$", text, re.M)
            if match:
                return match.group(1).strip().strip("'\"")
    return ""


def change_one_suggestion(content: Path) -> str:
    """Change the reply text of one published, replied suggestion (or else one open one's status); its id."""
    files = sorted((content / SUGGESTION.folder).rglob("*.yml"))
    for path in files:
        text = path.read_text(encoding="utf-8")
        if "\npublic: true\n" in text and "\nreplies:\n" in text:
            new, count = re.subn(r"(\n    text: )(.*)\n", r"\1\2（已补充说明）\n", text, count=1)
            if count:
                path.write_text(new, encoding="utf-8")
                return path.stem
    raise StepFailed("合成数据中没有已答复的公开意见建议")


# --- the child processes -----------------------------------------------------------


def _child(step: str, params: dict[str, str], log: Path) -> dict[str, Any]:
    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    env.pop("YIZHENG_TODAY", None)
    code = "import sys; from yizheng.bench import child_main; sys.exit(child_main(sys.argv[1:]))"
    if hasattr(os, "sync"):
        os.sync()  # no write-back left over from the step before (synth writes 12,700 files) to slow this one
    with log.open("a", encoding="utf-8") as err, tempfile.TemporaryFile() as out:
        err.write(f"--- {step} {json.dumps(params, ensure_ascii=False)}\n")
        err.flush()
        proc = subprocess.Popen(
            [sys.executable, "-c", code, step, json.dumps(params)],
            stdout=out,
            stderr=err,
            env=env,
            cwd=params.get("config") and str(Path(params["config"]).parent) or None,
        )
        tree_peak = 0
        while proc.poll() is None:
            tree_peak = max(tree_peak, tree_memory(proc.pid))
            time.sleep(0.02)
        out.seek(0)
        stdout = out.read()
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise StepFailed(f"步骤 {step} 失败（退出码 {proc.returncode}），日志 {log}：\n{tail}")
    result = json.loads(stdout.decode("utf-8").strip().splitlines()[-1])
    result["peak_memory_bytes"] = max(result["peak_memory_bytes"], tree_peak)
    return result


def tree_memory(pid: int) -> int:
    """The PSS of a process and all its descendants, in bytes (0 where /proc cannot tell)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text(encoding="ascii")
        except OSError:
            continue  # gone already, or not Linux
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        if match:
            total += int(match.group(1)) * 1024
        try:
            tasks = list(Path(f"/proc/{current}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                pending.extend(int(child) for child in (task / "children").read_text(encoding="ascii").split())
            except (OSError, ValueError):
                continue  # a thread that ended meanwhile
    return total


def _peak() -> int:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def child_main(argv: list[str]) -> int:
    step, params = argv[0], json.loads(argv[1])
    out: dict[str, Any] = {}
    if step == "validate":
        from .loader import load

        start = time.perf_counter()
        load(Path(params["content"]))
        out["seconds"] = time.perf_counter() - start
    elif step == "generate":
        from .loader import load
        from .site.generate import context_for, write_site

        registry = load(Path(params["content"]))
        start = time.perf_counter()
        report = write_site(context_for(registry), Path(params["docs"]))
        out["seconds"] = time.perf_counter() - start
        out["written"] = len(report.written)
        out["written_paths"] = report.written
    elif step == "build":
        import mkdocs.commands.build  # noqa: F401 - imported before the clock starts, as in the baseline
        import mkdocs.config  # noqa: F401

        from .loader import load
        from .site.build import build_site

        start = time.perf_counter()
        registry = load(Path(params["content"]))
        code = build_site(registry, Path(params["config"]), Path(params["site"]), Path(params["docs"]))
        out["seconds"] = time.perf_counter() - start
        if code != 0:
            return code
    elif step == "incremental":
        from .site.incremental import Incremental
        from .site.watch import ContentWatch

        work = Path(params["work"])
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(params["content"], work / "content")
        site = Incremental(work / "content", work / "docs")
        site.full()
        watch = ContentWatch(work / "content")  # as the preview: told which files changed
        times = []
        try:
            for attempt in range(3):  # the same record changed three times; the fastest (the first's files)
                change_one_suggestion(work / "content")
                if not watch.wait(10):
                    raise StepFailed("改动记录文件后没有收到文件改动的通知")
                start = time.perf_counter()
                update = site.update(watch.take())
                times.append(time.perf_counter() - start)
                if attempt == 0:
                    out["renderers"] = update.renderers
                    out["written"] = len(update.report.written)
        finally:
            watch.stop()
        out["seconds"] = min(times)
    elif step == "baseline":
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        start = time.perf_counter()
        build(load_config(config_file=params["config"], strict=True))
        out["seconds"] = time.perf_counter() - start
    else:
        print(f"unknown step {step}", file=sys.stderr)
        return 2
    out["seconds"] = round(out["seconds"], 3)
    out["peak_memory_bytes"] = _peak()
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


# --- reporting -----------------------------------------------------------------------


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.2f} MB"


def _kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


ROWS = (
    ("校验（秒）", lambda r: f"{r['validate_s']:.2f}"),
    ("生成（秒）", lambda r: f"{r['generate_s']:.2f}"),
    ("生成的文件数", lambda r: str(r["generated_files"])),
    ("整体构建 yizheng build（秒）", lambda r: f"{r['build_s']:.2f}"),
    ("纯 MkDocs 构建（秒）", lambda r: f"{r['mkdocs_baseline_s']:.2f}"),
    ("整体 / 纯 MkDocs", lambda r: f"{r['build_ratio']:.2f}"),
    ("构建峰值内存", lambda r: _mb(r["peak_memory_bytes"])),
    ("网站大小", lambda r: _mb(r["site_bytes"])),
    ("HTML 页面数", lambda r: str(r["html_pages"])),
    ("最大 HTML 页面", lambda r: f"{_kb(r['largest_html_bytes'])} {r['largest_html_path']}"),
    ("HTML 页面中位数", lambda r: _kb(r["median_html_bytes"])),
    ("搜索索引", lambda r: _mb(r["search_index_bytes"])),
    ("搜索索引 gzip", lambda r: _mb(r["search_index_gzip_bytes"])),
    ("搜索能找到已办结建议的标题词", lambda r: "是" if r["search_finds_handled_title"] else "否"),
    ("首页首次访问传输（gzip）", lambda r: f"{_kb(r['home_page_gzip_bytes'])}（{len(r['home_page_files'])} 个文件）"),
    ("第一次使用搜索时再加载（gzip）", lambda r: f"{_kb(r['search_first_use_gzip_bytes'])}（索引和中文分词脚本）"),
    ("改一条记录后改写的文件数", lambda r: str(r["rebuild_rewritten_files"])),
    ("改一条记录后生成（秒）", lambda r: f"{r['rebuild_generate_s']:.2f}"),
    ("增量生成：改同一条记录，三次取最快（秒）", lambda r: f"{r['incremental_update_s']:.2f}（重跑 {r['incremental_renderers']} 个渲染器，改写 {r['incremental_rewritten_files']} 个文件）"),
    ("Zensical 构建同一批页面（秒）", lambda r: _maybe(r["zensical_build_s"], "{:.2f}")),
    ("Zensical 构建峰值内存", lambda r: _mb(r["zensical_peak_memory_bytes"]) if r["zensical_peak_memory_bytes"] else "—"),
    ("预览：第一次生成和构建（秒）", lambda r: _maybe(r["preview_first_s"], "{:.1f}")),
    ("预览：改记录到页面更新，中位数（秒）", lambda r: _maybe(r["preview_edit_median_s"], "{:.2f}") + (f" {r['preview_engine']}" if r["preview_engine"] else "")),
)


def _maybe(value: float | None, form: str) -> str:
    return "—" if value is None else form.format(value)


def table(results: list[dict]) -> str:
    header = ["意见建议条数"] + [str(r["suggestions"]) for r in results]
    rows = [header] + [[label] + [fmt(r) for r in results] for label, fmt in ROWS]
    width = max(_width(row[0]) for row in rows)
    lines = []
    for row in rows:
        lines.append(row[0] + " " * (width - _width(row[0])) + "  " + "  |  ".join(row[1:]))
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def targets_text(results: list[dict]) -> str:
    lines = ["目标："]
    for label, check in TARGETS:
        marks = [f"{r['suggestions']}：{'达到' if check(r) else '未达到'}" for r in results]
        lines.append(f"  {label}  —  {'，'.join(marks)}")
    return "\n".join(lines)
