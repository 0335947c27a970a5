"""The application's version: CDPF_VERSION (set when the image is built, e.g. a git tag),
else the package version of pyproject.toml. Written into backups and error reports."""

import os
from importlib import metadata


def app_version() -> str:
    given = os.environ.get("CDPF_VERSION", "").strip()
    if given:
        return given
    try:
        return metadata.version("cdpf")
    except metadata.PackageNotFoundError:
        return "unknown"
