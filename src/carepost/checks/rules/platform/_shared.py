"""Analyses shared by the platform rules (memoized per input through ``ctx.memo``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from ...context import Context
from ...model import Category, Finding, Level
from ...platforms import PlatformSpec, get_spec
from ...platforms.media import MediaProblem, media_problems
from ...rule import Rule

__all__ = ["MediaRule", "level_for", "spec_of"]


def spec_of(ctx: Context) -> PlatformSpec | None:
    return get_spec(ctx.platform) if ctx.platform else None


def level_for(verified: bool, base: Level = Level.ERROR) -> Level:
    """An unverified figure never blocks: errors built on it become warnings."""
    if not verified and base is Level.ERROR:
        return Level.WARNING
    return base


class MediaRule(Rule):
    """Base of the media metadata rules: each reports one kind of ``MediaProblem``."""

    problem_kind: ClassVar[str]
    category = Category.PLATFORM
    level = Level.ERROR

    def check(self, ctx: Context) -> Iterator[Finding]:
        spec = spec_of(ctx)
        if spec is None or not ctx.input.media:
            return
        problems: list[MediaProblem] = ctx.memo(
            "platform.media", lambda: media_problems(spec, ctx.input.media)
        )
        for p in problems:
            if p.kind != self.problem_kind:
                continue
            yield self.finding(
                p.message,
                level=self.level_of(p),
                explanation=f"{'verified' if p.verified else 'unverified'} figure; source: {p.source}",
                data={**p.data, "media_index": p.index, "platform": spec.name},
            )

    def level_of(self, problem: MediaProblem) -> Level:
        return level_for(problem.verified, self.level)
