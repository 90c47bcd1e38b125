"""Organization guidelines as Vale-style YAML packs (``pack``), run once per text (``run``),
and the default health pack shipped in ``guidelines/health/``."""

from .pack import GuidelineRule, default_pack, load_pack
from .run import GuidelineHit, guideline_hits

__all__ = ["GuidelineHit", "GuidelineRule", "default_pack", "guideline_hits", "load_pack"]
