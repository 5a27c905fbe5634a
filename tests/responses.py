"""Reading a test client's response to the end, the way the client expects.

Why: a streamed download (a file) must be read through its iterator, which closes the file with
Django's connection-closing signal disconnected; calling ``response.close()`` yourself fires that
signal and, on PostgreSQL, closes the test's database connection mid-transaction.
"""

from __future__ import annotations


def finish(response: object) -> bytes:
    """The response's bytes; a streamed one is read to the end, which closes its file."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
