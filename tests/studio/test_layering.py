"""The studio's apps import only downwards (DESIGN.md, "The shape of the code"):

    workspaces < consent, claims < posts < reviews < publishing < calendar, api, demo

Every ``import`` and ``from … import`` in ``src/carepost/studio`` is read from the source (ast,
so imports inside functions count too) and resolved to the app it names. An app may import its
own modules, the shared infrastructure below every app (errors, text safety, crypto, audit) and
apps on a lower layer; never an app on its own layer (sideways) or above. Lower apps announce
what happened through signals (``consent_revoked``, ``claim_retired``, ``crisis_changed``,
``post_content_changed``) whose receivers live in the apps above."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import carepost.studio

STUDIO = Path(carepost.studio.__file__).parent
PREFIX = "carepost.studio"

#: The layer of each part of the studio (a package, or a module directly in studio/).
LAYERS: dict[str, int] = {
    # infrastructure every app may use
    "errors": 0,
    "textsafety": 1,
    "crypto": 1,
    "audit": 1,
    "workspaces": 2,
    "accounts": 3,  # sign-up by invitation reads workspaces' invitations
    "consent": 3,
    "claims": 3,
    "posts": 4,
    "reviews": 5,
    "publishing": 6,
    # interfaces
    "calendar": 7,
    "api": 7,
    "api_media": 7,
    "demo": 7,
    # the project: wiring every app together
    "views": 8,
    "urls": 8,
    "serve": 8,
    "wsgi": 8,
    "settings": 8,
    "middleware": 8,
    "context_processors": 8,
    "__init__": 8,
}
#: Parts of one app that happen to be separate modules.
SAME_APP = {
    "api_media": "api",
    **{m: "project" for m in ("views", "urls", "serve", "wsgi", "settings", "middleware")},
    "context_processors": "project",
    "__init__": "project",
}


def _part(module: str) -> str | None:
    if module == PREFIX:
        return "__init__"
    if not module.startswith(PREFIX + "."):
        return None
    return module.split(".")[2]


def _module_name(path: Path) -> str:
    rel = path.relative_to(STUDIO).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join([PREFIX, *parts])


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            out.append((node.lineno, target))
            # "from carepost.studio import reviews" names the app in the alias
            if target == PREFIX:
                out += [(node.lineno, f"{PREFIX}.{a.name}") for a in node.names]
    return out


def _sources() -> list[Path]:
    return sorted(p for p in STUDIO.rglob("*.py") if "migrations" not in p.parts)


def _violations(sources: list[Path]) -> list[str]:
    found = []
    for path in sources:
        here = _part(_module_name(path))
        assert here in LAYERS, f"{path}: add {here!r} to LAYERS"
        for line, target in _imports(path):
            there = _part(target)
            if (
                there is None
                or there == here
                or SAME_APP.get(there, there) == SAME_APP.get(here, here)
            ):
                continue
            assert there in LAYERS, f"{path}:{line}: add {there!r} to LAYERS"
            if LAYERS[there] >= LAYERS[here]:
                way = "sideways" if LAYERS[there] == LAYERS[here] else "upwards"
                found.append(f"{path.relative_to(STUDIO)}:{line}: {here} imports {target} ({way})")
    return found


def test_studio_imports_point_down_only():
    found = _violations(_sources())
    assert found == [], "\n".join(found)


def test_the_check_sees_imports_inside_functions(tmp_path, monkeypatch):
    """The checker itself: a lazy import upwards inside a function is a violation."""
    fake = STUDIO / "consent" / "_layering_probe.py"
    fake.write_text("def f():\n    from carepost.studio.posts.models import Post\n")
    try:
        assert _violations([fake]) == [
            "consent/_layering_probe.py:2: consent imports carepost.studio.posts.models (upwards)"
        ]
    finally:
        fake.unlink()


@pytest.mark.parametrize(
    "path",
    [p for p in _sources() if "settings" not in p.parts],  # production.py needs its environment
    ids=lambda p: str(p.relative_to(STUDIO)),
)
def test_every_studio_module_imports(path):
    """Each module imports on its own (no cycle hidden by the order Django loads them in)."""
    importlib.import_module(_module_name(path))


#: Apps whose every module says what it exports (``__all__``); the others are on their way.
EXPLICIT = {"posts", "reviews", "workspaces", "consent", "claims", "calendar", "demo"}


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in _sources()
        if _part(_module_name(p)) in EXPLICIT
        and p.name not in ("__init__.py", "apps.py")
        and "management" not in p.parts
        and "templatetags" not in p.parts
    ],
    ids=lambda p: str(p.relative_to(STUDIO)),
)
def test_public_modules_say_what_they_export(path):
    module = importlib.import_module(_module_name(path))
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{path.relative_to(STUDIO)} has no __all__"
    missing = [name for name in exported if not hasattr(module, name)]
    assert missing == []
