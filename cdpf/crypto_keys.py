"""Reading the encryption keys from the environment (imported by settings, so no models)."""

from __future__ import annotations

import base64
import binascii
import os

from django.core.exceptions import ImproperlyConfigured


def env_key(name: str) -> str:
    """The environment's value; .env.example's placeholder (change-me…) counts as unset, so
    the deploy check cdpf.E160 reports it instead of the settings failing to load."""
    value = os.environ.get(name, "").strip()
    return "" if "change-me" in value else value


def _key(encoded: str, what: str) -> bytes:
    try:
        key = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{what} is not base64") from exc
    if len(key) != 32:
        raise ImproperlyConfigured(f"{what} is not 32 bytes (openssl rand -base64 32)")
    return key


def parse_key_ring(text: str) -> dict[str, bytes]:
    """'2:<base64 32 bytes>,1:<base64 32 bytes>' (newest first) as {key id: key}; the first
    is the current key."""
    ring: dict[str, bytes] = {}
    for item in (text or "").replace("\n", ",").split(","):
        item = item.strip()
        if not item:
            continue
        kid, sep, encoded = item.partition(":")
        kid = kid.strip()
        if not sep or not kid.isalnum() or not kid.isascii() or len(kid) > 20:
            raise ImproperlyConfigured("CDPF_DATA_KEYS: each key reads <id>:<base64 key>")
        if kid in ring:
            raise ImproperlyConfigured(f"CDPF_DATA_KEYS: key id {kid} appears twice")
        ring[kid] = _key(encoded, f"CDPF_DATA_KEYS key {kid}")
    return ring


def parse_blind_index_key(text: str) -> bytes:
    return _key(text, "CDPF_BLIND_INDEX_KEY") if (text or "").strip() else b""
