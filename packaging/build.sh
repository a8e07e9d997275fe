#!/usr/bin/env bash
# Build the packaged app: dist/curator/ with `curator` and `curator-cli` inside.
# Needs the project installed with its gui and package extras:
#   python3 -m pip install -e ".[gui,package]"
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
python3 -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/curator.spec
if [ "$(uname)" = "Linux" ] && command -v strip >/dev/null; then
    # Debug symbols of the interpreter and Qt are dead weight. The wheels' bundled libraries
    # (numpy.libs/...) are left alone: stripping them breaks their loading.
    find dist/curator/_internal -name '*.so*' -type f -not -path '*.libs/*' \
        -exec strip --strip-debug {} + 2>/dev/null || true
fi
echo "built dist/curator in $(( $(date +%s) - start )) s, $(du -sm dist/curator | cut -f1) MB"
