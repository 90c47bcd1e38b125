"""Validate a labelled corpus file: python3 validate.py FILE.jsonl [--prefix P]"""

import collections
import json
import sys

PLATFORMS = {
    "instagram",
    "facebook",
    "linkedin",
    "x",
    "tiktok",
    "threads",
    "youtube",
    "google_reviews",
    "yelp",
}
CLAIMS = {"none", "supported", "unsupported", "absolute"}
path = sys.argv[1]
prefix = sys.argv[sys.argv.index("--prefix") + 1] if "--prefix" in sys.argv else ""
errors, rows, ids = [], [], set()
for n, line in enumerate(open(path, encoding="utf-8"), 1):  # noqa: SIM115
    if not line.strip():
        continue
    try:
        r = json.loads(line)
    except json.JSONDecodeError as e:
        errors.append(f"line {n}: invalid JSON: {e}")
        continue
    where = f"line {n} ({r.get('id')})"
    for k in (
        "id",
        "kind",
        "platform",
        "text",
        "phi",
        "phi_evidence",
        "claim",
        "needs_disclaimer",
        "category",
        "notes",
    ):
        if k not in r:
            errors.append(f"{where}: missing {k}")
    if r.get("id") in ids:
        errors.append(f"{where}: duplicate id")
    ids.add(r.get("id"))
    if prefix and not str(r.get("id", "")).startswith(prefix):
        errors.append(f"{where}: id must start with {prefix}")
    if r.get("kind") not in ("post", "reply"):
        errors.append(f"{where}: kind must be post or reply")
    if r.get("kind") == "reply" and not r.get("in_reply_to"):
        errors.append(f"{where}: reply without in_reply_to")
    if r.get("kind") == "post" and "in_reply_to" in r:
        errors.append(f"{where}: post with in_reply_to")
    if r.get("platform") not in PLATFORMS:
        errors.append(f"{where}: unknown platform {r.get('platform')}")
    if not isinstance(r.get("phi"), bool):
        errors.append(f"{where}: phi must be true/false")
    if not isinstance(r.get("needs_disclaimer"), bool):
        errors.append(f"{where}: needs_disclaimer must be true/false")
    if r.get("claim") not in CLAIMS:
        errors.append(f"{where}: claim must be one of {sorted(CLAIMS)}")
    ev = r.get("phi_evidence", [])
    if not isinstance(ev, list):
        errors.append(f"{where}: phi_evidence must be a list")
    else:
        for e in ev:
            if e not in r.get("text", ""):
                errors.append(f"{where}: phi_evidence {e!r} is not a substring of text")
        if r.get("phi") is True and not ev:
            errors.append(f"{where}: phi true needs phi_evidence")
        if r.get("phi") is False and ev:
            errors.append(f"{where}: phi false must have empty phi_evidence")
    for c in r.get("consents", []) or []:
        if not isinstance(c, dict) or "person" not in c or "id" not in c:
            errors.append(f"{where}: consents entries need id and person")
    rows.append(r)
for e in errors[:60]:
    print("ERROR", e)
c = collections.Counter
print(f"{len(rows)} rows, {len(errors)} errors")
print(
    "kind",
    dict(c(r.get("kind") for r in rows)),
    "phi",
    dict(c(r.get("phi") for r in rows)),
    "claim",
    dict(c(r.get("claim") for r in rows)),
    "needs_disclaimer",
    dict(c(r.get("needs_disclaimer") for r in rows)),
)
print(
    "reply phi",
    dict(c(r.get("phi") for r in rows if r.get("kind") == "reply")),
    "platforms",
    dict(c(r.get("platform") for r in rows)),
)
sys.exit(1 if errors else 0)
