"""Private text sealed at rest: each value its own ASCII-armored age message.

An offline suggestion (id `YYYY-X####`) whose submitter did not agree to
publication (`public: false`) keeps its text in a repository that anyone can
read, history included. Once `content/staff-keys.yml` lists the staff's age
recipients, every free-text value of such a record is stored encrypted to all
of them (age, through pyrage, the binding of the maintained rage crate):

    problem: |-
      -----BEGIN AGE ENCRYPTED FILE-----
      YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBH...
      -----END AGE ENCRYPTED FILE-----

Each value is sealed on its own, so a staff command can add a reply or a note
to a sealed record with the recipients alone: sealing needs no private key,
only reading does. `validate`, `build` and CI never need a key: they check
that a sealed value is a well-formed age message, never what it says.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----"
ARMOR_END = "-----END AGE ENCRYPTED FILE-----"
_AGE_VERSION = b"age-encryption.org/v1\n"
_LINE = 64  # age's armor: standard base64, 64 columns, the last line shorter
_BASE64_LINE = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")

RECIPIENT_PATTERN = r"^age1[02-9ac-hj-np-z]{58}$"
"""An age X25519 recipient (public key): age1 and 58 Bech32 characters."""

SHOWN_SEALED = "〔已加密〕"
"""What a sealed value reads as where no key was given."""

KEY_HINT = "用 --identity 指定你的工作人员密钥文件（yizheng keys new 生成的 .key 文件）"


class Sealed(str):
    """A sealed value: the armored age message, as written in the record."""

    __slots__ = ()


class SealError(Exception):
    """Sealing or opening failed; the message says why, in Chinese."""


def looks_sealed(value: object) -> bool:
    """True when `value` is meant to be a sealed value (starts with the armor line)."""
    return isinstance(value, str) and value.lstrip().startswith(ARMOR_BEGIN)


def armor_problem(text: str) -> str | None:
    """Why `text` is not a well-formed armored age message; None when it is.

    Checked without any key: the armor lines, the base64 inside, and age's
    header (version line, at least one X25519 stanza, the MAC line).
    """
    lines = text.strip().split("\n")
    if lines[0].rstrip() != ARMOR_BEGIN or lines[-1].rstrip() != ARMOR_END or len(lines) < 3:
        return f"加密内容应以“{ARMOR_BEGIN}”开头、以“{ARMOR_END}”结尾，中间是加密后的字母数字"
    body = [line.rstrip() for line in lines[1:-1]]
    if any(len(line) != _LINE for line in body[:-1]) or not 0 < len(body[-1]) <= _LINE:
        return "加密内容的中间各行应为 64 个字符（最后一行可以短一些）；内容可能被改动或截断，请重新加密"
    if not all(_BASE64_LINE.match(line) for line in body):
        return "加密内容的中间含有不应出现的字符；内容可能被改动，请重新加密"
    try:
        data = base64.b64decode("".join(body), validate=True)
    except (binascii.Error, ValueError):
        return "加密内容无法解码；内容可能被改动或截断，请重新加密"
    header, _, _ = data.partition(b"\n--- ")
    if not data.startswith(_AGE_VERSION) or b"\n--- " not in data or b"\n-> X25519 " not in header:
        return "这不是用工作人员公钥加密的 age 内容；请用 yizheng seal 加密"
    return None


def recipient_count(value: str) -> int:
    """How many X25519 recipients a well-formed sealed value was sealed to (age's header lists one stanza each)."""
    body = "".join(line.strip() for line in value.strip().split("\n")[1:-1])
    header = base64.b64decode(body).partition(b"\n--- ")[0]
    return header.count(b"\n-> X25519 ")


def parse_recipient(text: str) -> Any:
    """The pyrage recipient of an `age1…` public key; SealError when it is not one."""
    import pyrage

    try:
        return pyrage.x25519.Recipient.from_str(text)
    except (pyrage.RecipientError, ValueError) as err:
        raise SealError(f"不是有效的 age 公钥（{err.__class__.__name__}）；应为 yizheng keys new 生成的以 age1 开头的一行") from None


def seal(text: str, recipients: list[Any]) -> Sealed:
    """`text` sealed to every recipient, as one armored age message."""
    import pyrage

    if not recipients:
        raise SealError("没有工作人员公钥：content/staff-keys.yml 中至少要有一个")
    armored = pyrage.encrypt(text.encode("utf-8"), recipients, armored=True)
    return Sealed(armored.decode("ascii").strip())


def unseal(value: str, identities: list[Any]) -> str:
    """The plain text of a sealed value; SealError when no identity opens it."""
    import pyrage

    try:
        return pyrage.decrypt(value.strip().encode("ascii"), identities).decode("utf-8")
    except pyrage.DecryptError:
        raise SealError("给出的密钥打不开这段加密内容：可能不是加密给你的公钥的，或你的密钥已被移出 staff-keys.yml 后重新加密过") from None
    except (UnicodeError, ValueError):
        raise SealError("加密内容已损坏，无法解密") from None


def read_identities(path: Path) -> list[Any]:
    """The age identities (private keys) in `path`: one `AGE-SECRET-KEY-1…` per line, `#` comments."""
    import pyrage

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SealError(f"无法读取密钥文件 {path}：{err.__class__.__name__}") from None
    identities = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identities.append(pyrage.x25519.Identity.from_str(line))
        except (pyrage.IdentityError, ValueError):
            # Never echo the line: it may be a damaged private key.
            raise SealError(f"{path}:{number}: 不是有效的 age 私钥（应以 AGE-SECRET-KEY-1 开头）") from None
    if not identities:
        raise SealError(f"{path}: 文件中没有 age 私钥")
    return identities


def new_identity() -> tuple[str, str]:
    """A new key pair: (private key line, public key line)."""
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def needs_sealing(record: Any) -> bool:
    """An offline suggestion whose submitter did not agree to publication."""
    return not record.public and "-X" in record.id


def text_fields(record: Any) -> Iterator[tuple[tuple[str | int, ...], str | None]]:
    """Every free-text value of a suggestion that sealing covers, with its location."""
    for name in ("title", "location", "problem", "proposal"):
        yield (name,), getattr(record, name)
    for index, reply in enumerate(record.replies):
        yield ("replies", index, "text"), reply.text
    for index, entry in enumerate(record.history):
        yield ("history", index, "note"), entry.note


def shown(value: str | None, identities: list[Any] | None = None) -> str | None:
    """A value as staff read it: opened with `identities` when sealed, else marked as sealed."""
    if value is None or not isinstance(value, Sealed):
        return value
    if identities:
        return unseal(value, identities)
    return SHOWN_SEALED
