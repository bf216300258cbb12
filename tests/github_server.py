"""A local HTTP server that speaks the part of GitHub's REST API the intake and notify commands use.

It keeps issues, comments, labels, branches, files and pull requests in
memory and answers with GitHub's documented JSON shapes, so the real PyGithub
client talks to it unchanged. Every request is logged, and a failure can be
injected once for a given method and path, to test that no write is retried
blindly.

Each token stands for a user (`State.users`): the bot's `TOKEN` writes as
`github-actions[bot]` (what GitHub Actions' own token does), `OUTSIDER_TOKEN`
as a stranger. Comments keep their author and return it as `user.login`, as
GitHub's REST API does, and only a comment's author may edit or delete it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

TOKEN = "test-token"
"""The workflow's own token: what it writes is written by `BOT_LOGIN`, as with GitHub Actions' GITHUB_TOKEN."""
BOT_LOGIN = "github-actions[bot]"
OUTSIDER_TOKEN = "outsider-token"
"""Anyone else's token: comments made with it are written by `OUTSIDER_LOGIN`."""
OUTSIDER_LOGIN = "stranger"
STAFF_LOGIN = "clerk"
"""A staff member with write access to the repository (`State.permissions`)."""


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


@dataclass
class Failure:
    method: str
    path: re.Pattern[str]
    status: int
    times: int = 1


@dataclass
class After:
    """Something that happens on GitHub right after a matching request, once (e.g. staff merge a pull request)."""

    method: str
    path: re.Pattern[str]
    action: Callable[[], object]


@dataclass
class State:
    owner: str = "honggu-npc"
    name: str = "yizheng"
    branches: dict[str, dict[str, bytes]] = field(default_factory=lambda: {"main": {}})
    heads: dict[str, str] = field(default_factory=dict)
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    pulls: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    after: list[After] = field(default_factory=list)
    commits: int = 0
    next_id: int = 1000
    # token → login of its user; a comment records who wrote it, as GitHub does.
    users: dict[str, str] = field(default_factory=lambda: {TOKEN: BOT_LOGIN, OUTSIDER_TOKEN: OUTSIDER_LOGIN})
    # login → permission on the repository, as GET /collaborators/{user}/permission answers;
    # anyone not listed reads a public repository ("read").
    permissions: dict[str, str] = field(default_factory=lambda: {"honggu-npc": "admin", STAFF_LOGIN: "write"})
    # branch → its commits, oldest first, as (sha, message): what the compare API lists.
    log: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def new_sha(self) -> str:
        self.commits += 1
        return hashlib.sha1(f"commit {self.commits}".encode()).hexdigest()

    def add_issue(self, number: int, title: str, body: str, created_at: str = "2026-11-27T02:00:00Z",
                  labels: tuple[str, ...] = ("意见建议",), user: str = "resident") -> dict[str, Any]:
        self.issues[number] = {
            "number": number, "title": title, "body": body, "state": "open", "state_reason": None,
            "labels": list(labels), "created_at": created_at, "updated_at": created_at, "user": user,
        }
        return self.issues[number]

    def add_comment(self, number: int, body: str, user: str = OUTSIDER_LOGIN) -> dict[str, Any]:
        """A comment written directly into the state (by someone other than the bot, unless `user` says so)."""
        self.next_id += 1
        self.comments[self.next_id] = {"id": self.next_id, "issue": number, "body": body, "user": user}
        return self.comments[self.next_id]

    def add_pull(self, head: str, title: str = "", body: str = "", state: str = "open", merged: bool = False) -> dict[str, Any]:
        number = max([*self.issues, *self.pulls, 0]) + 1
        self.pulls[number] = {"number": number, "title": title, "body": body, "head": head, "base": "main",
                              "state": state, "merged": merged}
        return self.pulls[number]

    def merge_pull(self, number: int) -> dict[str, bytes]:
        """Merge a pull request as staff would in the browser: its branch's files land on its base.

        Returns the files that changed on the base branch, by path.
        """
        pull = self.pulls[number]
        head, base = self.branches[pull["head"]], self.branches[pull["base"]]
        changed = {path: data for path, data in head.items() if base.get(path) != data}
        base.update(changed)
        known = {sha for sha, _ in self.log.setdefault(pull["base"], [])}
        self.log[pull["base"]] += [c for c in self.log.get(pull["head"], []) if c[0] not in known]
        self.heads[pull["base"]] = self.new_sha()
        self.log[pull["base"]].append((self.heads[pull["base"]], f"Merge pull request #{number}"))
        pull.update(state="closed", merged=True)
        return changed

    def writes(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p in self.requests if m != "GET"]

    def issue_comments(self, number: int) -> list[str]:
        return [c["body"] for c in sorted(self.comments.values(), key=lambda c: c["id"]) if c["issue"] == number]


class FakeGitHub:
    """Start with `with FakeGitHub() as gh:`; gh.api_url is GITHUB_API_URL."""

    def __init__(self, state: State | None = None) -> None:
        self.state = state or State()
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"github": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        # shutdown() waits for the serving loop's next poll: 0.5 s by default, at the end of every test.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def repository(self) -> str:
        return f"{self.state.owner}/{self.state.name}"

    def __enter__(self) -> FakeGitHub:
        if not self.state.heads:
            self.state.heads["main"] = self.state.new_sha()
        for branch, sha in self.state.heads.items():
            self.state.log.setdefault(branch, [(sha, "initial")])
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    # --- JSON shapes, as GitHub documents them ------------------------------------------------

    def repo_url(self) -> str:
        return f"{self.api_url}/repos/{self.repository}"

    def html(self, path: str = "") -> str:
        return f"https://github.com/{self.repository}{path}"

    def user(self, login: str) -> dict[str, Any]:
        # GitHub's simple-user: an app's (and Actions') account is "<slug>[bot]", of type "Bot".
        kind = "Bot" if login.endswith("[bot]") else "User"
        number = int(hashlib.sha1(login.encode()).hexdigest()[:6], 16)
        return {"login": login, "id": number, "type": kind, "url": f"{self.api_url}/users/{login}", "site_admin": False}

    def repo_json(self) -> dict[str, Any]:
        return {
            "id": 1, "name": self.state.name, "full_name": self.repository, "private": False,
            "owner": self.user(self.state.owner), "url": self.repo_url(), "html_url": self.html(),
            "default_branch": "main",
        }

    def label_json(self, name: str) -> dict[str, Any]:
        return {"name": name, "color": "ededed", "url": f"{self.repo_url()}/labels/{name}"}

    def issue_json(self, issue: dict[str, Any]) -> dict[str, Any]:
        n = issue["number"]
        return {
            "id": 10_000 + n, "number": n, "title": issue["title"], "body": issue["body"],
            "state": issue["state"], "state_reason": issue["state_reason"],
            "labels": [self.label_json(name) for name in issue["labels"]],
            "user": self.user(issue["user"]), "created_at": issue["created_at"], "updated_at": issue["updated_at"],
            "url": f"{self.repo_url()}/issues/{n}", "html_url": self.html(f"/issues/{n}"),
            "comments_url": f"{self.repo_url()}/issues/{n}/comments",
            "comments": sum(1 for c in self.state.comments.values() if c["issue"] == n),
        }

    def comment_json(self, comment: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": comment["id"], "body": comment["body"], "user": self.user(comment["user"]),
            "author_association": "NONE" if comment["user"] == OUTSIDER_LOGIN else "CONTRIBUTOR",
            "url": f"{self.repo_url()}/issues/comments/{comment['id']}",
            "html_url": self.html(f"/issues/{comment['issue']}#issuecomment-{comment['id']}"),
            "issue_url": f"{self.repo_url()}/issues/{comment['issue']}",
            "created_at": "2026-11-27T03:00:00Z", "updated_at": "2026-11-27T03:00:00Z",
        }

    def ref_json(self, branch: str) -> dict[str, Any]:
        sha = self.state.heads[branch]
        return {
            "ref": f"refs/heads/{branch}", "url": f"{self.repo_url()}/git/refs/heads/{branch}",
            "object": {"sha": sha, "type": "commit", "url": f"{self.repo_url()}/git/commits/{sha}"},
        }

    def content_json(self, branch: str, path: str) -> dict[str, Any]:
        data = self.state.branches[branch][path]
        return {
            "type": "file", "encoding": "base64", "size": len(data), "name": path.rsplit("/", 1)[-1], "path": path,
            "content": base64.b64encode(data).decode(), "sha": blob_sha(data),
            "url": f"{self.repo_url()}/contents/{path}?ref={branch}", "html_url": self.html(f"/blob/{branch}/{path}"),
        }

    def pull_json(self, pull: dict[str, Any]) -> dict[str, Any]:
        n = pull["number"]
        return {
            "id": 20_000 + n, "number": n, "title": pull["title"], "body": pull["body"], "state": pull["state"],
            "head": {"ref": pull["head"], "label": f"{self.state.owner}:{pull['head']}", "sha": self.state.heads.get(pull["head"])},
            "base": {"ref": pull["base"], "label": f"{self.state.owner}:{pull['base']}", "sha": self.state.heads["main"]},
            "url": f"{self.repo_url()}/pulls/{n}", "html_url": self.html(f"/pull/{n}"),
            "issue_url": f"{self.repo_url()}/issues/{n}", "user": self.user(BOT_LOGIN),
            "merged": pull.get("merged", False), "draft": False, "merge_commit_sha": pull.get("merge_commit_sha"),
            "merged_at": "2026-11-28T03:00:00Z" if pull.get("merged") else None,
            "closed_at": "2026-11-28T03:00:00Z" if pull["state"] == "closed" else None,
        }


class _Handler(BaseHTTPRequestHandler):
    github: FakeGitHub
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; with Nagle's algorithm the body waited for the
    # client's delayed ACK, about 40 ms on every request (issue #12: 5.5 s per intake run).
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        gh = self.github
        url = urlparse(self.path)
        path = unquote(url.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"null") if length else None
        with gh.lock:
            gh.state.requests.append((method, path))
            token = (self.headers.get("Authorization") or "").partition(" ")[2]
            if token not in gh.state.users:
                return self._send(401, {"message": "Bad credentials"})
            self.login = gh.state.users[token]
            for failure in gh.state.failures:
                if failure.times and failure.method == method and failure.path.search(path):
                    failure.times -= 1
                    return self._send(failure.status, {"message": "Server Error (injected)"})
            prefix = f"/repos/{gh.repository}"
            if not path.startswith(prefix):
                return self._send(404, {"message": "Not Found"})
            try:
                status, payload = _route(gh, method, path[len(prefix):], query, body, self.login)
            except KeyError:
                status, payload = 404, {"message": "Not Found"}
            for after in [a for a in gh.state.after if a.method == method and a.path.search(path)]:
                gh.state.after.remove(after)
                after.action()
        self._send(status, payload)

    def _send(self, status: int, payload: Any) -> None:
        data = b"" if status == 204 else json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _route(gh: FakeGitHub, method: str, path: str, query: dict[str, str], body: Any, login: str) -> tuple[int, Any]:
    s = gh.state
    if path == "" and method == "GET":
        return 200, gh.repo_json()
    if path == "/issues":
        if method == "POST":
            number = max([*s.issues, *s.pulls, 0]) + 1
            now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            issue = s.add_issue(number, body["title"], body.get("body") or "", now, tuple(body.get("labels") or ()), login)
            return 201, gh.issue_json(issue)
        wanted = [name for name in query.get("labels", "").split(",") if name]
        state = query.get("state", "open")
        found = [i for n, i in sorted(s.issues.items())
                 if (state == "all" or i["state"] == state) and all(name in i["labels"] for name in wanted)]
        return 200, [gh.issue_json(i) for i in found]
    if m := re.fullmatch(r"/issues/(\d+)", path):
        issue = s.issues[int(m[1])]
        if method == "PATCH":
            if body.get("state_reason") not in (None, "completed", "not_planned", "reopened"):
                return 422, {"message": "Validation Failed", "errors": [{"field": "state_reason", "code": "invalid"}]}
            if body.get("state") not in (None, "open", "closed"):
                return 422, {"message": "Validation Failed", "errors": [{"field": "state", "code": "invalid"}]}
            for key in ("title", "body", "state", "state_reason"):
                if key in body:
                    issue[key] = body[key]
            if "labels" in body:
                issue["labels"] = list(body["labels"])
            issue["updated_at"] = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return 200, gh.issue_json(issue)
    if m := re.fullmatch(r"/issues/(\d+)/comments", path):
        number = int(m[1])
        s.issues[number]  # 404 for an unknown issue
        if method == "POST":
            s.next_id += 1
            s.comments[s.next_id] = {"id": s.next_id, "issue": number, "body": body["body"], "user": login}
            return 201, gh.comment_json(s.comments[s.next_id])
        items = [gh.comment_json(c) for c in sorted(s.comments.values(), key=lambda c: c["id"]) if c["issue"] == number]
        return 200, items
    if m := re.fullmatch(r"/issues/comments/(\d+)", path):
        comment = s.comments[int(m[1])]
        if method in ("PATCH", "DELETE") and comment["user"] != login:
            return 403, {"message": "Resource not accessible by integration"}  # only its author may change it
        if method == "DELETE":
            del s.comments[comment["id"]]
            return 204, None
        if method == "PATCH":
            comment["body"] = body["body"]
        return 200, gh.comment_json(comment)
    if m := re.fullmatch(r"/issues/(\d+)/labels", path):
        issue = s.issues[int(m[1])]
        names = body.get("labels", body) if isinstance(body, dict) else (body or [])
        if method == "POST":
            issue["labels"] += [n for n in names if n not in issue["labels"]]
        elif method == "PUT":
            issue["labels"] = list(names)
        return 200, [gh.label_json(n) for n in issue["labels"]]
    if m := re.fullmatch(r"/issues/(\d+)/labels/(.+)", path):
        issue = s.issues[int(m[1])]
        if m[2] not in issue["labels"]:
            return 404, {"message": "Label does not exist"}
        issue["labels"].remove(m[2])
        return 200, [gh.label_json(n) for n in issue["labels"]]
    if m := re.fullmatch(r"/git/matching-refs/(.*)", path):
        prefix = m[1].removeprefix("heads/")
        return 200, [gh.ref_json(b) for b in sorted(s.heads) if m[1].startswith("heads/") and b.startswith(prefix)]
    if m := re.fullmatch(r"/git/ref/heads/(.+)", path):
        if m[1] not in s.heads:
            return 404, {"message": "Not Found"}
        return 200, gh.ref_json(m[1])
    if path == "/git/refs" and method == "POST":
        branch = body["ref"].removeprefix("refs/heads/")
        if branch in s.heads:
            return 422, {"message": "Reference already exists"}
        source = next(b for b, sha in s.heads.items() if sha == body["sha"])
        s.branches[branch] = dict(s.branches[source])
        s.heads[branch] = body["sha"]
        s.log[branch] = list(s.log.get(source, []))
        return 201, gh.ref_json(branch)
    if m := re.fullmatch(r"/contents/(.+)", path):
        file_path = m[1]
        branch = (body or {}).get("branch") if method == "PUT" else query.get("ref", "main")
        files = s.branches[branch]
        if method == "GET":
            if file_path not in files:
                return 404, {"message": "Not Found"}
            return 200, gh.content_json(branch, file_path)
        if method == "PUT":
            existing = files.get(file_path)
            if existing is not None and body.get("sha") != blob_sha(existing):
                return 409, {"message": f"{file_path} does not match {body.get('sha')}"}
            if existing is None and body.get("sha"):
                return 422, {"message": "sha wasn't supplied"}
            files[file_path] = base64.b64decode(body["content"])
            sha = s.new_sha()
            s.heads[branch] = sha
            s.log.setdefault(branch, []).append((sha, body["message"]))
            commit = {"sha": sha, "url": f"{gh.repo_url()}/git/commits/{sha}", "message": body["message"]}
            return (200 if existing is not None else 201), {"content": gh.content_json(branch, file_path), "commit": commit}
    if m := re.fullmatch(r"/collaborators/([^/]+)/permission", path):
        # GitHub's "Get repository permissions for a user": admin, write, read or none.
        permission = s.permissions.get(m[1], "read")
        role = {"admin": "admin", "maintain": "maintain", "write": "write", "triage": "triage"}.get(permission, "read")
        # GitHub's documented legacy roles: maintain is reported as write, triage as read.
        legacy = {"maintain": "write", "triage": "read"}.get(permission, permission)
        return 200, {"permission": legacy, "role_name": role,
                     "user": gh.user(m[1])}
    if m := re.fullmatch(r"/compare/(.+?)\.\.\.(.+)", path):
        base, head = s.log[m[1]], s.log[m[2]]
        on_base = {sha for sha, _ in base}
        ahead = [(sha, message) for sha, message in head if sha not in on_base]
        commits = [
            {"sha": sha, "url": f"{gh.repo_url()}/commits/{sha}", "html_url": gh.html(f"/commit/{sha}"),
             "commit": {"message": message, "url": f"{gh.repo_url()}/git/commits/{sha}"}}
            for sha, message in ahead
        ]
        return 200, {"url": f"{gh.repo_url()}/compare/{m[1]}...{m[2]}", "status": "ahead" if ahead else "identical",
                     "ahead_by": len(ahead), "behind_by": 0, "total_commits": len(ahead), "commits": commits, "files": []}
    if path == "/pulls":
        if method == "POST":
            if any(p["head"] == body["head"] and p["state"] == "open" for p in s.pulls.values()):
                return 422, {"message": "Validation Failed", "errors": [{"message": "A pull request already exists"}]}
            pull = s.add_pull(body["head"], body["title"], body.get("body"))
            pull["base"] = body["base"]
            return 201, gh.pull_json(pull)
        head = query.get("head", "")
        branch = head.split(":", 1)[-1]
        state = query.get("state", "open")
        found = [p for p in s.pulls.values() if (not head or p["head"] == branch) and (state == "all" or p["state"] == state)]
        return 200, [gh.pull_json(p) for p in found]
    if m := re.fullmatch(r"/commits/([0-9a-f]{40})", path):
        url = f"{gh.repo_url()}/commits/{m[1]}"
        return 200, {"sha": m[1], "url": url, "html_url": gh.html(f"/commit/{m[1]}"), "commit": {"message": ""}}
    if m := re.fullmatch(r"/commits/([0-9a-f]{40})/pulls", path):
        # GitHub's "List pull requests associated with a commit": the merged one by its merge commit.
        found = [p for p in s.pulls.values() if p.get("merge_commit_sha") == m[1] or s.heads.get(p["head"]) == m[1]]
        return 200, [gh.pull_json(p) for p in found]
    if m := re.fullmatch(r"/pulls/(\d+)", path):
        pull = s.pulls[int(m[1])]
        if method == "PATCH":
            for key in ("title", "body", "state"):
                if key in body:
                    pull[key] = body[key]
        return 200, gh.pull_json(pull)
    return 404, {"message": "Not Found"}
