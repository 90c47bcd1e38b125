"""The ``carepost`` command.

Exit codes: 0 no error-level findings, 1 error-level findings, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from carepost import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how carepost was called; printed without a traceback, exit 2."""


# --------------------------------------------------------------------------- helpers
def _read_text_file(path: str) -> str:
    if path == "-":
        data = sys.stdin.buffer.read()
        where = "<stdin>"
    else:
        p = Path(path)
        if p.is_dir():
            raise UsageError(f"{path}: is a directory; give a text file (or - for stdin)")
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file") from None
        except OSError as exc:
            raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
        where = path
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{where}: not valid UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "save the file as UTF-8"
        ) from None


def _load_policy(path: str | None) -> Any:
    from carepost.checks import Policy, load_policy

    if path is None:
        default = Path("carepost.toml")
        return load_policy(default) if default.is_file() else Policy()
    return load_policy(path)


def _write(out: TextIO, text: str) -> None:
    out.write(text)
    if not text.endswith("\n"):
        out.write("\n")


# --------------------------------------------------------------------------- commands
def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from carepost.checks import CheckInput, Engine
    from carepost.checks.output import render_jsonl_line, render_sarif, render_text

    policy = _load_policy(args.policy)
    engine = Engine(policy, select=_split(args.select), ignore=_split(args.ignore))
    color = args.color == "always" or (args.color == "auto" and out.isatty())
    media = tuple(_media_ref(m) for m in args.media or ())

    if args.jsonl:
        return _check_jsonl(args, engine, out, color)

    # With media and no text given, check a photo-only post instead of waiting on stdin.
    files = args.files or ([] if media else ["-"])
    if args.text is not None:
        files = []
    results: list[tuple[str, str, Any]] = []
    worst = EXIT_OK
    sources: list[tuple[str, str]] = []
    if args.text is not None:
        sources.append(("<text>", args.text))
    for f in files:
        sources.append(("<stdin>" if f == "-" else f, _read_text_file(f)))
    if not sources:
        sources.append(("<media>", ""))
    for source, text in sources:
        item = CheckInput(
            text=text.rstrip("\n") if source != "<text>" else text,
            kind=args.kind,
            platform=args.platform,
            in_reply_to=args.in_reply_to,
            media=media,
            id=source,
        )
        report = engine.check(item)
        results.append((source, item.text, report))
        if report.blocking:
            worst = EXIT_FINDINGS
    if args.format == "text":
        for source, text, report in results:
            _write(out, render_text(report, text, source=source, color=color))
    elif args.format == "json":
        docs = [r.to_dict() for _, _, r in results]
        _write(out, json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2))
    elif args.format == "jsonl":
        for _, _, report in results:
            _write(out, render_jsonl_line(report))
    else:
        _write(out, json.dumps(render_sarif(results, version=__version__), indent=2))
    return worst


def _media_ref(path: str) -> Any:
    """A ``--media`` file as a MediaRef with its size, dimensions and duration filled in."""
    from carepost.checks.media import describe

    p = Path(path)
    if p.is_dir():
        raise UsageError(f"{path}: is a directory; give a photo or video file")
    if not p.exists():
        raise UsageError(f"{path}: no such file")
    return describe(path)


def _with_described_media(item: Any) -> Any:
    """Fill in size, dimensions and duration of batch media from the files (a missing or
    unreadable file is left as given; the media rules report it)."""
    if not item.media:
        return item
    import dataclasses

    from carepost.checks.media import describe

    return dataclasses.replace(item, media=tuple(describe(m) for m in item.media))


def cmd_strip_metadata(args: argparse.Namespace, out: TextIO) -> int:
    from carepost.checks.media import strip_metadata

    result = strip_metadata(args.input, args.output, overwrite=args.overwrite)
    removed = ", ".join(result.removed) if result.removed else "nothing (no metadata found)"
    _write(out, f"{args.output}: removed {removed}")
    if result.kept:
        _write(out, f"{args.output}: kept {', '.join(result.kept)}")
    for note in result.notes:
        _write(out, f"{args.output}: note: {note}")
    return EXIT_OK


def cmd_blur_faces(args: argparse.Namespace, out: TextIO) -> int:
    from carepost.checks.media.preview import blur_faces_preview

    count = blur_faces_preview(args.input, args.output, overwrite=args.overwrite)
    _write(out, f"{args.output}: preview with {count} face(s) blurred (display only)")
    return EXIT_OK


def _check_jsonl(args: argparse.Namespace, engine: Any, out: TextIO, color: bool) -> int:
    from carepost.checks import CheckError, CheckInput
    from carepost.checks.evaluate import read_corpus
    from carepost.checks.output import render_jsonl_line, render_sarif, render_text

    path = args.jsonl
    if path != "-" and Path(path).is_dir():
        raise UsageError(f"{path}: is a directory; give a JSON Lines file")
    if path != "-" and not Path(path).is_file():
        raise UsageError(f"{path}: no such file")
    if path == "-":
        import tempfile

        with tempfile.NamedTemporaryFile("wb", delete=False, suffix=".jsonl") as tmp:
            tmp.write(sys.stdin.buffer.read())
        path = tmp.name
    worst = EXIT_OK
    had_error = False
    sarif_items: list[tuple[str, str, Any]] = []
    parsed: list[tuple[int, Any, Any]] = []  # (line, id, CheckInput | CheckError)
    for lineno, record in read_corpus(path):
        rid = record.get("id") if isinstance(record, dict) else None
        try:
            if isinstance(record, Exception):
                raise record
            parsed.append((lineno, rid, _with_described_media(CheckInput.from_dict(record))))
        except CheckError as exc:
            parsed.append((lineno, rid, exc))
    inputs = [p[2] for p in parsed if isinstance(p[2], CheckInput)]
    results = iter(_batch_reports(engine, inputs, args.jobs))
    for lineno, rid, entry in parsed:
        result = next(results) if isinstance(entry, CheckInput) else entry
        if isinstance(result, CheckError):
            had_error = True
            reason = str(result)
            if not reason.startswith(f"line {lineno}"):
                reason = f"line {lineno}: {reason}"
            err = {"id": None if rid is None else str(rid), "line": lineno, "error": reason}
            if args.format in ("jsonl", "json"):
                _write(out, json.dumps(err, ensure_ascii=False))
            else:
                print(f"{args.jsonl}:{lineno}: error: {reason}", file=sys.stderr)
            continue
        item, report = entry, result
        if report.blocking:
            worst = EXIT_FINDINGS
        source = f"{args.jsonl}:{lineno}" + (f" ({item.id})" if item.id else "")
        if args.format in ("jsonl", "json"):
            _write(out, render_jsonl_line(report))
        elif args.format == "text":
            _write(out, render_text(report, item.text, source=source, color=color))
        else:
            sarif_items.append((f"{args.jsonl}#{item.id or lineno}", item.text, report))
    if args.format == "sarif":
        _write(out, json.dumps(render_sarif(sarif_items, version=__version__), indent=2))
    return EXIT_USAGE if had_error else worst


_WORKER_ENGINE: Any = None


def _worker_init(policy: Any, select: list[str], ignore: list[str]) -> None:
    global _WORKER_ENGINE
    from carepost.checks import Engine

    _WORKER_ENGINE = Engine(policy, select=select, ignore=ignore)


def _check_chunk(items: list[Any]) -> list[Any]:
    """A worker's batch: reports, or the CheckError of an input that cannot be checked."""
    return list(_chunk_reports(_WORKER_ENGINE, items))


def _chunk_reports(engine: Any, items: list[Any]) -> Any:
    from carepost.checks import CheckError

    prefills = engine.prefill(items)
    for item, prefill in zip(items, prefills, strict=True):
        try:
            yield engine.check(item, prefill=prefill)
        except CheckError as exc:
            yield exc


def _batch_reports(engine: Any, items: list[Any], jobs: int) -> Any:
    """Reports for ``items`` in order: batches of ``BATCH_SIZE`` (batched model and spaCy),
    spread over ``jobs`` processes when more than one (each loads its own models)."""
    from carepost.checks.engine import BATCH_SIZE

    chunks = [items[i : i + BATCH_SIZE] for i in range(0, len(items), BATCH_SIZE)]
    if jobs <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield from _chunk_reports(engine, chunk)
        return
    import multiprocessing

    select = [r.code for r in engine.rules]
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, _worker_init, (engine.policy, select, [])) as pool:
        for results in pool.imap(_check_chunk, chunks):
            yield from results


def cmd_adapt(args: argparse.Namespace, out: TextIO) -> int:
    """Per-platform variants of one master post, each checked."""
    from carepost.checks import Engine
    from carepost.checks.variants import Utm, adapt
    from carepost.checks.variants.render import render_adapt_text

    text = _read_text_file(args.file).strip("\n")
    platforms = _split(args.platforms)
    if not platforms:
        raise UsageError("--platforms needs at least one platform, e.g. x,instagram,linkedin")
    policy = _load_policy(args.policy)
    utm = Utm(campaign=args.campaign, medium=args.utm_medium) if args.campaign else None
    media = tuple(_media_ref(m) for m in args.media or ())
    result = adapt(text, platforms, policy=policy, engine=Engine(policy), media=media, utm=utm)
    if args.format == "json":
        _write(out, json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _write(out, render_adapt_text(result))
    return EXIT_FINDINGS if result.blocking else EXIT_OK


def cmd_rules(args: argparse.Namespace, out: TextIO) -> int:
    from carepost.checks import all_rules

    rules = all_rules()
    if args.format == "json":
        _write(out, json.dumps([r.metadata() for r in rules], indent=2))
        return EXIT_OK
    rows = [("code", "name", "category", "level", "status")]
    rows += [(r.code, r.name, r.category.value, r.level.value, r.status.value) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        _write(out, "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return EXIT_OK


def cmd_rule(args: argparse.Namespace, out: TextIO) -> int:
    from carepost.checks import get_rule
    from carepost.checks.docs import render_rule_markdown

    rule = get_rule(args.code)
    if args.format == "json":
        meta = rule.metadata()
        meta["examples"] = {
            "bad": [{"text": e.text, **dict(e.fields)} for e in rule.bad_examples],
            "good": [{"text": e.text, **dict(e.fields)} for e in rule.good_examples],
        }
        _write(out, json.dumps(meta, indent=2, ensure_ascii=False))
    else:
        _write(out, render_rule_markdown(rule))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    from carepost.checks import Engine
    from carepost.checks.evaluate import evaluate, render_eval_text

    path = Path(args.corpus)
    if path.is_dir() and not any(path.glob("*.jsonl")):
        raise UsageError(f"{args.corpus}: a directory with no .jsonl files")
    if not path.exists():
        raise UsageError(f"{args.corpus}: no such file or directory")
    engine = Engine(
        _load_policy(args.policy), select=_split(args.select), ignore=_split(args.ignore)
    )
    result = evaluate(path, engine)
    if args.format == "json":
        _write(out, json.dumps(result.to_dict(), indent=2))
    else:
        _write(out, render_eval_text(result, show_ids=not args.quiet))
    return EXIT_USAGE if result.errors else EXIT_OK


def cmd_train(args: argparse.Namespace, out: TextIO) -> int:
    """Train, export, calibrate and document the checker's model."""
    from carepost.checks.learned.pipeline import TRAINING_SETUP, run_training, training_available

    missing = training_available()
    if missing:
        raise UsageError(f"cannot train: {missing} not importable here.\n{TRAINING_SETUP}")
    from carepost.checks.learned.training.train import TrainConfig

    corpus = args.corpus or ["corpus/train"]
    for c in corpus:
        if not Path(c).exists():
            raise UsageError(f"{c}: no such corpus file or directory")
    calib = args.calib or ["corpus/calib"]
    for c in calib:
        if not Path(c).exists():
            raise UsageError(f"{c}: no such calibration corpus (thresholds are set only there)")
    config = TrainConfig(
        seed=args.seed,
        max_length=args.max_length,
        epochs=args.epochs,
        lr=args.lr,
        frozen_layers=args.frozen_layers,
        fraction=args.fraction,
        threads=args.threads,
        bf16=args.bf16,
        base=args.base,
    )

    def log(line: str) -> None:
        _write(out, line)
        out.flush()

    run_training(corpus, Path(args.out), calib, config, curve=args.curve, log=log)
    return EXIT_OK


def cmd_calibrate(args: argparse.Namespace, out: TextIO) -> int:
    """Set a trained model's thresholds on a calibration corpus (no torch needed)."""
    from carepost.checks.learned.pipeline import recalibrate

    calib = args.calib or ["corpus/calib"]
    for c in calib:
        if not Path(c).exists():
            raise UsageError(f"{c}: no such calibration corpus")

    def log(line: str) -> None:
        _write(out, line)

    recalibrate(Path(args.model), calib, log=log)
    return EXIT_OK


def cmd_docs(args: argparse.Namespace, out: TextIO) -> int:
    from carepost.checks.docs import expected_docs, write_docs

    directory = Path(args.directory)
    if args.check:
        stale = [
            name
            for name, body in expected_docs().items()
            if not (directory / name).is_file()
            or (directory / name).read_text(encoding="utf-8") != body
        ]
        extra = [p.name for p in directory.glob("*.md") if p.name not in expected_docs()]
        if stale or extra:
            _write(out, f"stale rule docs: {', '.join(sorted(stale + extra))}; run `carepost docs`")
            return EXIT_FINDINGS
        _write(out, "rule docs are up to date")
        return EXIT_OK
    written = write_docs(directory)
    _write(out, f"wrote {len(written)} files to {directory}")
    return EXIT_OK


def _django(argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepost.studio.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["carepost", *argv])
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepost.studio.settings.dev")
    import django

    django.setup()
    from carepost.studio.serve import serve

    return serve(host=args.host, port=args.port, worker=not args.no_worker, seed=not args.no_demo)


def cmd_worker(args: argparse.Namespace, out: TextIO) -> int:
    # The task worker plus the publishing dispatcher (see carepost.studio.publishing.worker).
    argv = ["publishing_worker"]
    if args.queue:
        argv += ["--queue-name", args.queue]
    return _django(argv)


def cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    """``carepost audit verify|checkpoint``: the studio's hash-chained, HMAC-keyed audit log."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepost.studio.settings.dev")
    import django

    django.setup()
    from pathlib import Path

    from carepost.studio.audit import verify as chain

    directory = Path(args.dir) if args.dir else None
    if args.action == "checkpoint":
        path = chain.audit_checkpoint(directory=directory)
        _write(out, f"checkpoint written: {path}" if path else "the audit log is empty")
        return EXIT_OK
    try:
        if args.checkpoint:
            anchors = [chain.read_checkpoint(Path(p)) for p in args.checkpoint]
        else:
            latest = chain.latest_checkpoint(directory)
            anchors = [latest] if latest else []
    except ValueError as exc:
        _write(out, f"error: {exc}")
        return EXIT_USAGE
    checked, broken = chain.audit_verify(checkpoints=anchors)
    against = f" against checkpoint {anchors[-1].source}" if anchors else " (no checkpoint)"
    if broken is None:
        _write(out, f"audit chain intact: {checked} events verified{against}")
        return EXIT_OK
    _write(out, f"audit chain BROKEN at event #{broken.event_id}: {broken.reason}")
    _write(out, f"({checked} events before it verified)")
    return EXIT_FINDINGS


def cmd_manage(args: argparse.Namespace, out: TextIO) -> int:
    return _django(args.rest)


# --------------------------------------------------------------------------- parser
def _split(values: Sequence[str] | None) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out += [p.strip() for p in v.split(",") if p.strip()]
    return out


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"carepost: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="carepost", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"carepost {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("check", help="check texts (files, stdin, or a JSON Lines batch)")
    p.add_argument("files", nargs="*", metavar="FILE", help="text files, or - for stdin")
    p.add_argument("--text", help="check this text instead of files")
    p.add_argument("--jsonl", metavar="FILE", help="batch: one JSON object per line")
    p.add_argument("--platform", help="target platform (x, instagram, linkedin, ...)")
    p.add_argument("--kind", choices=["post", "reply"], default="post")
    p.add_argument("--in-reply-to", dest="in_reply_to", help="the comment or review replied to")
    p.add_argument("--media", action="append", metavar="FILE", help="attached media (repeatable)")
    p.add_argument("--policy", metavar="FILE", help="policy file (default: ./carepost.toml)")
    p.add_argument("--format", choices=["text", "json", "jsonl", "sarif"], default="text")
    p.add_argument("--select", action="append", help="only these codes/prefixes/categories")
    p.add_argument("--ignore", action="append", help="skip these codes/prefixes/categories")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="--jsonl batches: check in N processes (e.g. one per core)",
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "strip-metadata",
        help="copy a photo or video without its metadata (pixels and streams unchanged)",
    )
    p.add_argument("input", metavar="IN")
    p.add_argument("output", metavar="OUT", help="the only file written")
    p.add_argument(
        "--overwrite", action="store_true", help="replace OUT if it exists (even when OUT is IN)"
    )
    p.set_defaults(func=cmd_strip_metadata)

    p = sub.add_parser(
        "blur-faces", help="write a display-only preview of a photo with detected faces blurred"
    )
    p.add_argument("input", metavar="IN")
    p.add_argument("output", metavar="OUT", help="the only file written (.jpg or .png)")
    p.add_argument("--overwrite", action="store_true", help="replace OUT if it exists")
    p.set_defaults(func=cmd_blur_faces)

    p = sub.add_parser("adapt", help="per-platform variants of a master post, each checked")
    p.add_argument("file", metavar="FILE", help="the master post (text file, or - for stdin)")
    p.add_argument("--platforms", action="append", required=True, help="x,instagram,linkedin,...")
    p.add_argument("--policy", metavar="FILE", help="policy file (default: ./carepost.toml)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--campaign", help="add UTM tags to the organization's own links")
    p.add_argument("--utm-medium", dest="utm_medium", default="social")
    p.add_argument("--media", action="append", metavar="FILE", help="attached media (repeatable)")
    p.set_defaults(func=cmd_adapt)

    p = sub.add_parser("rules", help="list every rule")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("rule", help="show one rule's documentation")
    p.add_argument("code")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_rule)

    p = sub.add_parser("eval", help="evaluate the checker on a labelled corpus")
    p.add_argument("corpus")
    p.add_argument("--policy", metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--select", action="append")
    p.add_argument("--ignore", action="append")
    p.add_argument("--quiet", action="store_true", help="omit the lists of missed/false ids")
    p.set_defaults(func=cmd_eval)

    from carepost.checks.learned.runtime import DEFAULT_MODEL_DIR

    p = sub.add_parser(
        "train",
        help="train the checker's model: fine-tune, export int8 ONNX, calibrate, model card",
        description="Needs torch (CPU build) and the base model package; run without them "
        "to see how to install them.",
    )
    p.add_argument("corpus", nargs="*", help="corpus directories or files (default corpus/train)")
    p.add_argument("--out", default=str(DEFAULT_MODEL_DIR), help="model directory to write")
    p.add_argument("--calib", action="append", help="calibration corpus (default corpus/calib)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--max-length", dest="max_length", type=int, default=160)
    p.add_argument("--frozen-layers", dest="frozen_layers", type=int, default=2)
    p.add_argument("--fraction", type=float, default=1.0, help="train on this share of the data")
    p.add_argument("--threads", type=int, default=1, help="torch threads")
    p.add_argument("--no-bf16", dest="bf16", action="store_false", help="train in float32 (slower)")
    p.add_argument("--base", help="base model directory (default: the installed package)")
    p.add_argument("--curve", action="store_true", help="also train on 1/4 and 1/2 of the data")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser(
        "calibrate", help="set the model's thresholds on a calibration corpus and rewrite its card"
    )
    p.add_argument("--model", default=str(DEFAULT_MODEL_DIR), help="model directory")
    p.add_argument("--calib", action="append", help="calibration corpus (default corpus/calib)")
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("docs", help="generate docs/rules from the rules")
    p.add_argument("directory", nargs="?", default="docs/rules")
    p.add_argument("--check", action="store_true", help="fail if the docs are stale")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("serve", help="run the studio (web + in-process worker)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--no-worker", action="store_true", help="do not run the in-process worker")
    p.add_argument("--no-demo", action="store_true", help="do not seed the demo organization")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("worker", help="run a task worker (PostgreSQL: run as many as you like)")
    p.add_argument("--queue", help="only this queue")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("audit", help="the studio's audit log")
    p.add_argument(
        "action",
        choices=["verify", "checkpoint"],
        help="verify: check the chain (and the latest checkpoint); "
        "checkpoint: write a signed checkpoint of the chain's head",
    )
    p.add_argument(
        "--checkpoint",
        action="append",
        metavar="FILE",
        help="verify against this checkpoint file (repeatable; default: the newest one in the "
        "checkpoint directory)",
    )
    p.add_argument("--dir", help="checkpoint directory (default: CAREPOST_AUDIT_CHECKPOINT_DIR)")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("manage", help="run a Django management command", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_manage)

    for extend in EXTENSIONS:
        extend(sub)
    return parser


#: Functions that add subcommands (kept as a list so families can plug in commands).
EXTENSIONS: list[Callable[[Any], None]] = []


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    from carepost.checks import CheckError

    parser = build_parser()
    args = parser.parse_args(argv)
    stream = out or sys.stdout
    try:
        code: int = args.func(args, stream)
    except UsageError as exc:
        print(f"carepost: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CheckError as exc:
        print(f"carepost: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
