"""Labelled utterances for the reader, and the banks of phrasings they are composed from (compose_v2.py)."""
