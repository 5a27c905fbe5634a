"""The registry's refusals."""

from kechuang.tenancy.domain.audit import RuleError


class RegistryError(RuleError):
    """A registry change refused for a reason a person can act on (message in Chinese)."""
