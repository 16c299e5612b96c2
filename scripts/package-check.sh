#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Packages hu60 Notifier as a .deb with CPack and checks the result: `cmake --install` lays out the prefix, the
# desktop entry and AppStream metainfo validate, the package has sensible Depends, the binary runs from a scratch
# root the package was unpacked into and, when it is safe (root, package not installed), from /usr/bin after a
# real `dpkg -i`, which is purged again afterwards.
#
# With HU60_BUILD_DIR set (scripts/test.sh does this) the existing build tree is packaged as it is, e.g. stage 1's
# RelWithDebInfo tree (CPack strips the binary); without it a Release tree is built in build-package/.
# Knobs: HU60_PACKAGE_INSTALL=0 never does the real install, =1 insists on it (fails when it is not possible).
# Ends with "package-check: N passed, M failed" and a non-zero status on any failure.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
reuse_build=0
if [ -n "${HU60_BUILD_DIR:-}" ]; then
    build_dir=$HU60_BUILD_DIR
    reuse_build=1
else
    build_dir=${HU60_PACKAGE_BUILD_DIR:-$here/build-package}
fi
work=$(mktemp -d)
installed_by_us=0
cleanup() {
    # A real install made by this script never outlives it, whatever happened in between.
    if [ "$installed_by_us" -eq 1 ]; then
        dpkg --purge hu60-notifier >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS: $*"; }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
finish() {
    echo "package-check: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

# The build dependencies and this check's tools (appstream, desktop-file-utils, dpkg-dev, file).
"$here/scripts/install-deps.sh" || { fail "installing the dependencies"; finish; }

if [ "$reuse_build" -eq 1 ]; then
    # The tree is already built (scripts/test.sh stage 1); this only makes sure the binary is current.
    if [ -f "$build_dir/CMakeCache.txt" ] &&
        cmake --build "$build_dir" -j"${HU60_JOBS:-2}" --target hu60-notifier >"$work/build.log" 2>&1; then
        pass "build tree $build_dir ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build_dir/CMakeCache.txt"))"
    else
        cat "$work/build.log" >&2 2>/dev/null
        fail "no usable build tree in $build_dir"
        finish
    fi
else
    # Release build without tests; ccache is picked up by the top-level CMakeLists.txt.
    if cmake -S "$here" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHU60_BUILD_TESTS=OFF \
            -DHU60_BENCH=OFF -DHU60_WERROR=OFF -DCMAKE_INSTALL_PREFIX=/usr >"$work/configure.log" 2>&1 &&
        cmake --build "$build_dir" -j"${HU60_JOBS:-2}" --target hu60-notifier >"$work/build.log" 2>&1; then
        pass "release build"
    else
        cat "$work/configure.log" "$work/build.log" >&2
        fail "release build"
        finish
    fi
fi

# `cmake --install` lays out the prefix (the package's prefix, /usr, whatever the tree was configured with).
stage="$work/stage"
if DESTDIR="$stage" cmake --install "$build_dir" --prefix /usr >"$work/install.log" 2>&1; then
    pass "cmake --install"
else
    cat "$work/install.log" >&2
    fail "cmake --install"
fi
for f in usr/bin/hu60-notifier usr/share/applications/cn.hu60.Notifier.desktop \
    usr/share/metainfo/cn.hu60.Notifier.metainfo.xml usr/share/icons/hicolor/scalable/apps/cn.hu60.Notifier.svg; do
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

# The package, built into the scratch folder (the build tree gets no .deb or _CPack_Packages).
if cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/cpack" >"$work/cpack.log" 2>&1; then
    pass "cpack -G DEB"
else
    cat "$work/cpack.log" >&2
    fail "cpack -G DEB"
    finish
fi
deb=$(ls "$work"/cpack/hu60-notifier_*.deb 2>/dev/null | head -n1)
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
    ./usr/share/metainfo/cn.hu60.Notifier.metainfo.xml ./usr/share/icons/hicolor/scalable/apps/cn.hu60.Notifier.svg; do
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

# A real install, only where it cannot break anything: as root (CI), with no hu60-notifier package or binary
# present that the purge would remove. dpkg's lock may be held by a concurrent apt-get for a while: retry.
dpkg_retry() {
    local i
    for i in $(seq 1 30); do
        if dpkg "$@" >"$work/dpkg.log" 2>&1; then return 0; fi
        grep -qi 'lock' "$work/dpkg.log" || return 1
        sleep 2
    done
    return 1
}
want_install=${HU60_PACKAGE_INSTALL:-auto}
if [ "$want_install" != 0 ]; then
    if [ "$(id -u)" -eq 0 ] && ! dpkg-query -W hu60-notifier >/dev/null 2>&1 && [ ! -e /usr/bin/hu60-notifier ]; then
        if dpkg_retry -i "$deb"; then
            installed_by_us=1
            pass "dpkg -i $(basename "$deb")"
            version=$(cd / && env -u DISPLAY -u WAYLAND_DISPLAY HOME="$work/home" hu60-notifier --version 2>&1)
            if [ "$(command -v hu60-notifier)" = /usr/bin/hu60-notifier ] && [ "$version" = "$expected" ]; then
                pass "/usr/bin/hu60-notifier --version prints \"$version\""
            else
                fail "installed /usr/bin/hu60-notifier: found $(command -v hu60-notifier), printed \"$version\""
            fi
            if dpkg_retry --purge hu60-notifier && [ ! -e /usr/bin/hu60-notifier ] &&
                [ ! -e /usr/share/applications/cn.hu60.Notifier.desktop ]; then
                installed_by_us=0
                pass "dpkg --purge removes it again"
            else
                cat "$work/dpkg.log" >&2
                fail "dpkg --purge"
            fi
        else
            cat "$work/dpkg.log" >&2
            fail "dpkg -i"
        fi
    elif [ "$want_install" = 1 ]; then
        fail "real install requested, but not root or hu60-notifier is already installed"
    else
        echo "SKIP: real install (needs root and no installed hu60-notifier; the scratch root was checked)"
    fi
fi

finish
