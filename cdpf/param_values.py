"""A policy parameter's stored text turned into its type (PolicyParameter.ValueType: decimal,
integer, month_day, text). Pure, so the model's clean() and cdpf/params.py both use it without
importing each other (docs/decisions/0220-import-layers.md)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation


def parse_value(raw: str, value_type: str):
    """Turn a stored value into its Python type; raise ValueError with a clear message."""
    raw = (raw or "").strip()
    if value_type == "decimal":
        try:
            return Decimal(raw)
        except InvalidOperation as exc:
            raise ValueError(f"“{raw}” is not a decimal number.") from exc
    if value_type == "integer":
        if not re.fullmatch(r"-?\d+", raw):
            raise ValueError(f"“{raw}” is not a whole number.")
        return int(raw)
    if value_type == "month_day":
        match = re.fullmatch(r"(\d{2})-(\d{2})", raw)
        if not match:
            raise ValueError(f"“{raw}” is not a month and day written MM-DD.")
        month, day = int(match[1]), int(match[2])
        try:
            datetime.date(2024, month, day)  # a leap year accepts 02-29
        except ValueError as exc:
            raise ValueError(f"“{raw}” is not a real month and day.") from exc
        return (month, day)
    if value_type == "text":
        if not raw:
            raise ValueError("The value is empty.")
        return raw
    raise ValueError(f"Unknown value type {value_type!r}.")
