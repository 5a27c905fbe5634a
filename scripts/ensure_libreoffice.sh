#!/usr/bin/env bash
# Debian's LibreOffice Writer (no GUI) for reading Word 97–2003 .doc and WPS .wps plans:
# the reader converts them with `soffice --headless --convert-to docx`.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then
  exit 0
fi
echo "正在通过 apt 安装 LibreOffice Writer（用于读取 .doc / .wps 文档）…"
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk >/dev/null
