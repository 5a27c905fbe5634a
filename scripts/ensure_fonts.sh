#!/usr/bin/env bash
# Noto CJK fonts for the reports: charts (matplotlib, Noto Sans CJK SC) and the PDF (LibreOffice maps
# 宋体/仿宋/黑体 onto Noto Serif/Sans CJK SC). Without them every Chinese character is a box.
set -euo pipefail
# grep reads everything (no -q): with pipefail, fc-list killed by SIGPIPE would fail the test and reinstall.
if command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep "Noto Sans CJK SC" >/dev/null; then
  exit 0
fi
echo "正在通过 apt 安装中文字体 fonts-noto-cjk（用于报告图表和 PDF）…"
export DEBIAN_FRONTEND=noninteractive
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends fonts-noto-cjk fontconfig >/dev/null
