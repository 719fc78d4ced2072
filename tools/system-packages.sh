#!/usr/bin/env bash
# Installs the Debian packages `make serve` (serve) or `make test` (test) needs, only those missing.
# serve: Chromium renders the flowcharts at build time, Noto CJK gives them Chinese glyphs, Node runs Mermaid.
# test:  adds LibreOffice (Writer and Calc) and poppler, which open the generated .docx, .xlsx and PDFs as
#        independent readers; python3-uno lets a test edit a 征求意见稿 in LibreOffice as a reviewer would.
set -euo pipefail
want=()
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
[ -x /usr/bin/chromium ] || want+=(chromium)
installed fonts-noto-cjk || want+=(fonts-noto-cjk)
command -v node >/dev/null || want+=(nodejs)
command -v npm >/dev/null || want+=(npm)
if [ "${1:-serve}" = test ]; then
  command -v soffice >/dev/null || want+=(libreoffice-writer-nogui)
  installed libreoffice-calc-nogui || want+=(libreoffice-calc-nogui)
  command -v pdftotext >/dev/null || want+=(poppler-utils)
  installed python3-uno || want+=(python3-uno)  # tests/lo_reviewer.py: a reviewer scripted in LibreOffice
fi
[ ${#want[@]} -eq 0 ] && exit 0
echo "安装系统软件包：${want[*]}"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${want[@]}"
