"""Shipped scenario files (YAML). A data package: see docs/scenario-format.md."""
