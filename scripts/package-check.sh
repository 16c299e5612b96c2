#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds a Release tree, packages it as a .deb with CPack and checks the result: the desktop entry and AppStream
# metainfo validate, the package has sensible Depends, and the binary runs from a scratch root it was unpacked into.
# Ends with "package-check: N passed, M failed" and a non-zero status on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${HU60_PACKAGE_BUILD_DIR:-$here/build-package}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
finish() {
    echo "package-check: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

# Tools of this check only (the build dependencies come from install-deps.sh); idempotent like install-deps.sh.
tools=(appstream desktop-file-utils dpkg-dev file)
missing=()
for p in "${tools[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
"$here/scripts/install-deps.sh"

# Release build without tests; ccache is picked up by the top-level CMakeLists.txt.
if cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHU60_BUILD_TESTS=OFF -DHU60_BENCH=OFF \
        -DHU60_WERROR=OFF -DCMAKE_INSTALL_PREFIX=/usr >"$work/configure.log" 2>&1 &&
    cmake --build "$build_dir" -j"${HU60_JOBS:-2}" --target hu60-notifier >"$work/build.log" 2>&1; then
    pass "release build"
else
    cat "$work/configure.log" "$work/build.log" >&2
    fail "release build"
    finish
fi

# `cmake --install` lays out the prefix.
stage="$work/stage"
if DESTDIR="$stage" cmake --install "$build_dir" >"$work/install.log" 2>&1; then
    pass "cmake --install"
else
    cat "$work/install.log" >&2
    fail "cmake --install"
fi
for f in usr/bin/hu60-notifier usr/share/applications/cn.hu60.Notifier.desktop \
    usr/share/metainfo/cn.hu60.Notifier.metainfo.xml usr/share/icons/hicolor/scalable/apps/hu60-notifier.svg; do
    if [ -e "$stage/$f" ]; then pass "installed /$f"; else fail "missing /$f after cmake --install"; fi
done

if desktop-file-validate "$stage/usr/share/applications/cn.hu60.Notifier.desktop"; then
    pass "desktop-file-validate"
else
    fail "desktop-file-validate"
fi
if appstreamcli validate --no-net "$stage/usr/share/metainfo/cn.hu60.Notifier.metainfo.xml"; then
    pass "appstreamcli validate"
else
    fail "appstreamcli validate"
fi

# The package.
rm -f "$build_dir"/hu60-notifier_*.deb
if (cd "$build_dir" && cpack -G DEB) >"$work/cpack.log" 2>&1; then
    pass "cpack -G DEB"
else
    cat "$work/cpack.log" >&2
    fail "cpack -G DEB"
    finish
fi
deb=$(ls "$build_dir"/hu60-notifier_*.deb 2>/dev/null | head -n1)
if [ -n "$deb" ]; then pass "package $(basename "$deb")"; else fail "no .deb produced"; finish; fi

info=$(dpkg-deb -I "$deb")
echo "$info" | grep -E '^ (Package|Version|Architecture|Depends|Recommends|Section):'
depends=$(echo "$info" | sed -n 's/^ Depends: //p')
for lib in libqt6core6 libqt6widgets6 libqt6network6 libqt6websockets6 libqt6sql6-sqlite; do
    if echo "$depends" | grep -q "$lib"; then pass "Depends has $lib"; else fail "Depends lacks $lib: $depends"; fi
done
if echo "$info" | grep -q '^ Section: net$'; then pass "Section: net"; else fail "Section is not net"; fi

# Unpack into a scratch root and run the binary from there (its libraries come from the system).
root="$work/root"
if dpkg -x "$deb" "$root"; then pass "dpkg -x"; else fail "dpkg -x"; fi
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/hu60-notifier ./usr/share/applications/cn.hu60.Notifier.desktop \
    ./usr/share/metainfo/cn.hu60.Notifier.metainfo.xml ./usr/share/icons/hicolor/scalable/apps/hu60-notifier.svg; do
    if echo "$contents" | grep -q " $f\$"; then pass "package has $f"; else fail "package lacks $f"; fi
done
expected="hu60-notifier $(sed -n 's/^project(hu60-notifier VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")"
version=$(env -u DISPLAY -u WAYLAND_DISPLAY HOME="$work/home" "$root/usr/bin/hu60-notifier" --version 2>"$work/version.err")
status=$?
if [ "$status" -eq 0 ] && [ "$version" = "$expected" ]; then
    pass "installed --version prints \"$version\""
else
    cat "$work/version.err" >&2
    fail "installed --version: status $status, printed \"$version\", expected \"$expected\""
fi
if env -u DISPLAY -u WAYLAND_DISPLAY HOME="$work/home" "$root/usr/bin/hu60-notifier" --help | grep -q 'serve'; then
    pass "installed --help lists the modes"
else
    fail "installed --help"
fi
if file "$root/usr/bin/hu60-notifier" | grep -q 'stripped' && ! file "$root/usr/bin/hu60-notifier" | grep -q 'not stripped'; then
    pass "binary is stripped"
else
    fail "binary is not stripped"
fi

finish
