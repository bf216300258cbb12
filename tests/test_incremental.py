"""Incremental generation gives, after every edit, exactly the files a full generation gives."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import time
from pathlib import Path

import yaml

from conftest import CONTENT
from yizheng.loader import InvalidContent, load
from yizheng.site.generate import BEIJING, context_for, render_site
from yizheng.site.incremental import Incremental
from yizheng.site.pages import RENDERERS
from yizheng.site.watch import ContentWatch

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=BEIJING)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _full(content: Path) -> dict[str, bytes] | None:
    try:
        registry = load(content, jobs=1)
    except InvalidContent:
        return None
    files = render_site(context_for(registry, NOW), jobs=1)
    return {path: data.encode("utf-8") if isinstance(data, str) else data for path, data in files.items()}


class Editor:
    """Random edits of a content folder, each with a new modification time."""

    def __init__(self, content: Path, seed: int) -> None:
        self.content = content
        self.random = random.Random(seed)
        self.original = {p: p.read_bytes() for p in content.rglob("*") if p.is_file() and p.name != "site.yml"}
        self.removed: list[Path] = []
        self.tick = 1_900_000_000_000_000_000

    def _write(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        self.tick += 1_000_000
        os.utime(path, ns=(self.tick, self.tick))

    def _present(self, pattern: str) -> list[Path]:
        return sorted(p for p in self.content.rglob("*") if p.is_file() and p.name != "site.yml" and re.search(pattern, p.as_posix()))

    def edit(self, broken: bool) -> str:
        """One random edit; after one that left errors, a file removed is put back."""
        choice = "restore" if broken and self.removed else self.random.choice(["field", "field", "counted", "counted", "remove", "copy"])
        word = "".join(self.random.choice("龙兴社区路灯电梯停车议政代表") for _ in range(self.random.randint(2, 12)))
        if choice == "field":
            path = self.random.choice(self._present(r"/(suggestions|meetings|cases|rules|representatives|stations)/"))
            text = path.read_text(encoding="utf-8")
            fields = [f for f in ("title", "name", "problem", "proposal", "summary", "topic") if re.search(rf"(?m)^{f}: ", text)]
            if not fields:
                return "nothing"
            field = self.random.choice(fields)
            self._write(path, re.sub(rf"(?m)^{field}: .*$", f"{field}: {word}", text, count=1))
            return f"{field} of {path.name}"
        if choice == "counted":
            return self._counted()
        if choice == "remove":
            path = self.random.choice(self._present(r"/(suggestions|meetings|cases|representatives|stations)/"))
            path.unlink()
            self.removed.append(path)
            return f"removed {path.name}"
        if choice == "restore":
            if self.removed:
                path = self.removed.pop(self.random.randrange(len(self.removed)))
            else:
                path = self.random.choice(sorted(self.original))
            self._write(path, self.original[path].decode("utf-8"))
            return f"restored {path.name}"
        return self._copy()

    def _counted(self) -> str:
        """A suggestion's field that figures, groupings or lists read (site/derived.py): its category, who
        collected it, when it was submitted, its deadline, or an evaluation between 满意 and 基本满意."""
        path = self.random.choice(self._present(r"/suggestions/"))
        text = path.read_text(encoding="utf-8")
        categories = [c["id"] for c in yaml.safe_load((self.content / "site.yml").read_text(encoding="utf-8"))["categories"]]
        representatives = [p.stem for p in self._present(r"/representatives/")]
        edits = [
            (r"(?m)^category: .*$", lambda m: f"category: {self.random.choice(categories)}"),
            (r"(?m)^representatives:\n  - .*$", lambda m: f"representatives:\n  - {self.random.choice(representatives)}"),
            (r"(?m)^submitted: (\d{4}-\d\d-\d\d)$",
             lambda m: f"submitted: {dt.date.fromisoformat(m.group(1)) - dt.timedelta(days=self.random.randint(1, 40))}"),
            (r"(?m)^    deadline: (\d{4}-\d\d-\d\d)$",
             lambda m: f"    deadline: {dt.date.fromisoformat(m.group(1)) + dt.timedelta(days=self.random.randint(-5, 60))}"),
            (r"(?m)^    satisfaction: (满意|基本满意)$", lambda m: "    satisfaction: " + ("基本满意" if m.group(1) == "满意" else "满意")),
        ]
        found = [(pattern, make) for pattern, make in edits if re.search(pattern, text)]
        pattern, make = self.random.choice(found)
        self._write(path, re.sub(pattern, make, text, count=1))
        return f"{pattern} of {path.name}"

    def _copy(self) -> str:
        source = self.random.choice(self._present(r"/suggestions/2026/"))
        number = self.random.randint(9000, 9999)
        new_id = f"{source.stem[:6]}{number}"  # 2026-W0025 → 2026-W9xxx, with an issue number of its own
        target = source.with_name(f"{new_id}.yml")
        text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", source.read_text(encoding="utf-8"), count=1)
        self._write(target, re.sub(r"(?m)^issue: .*$", f"issue: {number}", text))
        return f"copied {source.name} to {target.name}"


def test_every_incremental_result_is_the_full_generation_byte_for_byte(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    docs = tmp_path / "docs"
    site = Incremental(content, docs, now=NOW)
    first = site.full()
    assert not first.failed and first.renderers == len(RENDERERS)
    assert _tree(docs) == _full(content)

    editor = Editor(content, seed=12)
    skipped = compared = 0
    broken = False
    for step in range(30):
        what = editor.edit(broken)
        update = site.update()
        expected = _full(content)
        broken = expected is None
        if broken:
            assert update.failed, what  # the records have errors: the update says so
            continue
        assert not update.failed, (what, update.problems)
        assert _tree(docs) == expected, (step, what)
        compared += 1
        skipped += update.renderers < len(RENDERERS)
    assert compared >= 15 and skipped >= 3, (compared, skipped)


def test_an_edit_reruns_only_the_renderers_that_read_its_kind(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site = Incremental(content, tmp_path / "docs", now=NOW)
    site.full()
    rule = sorted((content / "rules").glob("*.md"))[0]
    rule.write_text(re.sub(r"(?m)^title: .*$", "title: 新的标题", rule.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    update = site.update()
    assert update.changed_files == [f"rules/{rule.name}"]
    assert 0 < update.renderers < len(RENDERERS)
    assert f"rules/{rule.stem}.md" in update.report.written
    assert site.update().renderers == 0  # nothing changed since


def test_after_an_edit_only_the_pieces_of_that_record_are_made_again(tmp_path: Path) -> None:
    """SiteContext.memo: the rows, lines and pages worked out from one suggestion, or that read it, are
    made again after it changed, and no other piece (the rest are taken as they were)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site = Incremental(content, tmp_path / "docs", now=NOW)
    site.full()
    assert site.ctx is not None and site.registry is not None
    published = site.ctx.published_suggestions
    assert len(published) >= 10
    target = published[3]
    before = dict(site._fragments._pieces)
    path = content / site.registry.source("suggestion", target.id).relpath
    path.write_text(re.sub(r"(?m)^title: .*$", "title: 新的标题", path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    update = site.update()
    assert not update.failed and f"suggestions/{target.id[:4]}/{target.id}.md" in update.report.written
    edited = site.registry.suggestions[target.id]
    made = {key: piece for key, piece in site._fragments._pieces.items() if before.get(key) is not piece}
    assert made, "the edited suggestion's pieces are made again"
    for record, _, deps in made.values():  # made from it, or a piece that reads it by id (a representative's page)
        assert record is edited or (type(record) is tuple and edited in record) or ("suggestion", target.id) in deps, record
    kept = sum(1 for key, piece in before.items() if site._fragments._pieces.get(key) is piece)
    assert kept >= len(before) - 3 * len(made), (kept, len(before), len(made))


def test_updates_told_by_the_watch_are_the_full_generation_byte_for_byte(tmp_path: Path) -> None:
    """site/watch.py: the preview looks only at the files the system says changed; the pages are the
    same as a full generation after each random edit, a folder added with its files, and a file read."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    docs = tmp_path / "docs"
    site = Incremental(content, docs, now=NOW)
    assert not site.full().failed
    watch = ContentWatch(content)
    try:
        assert watch.watching
        assert not watch.wait(0.2) and watch.take() == set()  # nothing changed: nothing to look at
        (content / "site.yml").read_bytes()  # read, not written
        assert not watch.wait(0.2)
        editor = Editor(content, seed=5)
        compared = 0
        broken = False
        for step in range(12):
            what = editor.edit(broken)
            if what == "nothing":
                continue
            assert watch.wait(5), what
            paths = watch.take()
            assert paths, what
            update = site.update(paths)
            expected = _full(content)
            broken = expected is None
            if not broken:
                assert not update.failed, (what, update.problems)
                assert _tree(docs) == expected, (step, what)
                compared += 1
        assert compared >= 6, compared
        # A new folder: the watch cannot name the files in it one by one, so all are looked at.
        (content / "suggestions/2031").mkdir()
        source = sorted((content / "suggestions/2026").glob("*.yml"))[0]
        text = re.sub(r"(?m)^id: .*$", "id: 2026-W9901", source.read_text(encoding="utf-8"), count=1)
        (content / "suggestions/2026/2026-W9901.yml").write_text(re.sub(r"(?m)^issue: .*$", "issue: 9901", text), encoding="utf-8")
        assert watch.wait(5)
        time.sleep(0.3)
        assert watch.take() is None
        update = site.update(None)
        assert "suggestions/2026/2026-W9901.yml" in update.changed_files
        assert _tree(docs) == _full(content)
    finally:
        watch.stop()
