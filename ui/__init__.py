"""The PySide6 desktop app (views over the simulator core). Built in the app issue."""
