"""Labelled utterances for the reader, and the banks of phrasings they are composed from (compose_v2.py)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """One labelled row a line, as the trainer and the benches read them (UTF-8, not escaped)."""
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
