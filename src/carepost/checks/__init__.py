"""carepost.checks: the compliance checker. Pure Python; imports no Django.

>>> from carepost.checks import check
>>> report = check("Flu shots are here!", platform="x")
>>> report.blocking
False
"""

from .engine import MAX_TEXT_CHARS, BatchError, Engine, check, check_batch
from .errors import (
    CheckError,
    DataFileError,
    InputError,
    PolicyError,
    UnknownPlatformError,
    UnknownRuleError,
)
from .model import (
    Applicability,
    ApprovedClaim,
    Category,
    CheckInput,
    ConsentRef,
    Finding,
    Fix,
    Level,
    MediaRef,
    PlatformCount,
    Report,
    Span,
)
from .policy import Policy, Waiver, load_policy
from .rule import Example, Rule, RuleStatus, all_rules, get_rule, register

__all__ = [
    "MAX_TEXT_CHARS",
    "Applicability",
    "ApprovedClaim",
    "BatchError",
    "Category",
    "CheckError",
    "CheckInput",
    "ConsentRef",
    "DataFileError",
    "Engine",
    "Example",
    "Finding",
    "Fix",
    "InputError",
    "Level",
    "MediaRef",
    "PlatformCount",
    "Policy",
    "PolicyError",
    "Report",
    "Rule",
    "RuleStatus",
    "Span",
    "UnknownPlatformError",
    "UnknownRuleError",
    "Waiver",
    "all_rules",
    "check",
    "check_batch",
    "get_rule",
    "load_policy",
    "register",
]
