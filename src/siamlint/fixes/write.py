"""Writing a fixed file: only when it changed, atomically, keeping mode, encoding and endings,
and never over a file that changed on disk since it was read."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


class WriteError(Exception):
    pass


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encode(text: str, encoding: str, had_bom: bool) -> bytes:
    data = text.encode(encoding)
    if had_bom and not data.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    return data


def write_atomic(path: Path, data: bytes, expected_digest: str | None = None) -> None:
    """Replace `path` with `data` (unless its content is no longer what was read)."""
    path = Path(path)
    if expected_digest is not None:
        try:
            current = path.read_bytes()
        except OSError as exc:
            raise WriteError(f"cannot re-read before writing: {exc.strerror or exc}") from None
        if digest(current) != expected_digest:
            raise WriteError("changed on disk while siamlint was running; not overwritten")
    mode = path.stat().st_mode
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise WriteError("file is read-only; fixes not written")
    folder = path.resolve().parent
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".siamlint", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot create a temporary file: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode & 0o7777)
        os.replace(temp, path.resolve())
    except OSError as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise WriteError(f"cannot write: {exc.strerror or exc}") from None
