"""Sessions on record: crash-safe session folders, their SQLite index, replay, archives and reports.

A session is one folder (``events.jsonl``, ``session.json``, ``audio/``,
``notes.json``); the folders are the source of truth and everything else
(the index, reports) is rebuilt from them.
"""
