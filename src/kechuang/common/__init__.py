"""公共 (common)."""
