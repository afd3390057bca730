"""The instructor's console: a hub on the instructor's machine and the stations that join it (issue 16)."""
