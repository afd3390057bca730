"""Where the scenario package's own data files are: the JSON Schema and the shared defaults.

In a module of their own so that both the loader and the schema-2 builders
(``conversation.py``) can find ``defaults.yaml`` without importing each other.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMA_PATH = HERE / "scenario.schema.json"
DEFAULTS_PATH = HERE / "defaults.yaml"
