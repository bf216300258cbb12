"""JSON Schemas of every record kind, generated from the models.

Editors read them through the `# yaml-language-server: $schema=...` line at
the top of each record file, so staff see mistakes while they type.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .kinds import KINDS
from .models import Site
from .models.staff_keys import StaffKeys

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


def schemas() -> dict[str, dict]:
    """File name → schema, for site.yml and each record kind."""
    models: list[tuple[str, type[BaseModel], str]] = [("site", Site, "content/site.yml")]
    models += [(kind.name, kind.schema_model, f"content/{kind.folder}/") for kind in KINDS]
    models.append(("staff-keys", StaffKeys, "content/staff-keys.yml"))
    result = {}
    for name, model, where in models:
        schema = model.model_json_schema(mode="validation")
        schema = {"$schema": SCHEMA_URI, "$id": f"{name}.schema.json", **schema}
        schema["$comment"] = f"由 yizheng schema 根据模型生成，请勿手工修改；适用于 {where}"
        result[f"{name}.schema.json"] = schema
    return result


def render(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_schemas(out: Path) -> list[Path]:
    """Write every schema into `out`, only where the text changed; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / name
        text = render(schema)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def schema_path_for(relpath: str, kind_name: str) -> str:
    """The relative $schema reference written at the top of a record file."""
    depth = relpath.count("/") + 1  # content/ itself is one level
    return "../" * depth + f"schema/{kind_name}.schema.json"
