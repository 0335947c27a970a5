"""Private files are readable by the server's account only: files 0600 in 0700 folders,
whatever the umask (cdpf.private_files writes them, restore puts them back)."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings


def ensure_private_dir(path: Path) -> Path:
    """Create `path` and its missing parents inside PRIVATE_STORAGE_DIR as 0700 folders."""
    root = Path(settings.PRIVATE_STORAGE_DIR)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    current = root
    for part in path.relative_to(root).parts:
        current = current / part
        if not current.is_dir():
            current.mkdir(mode=0o700)
            os.chmod(current, 0o700)  # whatever the umask
    return path


def write_private_file(target: Path, data: bytes) -> None:
    """A new private file, 0600, in 0700 folders."""
    ensure_private_dir(target.parent)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(target, 0o600)
