"""The demo organization (``seed``) and its ``seed_demo`` command: an app of its own, on top of
every other app it seeds."""
