"""No models. The module exists so Django sends this app ``post_migrate`` (it skips apps
without one), which creates the database cache's table (``apps.py``)."""
