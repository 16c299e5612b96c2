#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Sets everything up on a fresh Debian 12 machine and runs what CI runs, in three stages:
#   1. gcc build with warnings as errors, the whole test suite (build/); then the package check of that tree
#      (scripts/package-check.sh: .deb, validators, installed and run);
#   2. clang build with AddressSanitizer + UBSan (+ fuzzer coverage instrumentation), the whole test suite again
#      (build-fuzz/; the style check, which stage 1 ran, is not repeated; the chaos test runs at a fifth of its
#      size: 400 messages and 10 kills/cuts);
#   3. a short libFuzzer run of every fuzz target, seeded from fuzz/corpus and ../shared/fixtures when present.
# Every stage runs even when an earlier one failed; the exit status is non-zero when any failed.
# Knobs: HU60_SKIP_SANITIZERS=1 (stage 1 only), HU60_FUZZ_SECONDS (per target, default 15).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HU60_BUILD_DIR:-$here/build}
san_dir=${HU60_SANITIZER_BUILD_DIR:-$here/build-fuzz}
fuzz_seconds=${HU60_FUZZ_SECONDS:-15}
# Same relative paths in every checkout: ccache hits across clones (CI clones into another folder).
export CCACHE_BASEDIR=$here
# Debug info would otherwise put the checkout's folder into every hash and defeat the cache across clones.
export CCACHE_NOHASHDIR=1

passed=0
failed=0
failed_stages=()

section() {
    printf '\n========== %s ==========\n' "$*"
}

# Adds the counts of a ctest log ("NN% tests passed, F tests failed out of T") to the totals.
count_ctest() {
    local line total bad
    line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$1" | tail -1)
    if [ -z "$line" ]; then
        failed=$((failed + 1))
        return
    fi
    bad=$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$line")
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
}

stage_failed() {
    failed_stages+=("$1")
    printf '*** stage failed: %s\n' "$1"
}

"$here/scripts/install-deps.sh" || { echo "installing the build dependencies failed"; exit 1; }
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
start=$SECONDS

section "1/3 build (gcc, warnings are errors) + test suite"
if HU60_WERROR=ON HU60_BUILD_DIR=$build_dir "$here/scripts/build.sh"; then
    (cd "$build_dir" && ctest --output-on-failure -j2 --timeout 300) 2>&1 | tee "$log_dir/ctest.log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || stage_failed "test suite"
    count_ctest "$log_dir/ctest.log"
else
    stage_failed "build"
    failed=$((failed + 1))
fi
printf 'stage 1 took %ds\n' $((SECONDS - start))

# The .deb from stage 1's tree: cpack, validators, scratch-root and (as root) a real dpkg install; one count.
section "package check (.deb of stage 1's build, installed and run)"
stage_start=$SECONDS
# (pipefail: the pipeline fails when the check does.)
if [ -f "$build_dir/app/hu60-notifier" ] &&
    HU60_BUILD_DIR=$build_dir "$here/scripts/package-check.sh" 2>&1 | tee "$log_dir/package.log"; then
    passed=$((passed + 1))
else
    stage_failed "package check"
    failed=$((failed + 1))
fi
printf 'package check took %ds\n' $((SECONDS - stage_start))

# The app on real desktops: Wayland (sway + waybar, three times: with mako, with dunst, and without a notification
# server, when the news goes to the tray and the focus must still stay put), X11 (openbox + trayer), GNOME Shell and
# KDE Plasma (headless Wayland; their packages are installed by the stages themselves: install-deps.sh --desktop).
# One count a run.
section "desktops (Wayland: sway + mako / dunst / none; X11: openbox, trayer; GNOME Shell; KDE Plasma)"
stage_start=$SECONDS
# desktop_run LABEL COMMAND...: 0 counts as passed, 77 (packages missing) as loudly skipped, the rest as failed.
desktop_run() {
    local label=$1 status
    shift
    "$@" 2>&1 | tee -a "$log_dir/desktop.log"
    status=${PIPESTATUS[0]}
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
    elif [ "$status" -eq 77 ]; then
        echo "*** $label SKIPPED (see above): its packages could not be installed"
    else
        stage_failed "$label"
        failed=$((failed + 1))
    fi
}
if [ -f "$build_dir/app/hu60-notifier" ]; then
    export HU60_BUILD_DIR=$build_dir
    desktop_run "desktop (Wayland)" timeout 300 "$here/scripts/desktop-test.sh"
    desktop_run "desktop (Wayland, dunst)" \
        env HU60_DESKTOP_NOTIFICATION_SERVER=dunst timeout 300 "$here/scripts/desktop-test.sh"
    desktop_run "desktop (Wayland, no notification server)" \
        env HU60_DESKTOP_NO_NOTIFICATION_SERVER=1 timeout 300 "$here/scripts/desktop-test.sh"
    desktop_run "desktop (X11)" timeout 300 "$here/scripts/desktop-x11-test.sh"
    desktop_run "desktop (GNOME Shell)" timeout 600 "$here/scripts/desktop-gnome-test.sh"
    desktop_run "desktop (KDE Plasma)" timeout 600 "$here/scripts/desktop-kde-test.sh"
else
    stage_failed "desktops (nothing built)"
    failed=$((failed + 1))
fi
printf 'desktop stage took %ds\n' $((SECONDS - stage_start))

if [ "${HU60_SKIP_SANITIZERS:-0}" != 1 ]; then
    section "2/3 ASan + UBSan build (clang, fuzz instrumentation) + test suite"
    stage_start=$SECONDS
    san_flags="-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
    if CC=clang CXX=clang++ cmake -S "$here" -B "$san_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DHU60_FUZZ=ON -DCMAKE_CXX_FLAGS="$san_flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
        >/dev/null && cmake --build "$san_dir" -j"${HU60_JOBS:-2}"; then
        # Leaks count (suppressions: Qt/system internals only, see the file; the slow unwinder gives them full
        # stacks through Qt, which has no frame pointers); UB stops the test.
        export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0
        export LSAN_OPTIONS=suppressions=$here/scripts/lsan.supp:print_suppressions=0
        export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
        if [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
            export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
        fi
        (cd "$san_dir" && HU60_CHAOS_SCALE=0.2 ctest --output-on-failure -j2 --timeout 600 -LE style) 2>&1 | tee "$log_dir/ctest-asan.log"
        [ "${PIPESTATUS[0]}" -eq 0 ] || stage_failed "sanitizer test suite"
        count_ctest "$log_dir/ctest-asan.log"
    else
        stage_failed "sanitizer build"
        failed=$((failed + 1))
    fi
    printf 'stage 2 took %ds\n' $((SECONDS - stage_start))

    section "3/3 fuzzing (${fuzz_seconds}s per target)"
    stage_start=$SECONDS
    if [ -d "$san_dir" ] && cmake --build "$san_dir" --target fuzz_seed >/dev/null; then
        for target in fuzz_event fuzz_action fuzz_content fuzz_server_actions; do
            binary=$san_dir/fuzz/$target
            corpus=$san_dir/fuzz/${target}_corpus
            if [ ! -x "$binary" ]; then
                stage_failed "$target (not built)"
                failed=$((failed + 1))
                continue
            fi
            # Crash reproducers land in the build dir; the corpus grows across runs on the same machine. The content
            # renderer is linear (tests/core/tst_rendercost.cpp): an input of at most 64 KiB that takes it more than
            # 2 s even under ASan is a slow input, and fails the run like a crash.
            per_input_timeout=10
            [ "$target" = fuzz_content ] && per_input_timeout=2
            if (cd "$san_dir/fuzz" && "$binary" -max_total_time="$fuzz_seconds" -timeout="$per_input_timeout" \
                -rss_limit_mb=2048 \
                -max_len=65536 -print_final_stats=1 "$corpus") >"$log_dir/$target.log" 2>&1; then
                printf '%s: ok (%s)\n' "$target" "$(grep -E '^stat::number_of_executed_units' "$log_dir/$target.log" |
                    awk '{print $2 " runs"}')"
                passed=$((passed + 1))
            else
                tail -60 "$log_dir/$target.log"
                stage_failed "$target"
                failed=$((failed + 1))
            fi
        done
    else
        stage_failed "fuzz seeding"
        failed=$((failed + 1))
    fi
    printf 'stage 3 took %ds\n' $((SECONDS - stage_start))
fi

section "summary"
printf 'total time %ds\n' $((SECONDS - start))
if [ ${#failed_stages[@]} -gt 0 ]; then
    printf 'failed: %s\n' "${failed_stages[*]}"
fi
# Test executables of both suites plus one per fuzz target and one for the package check.
printf 'summary: %d passed, %d failed\n' "$passed" "$failed"
[ ${#failed_stages[@]} -eq 0 ] && [ "$failed" -eq 0 ]
