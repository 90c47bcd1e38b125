"""Test helpers shared by the tests and bench/: fake platforms on 127.0.0.1 and factories.
They are not part of carepost (nothing under src/ imports them)."""
