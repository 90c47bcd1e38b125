"""carepost: a compliance-first social media studio for healthcare organizations."""

__version__ = "0.1.0"
