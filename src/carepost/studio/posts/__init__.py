"""Posts: master text, per-platform variants, check reports and review state."""
