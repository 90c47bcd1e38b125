"""Moved to ``carepost.studio.crypto`` (consent records use the same key ring, and consent sits
below publishing). Kept for ``publishing.models`` and the migrations that name its field."""

from carepost.studio.crypto import *  # noqa: F403
from carepost.studio.crypto import __all__ as __all__
