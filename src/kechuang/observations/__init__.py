"""观测数据 (observations)."""
