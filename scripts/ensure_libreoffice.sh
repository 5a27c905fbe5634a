#!/usr/bin/env bash
# Debian's LibreOffice Writer (no GUI) for reading Word 97–2003 .doc and WPS .wps plans
# (the reader converts them with `soffice --headless --convert-to docx`) and for the reports' PDF,
# plus python3-uno: the PDF export drives LibreOffice through UNO from /usr/bin/python3 so that the
# table of contents gets its page numbers (reports/render/uno_pdf.py). Each is checked on its own:
# a machine may have LibreOffice without python3-uno.
set -euo pipefail

has_soffice() {
  command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1
}

has_uno() {
  # LibreOffice's own builds ship a Python with UNO next to soffice; Debian's is python3-uno
  local soffice bundled
  soffice="$(command -v soffice || command -v libreoffice || true)"
  if [ -n "$soffice" ]; then
    bundled="$(dirname "$(readlink -f "$soffice")")/python"
    if [ -x "$bundled" ] && "$bundled" -I -c "import uno" >/dev/null 2>&1; then
      return 0
    fi
  fi
  [ -x /usr/bin/python3 ] && /usr/bin/python3 -I -c "import uno" >/dev/null 2>&1
}

packages=()
if ! has_soffice; then
  echo "正在通过 apt 安装 LibreOffice Writer（用于读取 .doc / .wps 文档和生成 PDF 报告）…"
  packages+=(libreoffice-writer-nogui fonts-noto-cjk)
fi
if ! has_uno; then
  echo "正在通过 apt 安装 python3-uno（PDF 报告目录页码）…"
  packages+=(python3-uno)
fi
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
