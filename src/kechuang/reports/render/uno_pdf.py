"""A .docx as PDF with its table of contents brought up to date: run by the system Python with UNO.

Why: ``soffice --convert-to pdf`` keeps a Word field's last result, and the report's TOC field was
written without page numbers (only Word can lay the pages out when it saves). LibreOffice can update
the index itself, but only when asked through its API (UNO), which only the Python LibreOffice was
built for can speak (Debian's ``python3-uno`` for ``/usr/bin/python3``; not installable in a
virtualenv). So this file is a stand-alone script, never imported by kechuang:
``reports.render.pdf`` runs it inside the same jail as every other LibreOffice run
(``reader.formats.legacy.soffice_run``):

    python3 -I uno_pdf.py SOURCE.docx TARGET.pdf SOFFICE [SOFFICE FLAGS...]

It starts LibreOffice (the command after the two paths, i.e. with the jail's private profile) listening
on a private pipe, opens the document hidden, updates every index twice (the second pass sees the
pages as the first left them, should the contents have grown), and stores the PDF with the same
filter as ``--convert-to pdf:writer_pdf_Export``. Any failure exits non-zero without a PDF; the
caller's time limit and process-group kill cover a LibreOffice that hangs.
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import subprocess
import sys
import time
import uuid

_CONNECTED_WITHIN = 60.0  # the caller's own time limit is usually shorter


def _props(**values: object) -> tuple:
    from com.sun.star.beans import PropertyValue

    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _connect(process: subprocess.Popen, pipe: str):
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    give_up = time.monotonic() + _CONNECTED_WITHIN
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if process.poll() is not None or time.monotonic() > give_up:
                raise SystemExit(
                    f"LibreOffice did not accept a connection (exit {process.returncode})"
                ) from None
            time.sleep(0.05)


def convert(source: str, target: str, soffice: list[str]) -> None:
    import uno

    pipe = f"kechuang-{uuid.uuid4().hex}"
    process = subprocess.Popen([*soffice, f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"])  # noqa: S603
    try:
        context = _connect(process, pipe)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        document = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(source),
            "_blank",
            0,
            _props(Hidden=True, ReadOnly=True, MacroExecutionMode=0),
        )
        if document is None:
            raise SystemExit("LibreOffice could not open the document")
        indexes = document.getDocumentIndexes()
        for _ in range(2):
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
        document.refresh()
        document.storeToURL(uno.systemPathToFileUrl(target), _props(FilterName="writer_pdf_Export"))
        document.close(True)
        with contextlib.suppress(Exception):  # the bridge goes away as LibreOffice quits
            desktop.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        # a LibreOffice killed before it quit leaves its pipe's socket behind (in /tmp)
        for left in glob.glob(f"/tmp/OSL_PIPE_*_{pipe}"):  # noqa: S108 - where LibreOffice puts it
            with contextlib.suppress(OSError):
                os.unlink(left)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit("usage: uno_pdf.py SOURCE TARGET SOFFICE [FLAGS...]")
    # the caller's time limit sends SIGTERM first: tidy up (above) before SIGKILL follows
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    convert(sys.argv[1], sys.argv[2], sys.argv[3:])
