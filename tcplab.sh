#!/usr/bin/env bash
# TCP Lab's one entry point: installs what is missing (Debian packages), builds, then runs.
#   ./tcplab.sh run [FILE]      the GUI, on the default lesson or FILE
#   ./tcplab.sh test            every test (CTest)
#   ./tcplab.sh cli ARGS...     tcplab-cli
#   ./tcplab.sh build           just build
#   ./tcplab.sh test --sanitize every test, built with ASan+UBSan in build-asan
#   ./tcplab.sh fuzz SECONDS    builds the libFuzzer targets (clang) in build-fuzz, runs each for SECONDS
#   ./tcplab.sh bench [--vs-ns3] the benchmark table (Release build in build-bench); --vs-ns3 also builds
#                               and runs ../shared/bench/ns3 and prints both side by side
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${TCPLAB_BUILD_DIR:-build}
PACKAGES=(cmake ninja-build g++ pkg-config
          qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libgl-dev
          libpcap-dev fonts-noto-cjk python3-jsonschema
          tshark) # tshark: tests/net/tst_pcap decodes the pcap exports with checksum validation

die() { echo "tcplab.sh: $*" >&2; exit 2; }

ensure_packages() {
    local missing=()
    PACKAGES+=("$@")
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

# The sanitized test suite (docs/robustness.md). Qt is not instrumented; LeakSanitizer's suppressions
# (tests/sanitizers/lsan.supp) name only third-party libraries.
sanitize_env() {
    export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=0:strict_init_order=1:check_initialization_order=1:detect_stack_use_after_return=1:allocator_may_return_null=0"
    export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:report_error_type=1"
}

test_sanitized() {
    ensure_packages
    local dir=${TCPLAB_ASAN_BUILD_DIR:-build-asan}
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTCPLAB_WERROR=ON -DTCPLAB_SANITIZE=ON
    fi
    cmake --build "$dir" --parallel "$(nproc)"
    sanitize_env
    # Last, so that CTest's summary ends the output; its exit status is the command's (set -e). No test
    # found (a broken build dir) is a failure too.
    QT_QPA_PLATFORM=offscreen ctest --test-dir "$dir" --output-on-failure --no-tests=error \
        --parallel "$(nproc)" "$@"
}

fuzz() {
    local seconds=${1:-}
    [[ "$seconds" =~ ^[0-9]+$ ]] || die "usage: ./tcplab.sh fuzz SECONDS"
    ensure_packages clang-14 libclang-rt-14-dev
    local dir=${TCPLAB_FUZZ_BUILD_DIR:-build-fuzz}
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        CC=clang-14 CXX=clang++-14 cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DTCPLAB_WERROR=ON -DTCPLAB_BUILD_GUI=OFF -DTCPLAB_BUILD_TESTS=OFF -DTCPLAB_BUILD_FUZZ=ON
    fi
    local targets=(fuzz_scenario_json fuzz_scenario_run)
    cmake --build "$dir" --parallel "$(nproc)" --target "${targets[@]}"
    sanitize_env
    export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0" # libFuzzer's own leak check (-detect_leaks) runs
    local failed=0
    for t in "${targets[@]}"; do
        # The corpus grows across runs in $dir/corpus/$t; the seeds are copied in every time.
        mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t"
        cp resources/scenarios/*.json tests/data/*.json tests/fuzz/regressions/*.json "$dir/corpus/$t/"
        echo "tcplab.sh: fuzzing $t for $seconds s (crashes go to $dir/artifacts/$t/)"
        if ! "$dir/fuzz/$t" "$dir/corpus/$t" -dict=fuzz/scenario.dict -max_total_time="$seconds" \
                -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
                -artifact_prefix="$dir/artifacts/$t/" 2>"$dir/$t.log"; then
            failed=1
            tail -n 60 "$dir/$t.log" >&2
            echo "tcplab.sh: $t FAILED; reproduce with: $dir/fuzz/$t $dir/artifacts/$t/<file>" >&2
        else
            grep -E "^(stat::number_of_executed_units|#[0-9]+ +DONE)" "$dir/$t.log" || true
        fi
    done
    return $failed
}

bench() {
    ensure_packages
    local dir=${TCPLAB_BENCH_BUILD_DIR:-build-bench}
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        # -O2, not CMake's -O3: g++ 12's -O3 gives a false -Wrestrict on std::string (GCC bug 105329).
        cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
            -DTCPLAB_WERROR=ON -DTCPLAB_BUILD_GUI=OFF -DTCPLAB_BUILD_TESTS=OFF -DTCPLAB_BUILD_BENCH=ON
    fi
    cmake --build "$dir" --parallel "$(nproc)" --target bench
    local args=()
    if [ "${1:-}" = "--vs-ns3" ]; then
        local ns3=${TCPLAB_NS3_DIR:-../shared/bench/ns3}
        [ -d "$ns3" ] || die "--vs-ns3: $ns3 is not there"
        ensure_packages libns3-dev
        # Built in our own build dir, so that nothing is written into ../shared.
        (cmake -S "$ns3" -B "$dir/ns3" -DCMAKE_BUILD_TYPE=Release >/dev/null &&
            cmake --build "$dir/ns3" --parallel "$(nproc)" >/dev/null) || die "--vs-ns3: the ns-3 program did not build"
        args=(--ns3 "$(cd "$dir/ns3" && pwd)/ns3_tcp_bench")
        shift
    fi
    "$dir/bench/tcplab_bench" "${args[@]}" "$@"
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
        if [ "${1:-}" = "--sanitize" ]; then
            shift
            test_sanitized "$@"
            exit
        fi
        build
        QT_QPA_PLATFORM=offscreen ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel "$(nproc)" "$@" ;;
    cli)
        build >/dev/null
        exec "$BUILD_DIR/app/tcplab-cli" "$@" ;;
    fuzz)
        fuzz "$@" ;;
    bench)
        bench "$@" ;;
    *)
        die "usage: ./tcplab.sh run [FILE] | test [--sanitize] | cli ARGS... | build | fuzz SECONDS | bench [--vs-ns3]" ;;
esac
