"""Tenancy rules, as plain functions: finding areas, the audit trail, API tokens."""

from kechuang.tenancy.domain.areas import AreaAmbiguous, AreaNotFound, find_area
from kechuang.tenancy.domain.audit import RuleError, record_audit

__all__ = ["AreaAmbiguous", "AreaNotFound", "RuleError", "find_area", "record_audit"]
