"""Framework-free plan reader: plan documents (txt/md/docx/doc/wps/pdf/html) in, plain dicts out.

    from kechuang.reader import extract_path, ReaderError
    plan = extract_path("规划.docx")        # {"document", "indicators", "series", "tasks"}

Nothing here imports Django; the web side and the CLI both call these functions.
"""

from kechuang.reader.catalog import CatalogEntry, load_catalog, match_catalog
from kechuang.reader.errors import ReaderError
from kechuang.reader.pipeline import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S, extract_bytes, extract_path

__all__ = [
    "CatalogEntry",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT_S",
    "ReaderError",
    "extract_bytes",
    "extract_path",
    "load_catalog",
    "match_catalog",
]
