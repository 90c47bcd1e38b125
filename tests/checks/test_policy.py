from __future__ import annotations

import pytest

from carepost.checks import Level, PolicyError, load_policy


def write(tmp_path, body: str):
    p = tmp_path / "carepost.toml"
    p.write_text(body, encoding="utf-8")
    return p


def test_full_policy_loads(tmp_path):
    p = write(
        tmp_path,
        """
[organization]
name = "Riverside Family Clinic"
aliases = ["Riverside Clinic"]
phone = "(555) 010-2000"

[staff]
names = ["Dr. Amara Okafor", "Brooke Lee"]

[rules]
ignore = ["STY"]
levels = { PLT001 = "warning" }

[disclaimer]
short = "Not medical advice."

[nlp]
model = "en_core_web_lg"

[guidelines]
packs = ["packs/house.yml"]

[[waivers]]
code = "plt001"
reason = "thread"
approved_by = "j.doe"

[options.privacy]
reply_template = "Please call us."
""",
    )
    policy = load_policy(p)
    assert policy.organization.name == "Riverside Family Clinic"
    assert policy.organization.phone == ("(555) 010-2000",)
    assert policy.staff == ("Dr. Amara Okafor", "Brooke Lee")
    assert policy.levels == {"PLT001": Level.WARNING}
    assert policy.disclaimer_short == "Not medical advice."
    assert policy.nlp_model == "en_core_web_lg"
    assert policy.waivers[0].code == "PLT001"
    assert policy.guideline_packs == (str((tmp_path / "packs/house.yml").resolve()),)
    assert policy.option("privacy", "reply_template") == "Please call us."
    assert policy.option("privacy", "missing", 3) == 3


@pytest.mark.parametrize(
    ("body", "line", "key", "reason"),
    [
        ('[organization]\nname = "A"\n\n[stafff]\nnames = []\n', 4, "stafff", "unknown key"),
        ('[staff]\nnames = "x"\nnames = "y"\n', 3, None, "invalid TOML"),
        ('[rules]\nlevels = { PLT001 = "fatal" }\n', 2, "rules.levels.PLT001", "must be one of"),
        ('[organization]\nname = "A"\nfax = "1"\n', 3, "organization.fax", "unknown key"),
        ("[staff]\nnames = [1, 2]\n", 2, "staff.names", "list of strings"),
        (
            '[[waivers]]\ncode = "PLT001"\nreason = ""\napproved_by = "x"\n',
            3,
            "waivers.reason",
            "non-empty",
        ),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, body, line, key, reason):
    p = write(tmp_path, body)
    with pytest.raises(PolicyError) as info:
        load_policy(p)
    err = info.value
    assert err.path == str(p)
    assert err.line == line
    assert err.key == key
    assert reason in str(err)
    assert str(p) in str(err)


def test_missing_and_non_utf8_policy(tmp_path):
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "nope.toml")
    p = tmp_path / "latin1.toml"
    p.write_bytes(b'[organization]\nname = "Cl\xednica"\n')
    with pytest.raises(PolicyError, match="not UTF-8"):
        load_policy(p)
