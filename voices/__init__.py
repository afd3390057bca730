"""Shipped voice profiles (YAML). A data package: see docs/voice-format.md."""
