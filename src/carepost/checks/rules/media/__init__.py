"""MED rules: photos and videos attached to a post."""
