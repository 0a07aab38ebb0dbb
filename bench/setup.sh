#!/bin/sh
# Tools for bench/make_releases.py's Chromium and LibreOffice producers (Debian 12).
# The base install does not need them: without them those producers are skipped with a
# message, and the reportlab producers (platypus, canvas2col) still run.
#   chromium                  HTML -> PDF (headless --print-to-pdf)
#   libreoffice-writer-nogui  .fodt -> PDF (soffice --headless --convert-to pdf), no GUI deps
#   fonts-dejavu-core, fonts-liberation2   the fonts both producers lay text out in
#   poppler-utils             pdftotext / pdftoppm, to read and look at generated pages
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    chromium libreoffice-writer-nogui fonts-dejavu-core fonts-liberation2 poppler-utils
chromium --version
soffice --version
