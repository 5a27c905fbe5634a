"""绩效评价 (evaluation)."""
