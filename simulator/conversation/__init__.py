"""The person's side of the conversation (schema 2): memory, topic answers, content-graded
listening, checkable objectives, the body's floors and pacing, and seeded variation.

These are plain functions and small classes over the scenario model, with no
knowledge of the event stream or the phase machine, so the session can call
them from its parts and each can be tested on its own.
"""
