# Shared by scripts/run and scripts/test: make .venv and install the locked packages, only when
# the lock file changed since the last install (so the second run starts in a second).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"

install_python() {
    local lock="$1"
    if [ ! -x "$VENV/bin/python" ]; then
        "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
            echo "unsent needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1))." >&2
            exit 1
        }
        "$PYTHON" -m venv "$VENV"
    fi
    local stamp="$VENV/.install-stamp"
    local want
    want="$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1) $lock"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        echo "Installing Python packages from $lock ..." >&2
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$lock"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
        echo "$want" > "$stamp"
    fi
}

install_node() {
    local dir="$ROOT/tests/e2e"
    local stamp="$dir/node_modules/.install-stamp"
    local want
    want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        command -v npm >/dev/null || { echo "The end-to-end tests need Node.js and npm." >&2; exit 1; }
        echo "Installing the Bot API emulator (npm ci) ..." >&2
        npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
        echo "$want" > "$stamp"
    fi
}
