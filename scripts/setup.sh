#!/usr/bin/env bash
# Set up everything the lecture needs, idempotently:
#   1. system packages (cairo, pango, LaTeX, ffmpeg, a C compiler) - installed when
#      missing if we are root, otherwise listed with the command to install them;
#   2. a virtual environment in .venv with the project installed in editable mode
#      (with the test tools), refreshed only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
log() { printf '[setup] %s\n' "$*" >&2; }

command -v "$PYTHON" >/dev/null || { log "no $PYTHON on PATH: install Python 3.11 or newer"; exit 1; }
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { log "Python 3.11 or newer is needed, found $("$PYTHON" --version 2>&1)"; exit 1; }

# --- system packages ---------------------------------------------------------
wanted=(libcairo2-dev libpango1.0-dev pkg-config
        texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm
        ffmpeg gcc)
# Python headers and venv support, when this Python comes from Debian itself.
py_include=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
[ -f "$py_include/Python.h" ] || wanted+=(python3-dev)
"$PYTHON" -c 'import ensurepip' 2>/dev/null || wanted+=(python3-venv)

if command -v dpkg-query >/dev/null; then
  missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      log "installing system packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      log "missing system packages: ${missing[*]}"
      log "install them with: sudo apt-get install -y ${missing[*]}"
      exit 1
    fi
  fi
else
  for cmd in pkg-config latex dvisvgm ffmpeg cc; do
    command -v "$cmd" >/dev/null || { log "not a Debian system and '$cmd' is missing: install cairo, pango, LaTeX (with dvisvgm), ffmpeg and a C compiler"; exit 1; }
  done
fi

# --- virtual environment ------------------------------------------------------
[ -x "$VENV/bin/python" ] || { log "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  log "installing the project and its dependencies into $VENV (first time: a few minutes)"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".[test,voice]"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
log "ready: $VENV"
