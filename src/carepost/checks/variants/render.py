"""Plain-text rendering of adapted variants (``carepost adapt --format text``)."""

from __future__ import annotations

from .adapter import AdaptResult

__all__ = ["render_adapt_text"]


def render_adapt_text(result: AdaptResult) -> str:
    lines: list[str] = []
    for v in result.variants:
        status = "BLOCKED" if v.blocking else "ok"
        lines.append(f"== {v.display} ({v.platform}): {status}")
        for i, (part, report) in enumerate(zip(v.parts, v.reports, strict=True), start=1):
            if len(v.parts) > 1:
                lines.append(f"-- post {i}/{len(v.parts)}")
            lines.append(part)
            if report.platform is not None:
                c = report.platform
                lines.append(f"   [{c.length:,}/{c.limit:,} {c.unit}, {c.remaining:,} left]")
            for f in report.findings:
                lines.append(f"   {f.level.value} {f.code} {f.name}: {f.message}")
        if v.thread_report is not None:
            for f in v.thread_report.findings:
                lines.append(f"   thread: {f.level.value} {f.code} {f.name}: {f.message}")
        for note in v.notes:
            lines.append(f"   note: {note}")
        for problem in v.problems:
            lines.append(f"   problem: {problem}")
        lines.append("")
    lines.append(f"{len(result.variants)} variants in {result.elapsed_ms:.0f} ms")
    return "\n".join(lines) + "\n"
