#!/usr/bin/env bash
# Set up everything the lecture needs, idempotently:
#   1. system packages (cairo, pango, LaTeX, ffmpeg, a C compiler, chromium for the
#      course page's browser tests) - installed when
#      missing if we are root, otherwise listed with the command to install them;
#   2. a virtual environment in .venv with the project installed in editable mode
#      (with the test tools), refreshed only when pyproject.toml changed. A .venv
#      that belongs to another folder (this checkout was copied with `cp -a`: its
#      programs and editable install would run the original's code and write into
#      the original's media/) is recreated here;
#   3. reveal.js for the slide deck (softmax-anim slides): the sphinx-revealjs wheel, which
#      vendors reveal.js's dist files, installed without its Sphinx dependencies (only its
#      files are copied into the deck, the package is never imported).
#
#   bash scripts/setup.sh --check-venv   only say whether .venv belongs here (exit 0) or not (exit 3)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
log() { printf '[setup] %s\n' "$*" >&2; }

# --- whose virtual environment is this? -----------------------------------------
# Prints the folder .venv was made for when that is not this one (nothing when it is
# ours or absent): where its editable install of the project points, else where its
# programs' "#!" lines point.
venv_owner() {
  [ -x "$VENV/bin/python" ] || return 0
  local here owner="" script
  here=$(pwd -P)
  owner=$("$VENV/bin/python" -I -c '
import importlib.util, os
spec = importlib.util.find_spec("lecture_tool")
print(os.path.dirname(os.path.dirname(os.path.realpath(spec.origin))) if spec and spec.origin else "")
' 2>/dev/null || true)
  if [ -z "$owner" ]; then
    for script in "$VENV"/bin/pip "$VENV"/bin/pip3 "$VENV"/bin/softmax-anim; do
      [ -f "$script" ] || continue
      owner=$(head -n 1 "$script" | sed -n 's|^#!\(.*\)/bin/python[0-9.]*$|\1|p')
      [ -n "$owner" ] && owner=$(dirname "$owner")
      break
    done
  fi
  if [ -n "$owner" ] && [ "$(cd "$owner" 2>/dev/null && pwd -P || echo "$owner")" != "$here" ]; then
    echo "$owner"
  fi
}

owner=$(venv_owner)
if [ "${1:-}" = "--check-venv" ]; then
  if [ -n "$owner" ]; then
    log "$VENV belongs to $owner, not to $(pwd -P): its programs would run that folder's code"
    exit 3
  fi
  log "$VENV belongs here (or does not exist yet)"
  exit 0
fi
if [ -n "$owner" ] && [ -L "$VENV" ]; then  # recreating it would wipe the other folder's environment
  log "$VENV is a link to $(readlink "$VENV"), the virtual environment of $owner: it would run that folder's code"
  log "remove the link (rm $VENV) and run this again to make one for $(pwd -P)"
  exit 1
fi

command -v "$PYTHON" >/dev/null || { log "no $PYTHON on PATH: install Python 3.11 or newer"; exit 1; }
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { log "Python 3.11 or newer is needed, found $("$PYTHON" --version 2>&1)"; exit 1; }

# --- system packages ---------------------------------------------------------
wanted=(libcairo2-dev libpango1.0-dev pkg-config
        texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm
        ffmpeg gcc
        chromium)  # the browser the course page's tests drive (tests/test_page_browser.py)
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
if [ -n "$owner" ]; then
  log "$VENV was made for $owner (copied checkout?): its programs would run that folder's code and write there"
  log "recreating $VENV for $(pwd -P)"
  "$PYTHON" -m venv --clear "$VENV"
fi
[ -x "$VENV/bin/python" ] || { log "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
stamp="$VENV/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  log "installing the project and its dependencies into $VENV (first time: a few minutes)"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -e ".[test,voice]"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
# reveal.js 5.2 (MIT) inside sphinx-revealjs (Apache-2.0): a 2.4 MB wheel from PyPI, where npm's
# reveal.js would need Node.js and npm (Debian's npm alone pulls in over 400 packages).
REVEAL_WHEEL=sphinx-revealjs==3.2.1
"$VENV/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("sphinx-revealjs") != sys.argv[1])' \
    "${REVEAL_WHEEL#*==}" 2>/dev/null \
  || { log "installing $REVEAL_WHEEL (reveal.js for the slide deck)"; \
       "$VENV/bin/python" -m pip install -q --no-deps "$REVEAL_WHEEL"; }
# The project's own modules compiled once: where PYTHONDONTWRITEBYTECODE is set, every process (each
# render, each test worker) compiled them again on import (a quarter of a second each). Stale files are
# recompiled in memory, so an edit is never missed.
"$VENV/bin/python" -m compileall -q -j 0 softmax_anim scenes lecture_tool lecture_voice tests >/dev/null || true
# The tests too, as pytest runs them (its assertion rewriting, cached beside them): each test worker rewrote
# every test module at start-up otherwise (3 s of a 5 s collection). pytest checks each file's size and time.
env -u PYTHONDONTWRITEBYTECODE "$VENV/bin/python" -m pytest --collect-only -q -n 0 -p no:cacheprovider \
  >/dev/null 2>&1 || true
log "ready: $VENV"
