"""Content-addressed file storage under the data directory.

A file is stored under its SHA-256 and fsynced (file and folder) before the
database row that points to it commits, so a crash can leave an unreferenced
file behind but never a row pointing at nothing. Storing the same bytes twice
costs nothing.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
from pathlib import Path

CHUNK = 1 << 20


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    async def put(self, data: bytes) -> str:
        return await asyncio.to_thread(self.put_blocking, data)

    def put_blocking(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        return digest

    async def read(self, sha256: str) -> bytes:
        return await asyncio.to_thread(self.path_for(sha256).read_bytes)

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()
