"""数据采集 (collection)."""
