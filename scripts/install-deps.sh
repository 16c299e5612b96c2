#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs everything needed to build, run and test hu60 Notifier on Debian 12.
# `install-deps.sh --desktop gnome|kde` installs instead what one big desktop's stage needs (GNOME Shell: ~150
# packages, ~40 s, ~0.7 GB; KDE Plasma: ~400 packages, ~110 s, ~1.3 GB, measured with the .debs cached): the stages
# scripts/desktop-gnome-test.sh and scripts/desktop-kde-test.sh call it when their tools are missing, so
# scripts/test.sh on a fresh machine gets them without every build machine paying for them.
set -euo pipefail

# python3-gi + gir1.2-pango-1.0: scripts/notify-capture.py (bus monitor, Pango checks of the bodies);
# gir1.2-gtk-3.0: the small window standing for the user's terminal; dbus-daemon, dbus-bin: the private buses.
desktop_common=(python3-gi gir1.2-pango-1.0 gir1.2-gtk-3.0 gir1.2-glib-2.0 dbus-daemon dbus-bin)
# gjs: GNOME Shell's notification service (org.gnome.Shell.Notifications) runs in it; without it mako is activated.
desktop_gnome=(gnome-shell gjs)
# plasmashell is the notification server; kwin_wayland the compositor (its ScreenShot2 and scripting over D-Bus);
# plasma-wayland-protocols, libwayland-dev, libwayland-bin, gcc: scripts/kwin-fake-input.c, built by the stage, clicks
# and types an inline reply into Plasma's popup through KWin's fake-input protocol.
desktop_kde=(kwin-wayland plasma-workspace plasma-desktop qtwayland5
    plasma-wayland-protocols libwayland-dev libwayland-bin gcc libc6-dev pkg-config)

packages=(
    build-essential cmake ninja-build ccache pkg-config clang-format libmd4c-dev libpango1.0-dev
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-httpserver-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools linguist-qt6
    libqt6sql6-sqlite libqt6svg6 qt6-svg-dev qt6-qpa-plugins
    qtkeychain-qt6-dev libgl-dev qt6-translations-l10n openssl
    xvfb xauth dbus-x11 fonts-noto-cjk
    clang libclang-rt-14-dev llvm-14
    appstream desktop-file-utils dpkg-dev file
    chromium
    sway waybar mako-notifier grim foot qt6-wayland jq dunst python3-gi gir1.2-pango-1.0
    openbox trayer xdotool x11-utils
)
# libmd4c-dev: the Markdown parser behind content::Document. libpango1.0-dev: tst_document and tst_nativepresenter
# check notification markup with Pango, as mako and dunst parse it.
# openssl: the tests make a throwaway self-signed certificate for their local TLS servers.
# clang + libclang-rt-14-dev: the ASan/UBSan test suite and the libFuzzer targets (scripts/test.sh);
# llvm-14: llvm-symbolizer, for readable sanitizer stack traces.
# appstream, desktop-file-utils, dpkg-dev (dpkg-shlibdeps for CPack), file: scripts/package-check.sh.
# sway, waybar, mako-notifier, grim, foot, jq, qt6-wayland: scripts/desktop-test.sh runs the app on a real
# (headless) Wayland desktop with a StatusNotifier tray and a notification server; qt6-wayland is also what
# Wayland users need to run the app natively. dunst: the same stage with a second Pango notification server.
# python3-gi, gir1.2-pango-1.0: scripts/notify-check.py parses every body sent to those servers with Pango, as
# mako and dunst do (from Debian's /usr/bin/python3). openbox, trayer (an XEmbed tray), xdotool, x11-utils (xmessage):
# scripts/desktop-x11-test.sh, the same checks on X11 with a real window manager.
# chromium: tst_browser_client drives it headless against `serve` (skipped without it; ~140 MB download).

if [ "${1:-}" = --desktop ]; then
    case ${2:-} in
    gnome) packages=("${desktop_common[@]}" "${desktop_gnome[@]}") ;;
    kde) packages=("${desktop_common[@]}" "${desktop_kde[@]}") ;;
    *)
        echo "usage: $0 [--desktop gnome|kde]" >&2
        exit 2
        ;;
    esac
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
