"""Speech in (recognising the trainee) and out (the person's voice), behind small interfaces.

Core code depends on the ``Recognizer`` and ``Synthesizer`` protocols, never on
vosk, pocketsphinx or pyttsx3 directly; engines are picked from registries by
what they can do, and import their libraries lazily.
"""
