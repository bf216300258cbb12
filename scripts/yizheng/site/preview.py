"""`yizheng serve`: the local preview of the content folder it is given.

The pages are generated once in full, with the configuration every engine reads
(engine_config.py); then an engine serves them and rebuilds what changes in the docs
folder, while this process looks at the content folder several times a second and
regenerates only what the changed records feed (incremental.py). Errors in the records
are printed, and the preview keeps the pages it had until they are fixed.

Engines: `zensical` (its own server) or `mkdocs` (`mkdocs serve --dirty`, which rebuilds
only the pages whose Markdown changed; not strict, since MkDocs warns about every dirty
build). Either is given the generated configuration, never mkdocs.yml itself.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..problems import Problem
from .engine_config import docs_dir_of, generated_config_path
from .generate import write_engine_config
from .incremental import Incremental, Update

ENGINES = ("zensical", "mkdocs")


def engine_command(engine: str, config: Path, addr: str) -> list[str]:
    bin_dir = Path(sys.executable).parent
    if engine == "zensical":
        return [str(bin_dir / "zensical"), "serve", "-f", str(config), "-a", addr]
    return [str(bin_dir / "mkdocs"), "serve", "-f", str(config), "-a", addr, "--dirty", "--no-strict"]


def serve(
    content: Path,
    config_file: Path,
    engine: str,
    addr: str,
    docs_dir: Path | None = None,
    interval: float = 0.2,
    report: Callable[[list[Problem]], None] | None = None,
) -> int:
    """Generate, start the engine, and regenerate on every change until the engine stops or Ctrl+C."""
    docs_dir = docs_dir or docs_dir_of(config_file)
    site = Incremental(content, docs_dir)
    print(f"预览：正在生成 {content} 的全部页面……", flush=True)
    started = time.perf_counter()
    first = site.full()
    _report(first, report)
    if first.failed or site.ctx is None:
        print("记录有错误，无法预览；请修正后再运行。", file=sys.stderr)
        return 1
    config = write_engine_config(site.ctx, docs_dir, config_file)
    print(f"预览：已生成 {len(first.report.written) + first.report.unchanged} 个文件，用时 {time.perf_counter() - started:.1f} 秒", flush=True)
    print(f"预览：由 {engine} 在 http://{addr}/ 提供；改动 {content} 下的记录后页面会自动更新。按 Ctrl+C 结束。", flush=True)
    engine_process = subprocess.Popen(engine_command(engine, config, addr))
    signal.signal(signal.SIGTERM, _stop)  # stopped by another program: the engine is stopped too
    try:
        while engine_process.poll() is None:
            time.sleep(interval)
            update = site.update()
            if update.changed_files:
                _report(update, report)
                if update.failed:
                    print("预览：记录有错误，页面保持原样，改正后自动更新。", flush=True)
                else:
                    print(
                        f"预览：{len(update.changed_files)} 个记录文件有改动，重新生成 {len(update.report.written)} 个页面文件、"
                        f"删除 {len(update.report.removed)} 个",
                        flush=True,
                    )
                if site.ctx is not None and generated_config_path(docs_dir).exists():
                    write_engine_config(site.ctx, docs_dir, config_file)  # site.yml may have changed the name
        return engine_process.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        if engine_process.poll() is None:
            engine_process.terminate()
            try:
                engine_process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                engine_process.kill()


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _report(update: Update, report: Callable[[list[Problem]], None] | None) -> None:
    if update.problems and report is not None:
        report(update.problems)
