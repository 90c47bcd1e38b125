"""Privacy rules (PHI): patient health information in posts and replies."""
