#!/usr/bin/env bash
# TCP Lab's one entry point: installs what is missing (Debian packages), builds, then runs.
#   ./tcplab.sh run [FILE]      the GUI, on the default lesson or FILE
#   ./tcplab.sh test            every test (CTest)
#   ./tcplab.sh cli ARGS...     tcplab-cli
#   ./tcplab.sh build           just build
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${TCPLAB_BUILD_DIR:-build}
PACKAGES=(cmake ninja-build g++ pkg-config
          qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6svg6-dev libgl-dev
          libpcap-dev fonts-noto-cjk python3-jsonschema)

die() { echo "tcplab.sh: $*" >&2; exit 2; }

ensure_packages() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "tcplab.sh: installing ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
    ensure_packages
    if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
        cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTCPLAB_WERROR=ON
    fi
    cmake --build "$BUILD_DIR" --parallel "$(nproc)"
}

cmd=${1:-run}
[ $# -gt 0 ] && shift
case "$cmd" in
    build)
        build ;;
    run)
        build
        if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
            die "no display: run it in a desktop session, or under xvfb-run"
        fi
        exec "$BUILD_DIR/app/tcplab" "$@" ;;
    test)
        build
        QT_QPA_PLATFORM=offscreen ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel "$(nproc)" "$@" ;;
    cli)
        build >/dev/null
        exec "$BUILD_DIR/app/tcplab-cli" "$@" ;;
    *)
        die "usage: ./tcplab.sh run [FILE] | test | cli ARGS... | build" ;;
esac
