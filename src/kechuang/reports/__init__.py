"""报告与展示 (reports)."""
