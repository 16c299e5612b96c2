// SPDX-License-Identifier: GPL-3.0-or-later
// Clicks and types into a KWin Wayland session through KWin's org_kde_kwin_fake_input protocol, as a user would:
// scripts/desktop-kde-test.sh builds it (wayland-scanner, plasma-wayland-protocols' fake-input.xml) to type an
// inline reply into a Plasma notification popup.
//   kwin-fake-input click X Y        move the pointer to X,Y (workspace coordinates) and click the left button
//   kwin-fake-input type TEXT        type ASCII TEXT (letters, digits, space and a little punctuation)
//   kwin-fake-input key NAME         press and release one key: enter, escape, tab
// Several commands can follow each other on one command line.
#include "fake-input-client-protocol.h"

#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wayland-client.h>

static struct org_kde_kwin_fake_input* fake;

static void onGlobal(void* data, struct wl_registry* registry, uint32_t name, const char* interface, uint32_t version)
{
    (void)data;
    if (strcmp(interface, org_kde_kwin_fake_input_interface.name) == 0 && version >= 4)
        fake = wl_registry_bind(registry, name, &org_kde_kwin_fake_input_interface, 4);
}

static void onGlobalRemove(void* data, struct wl_registry* registry, uint32_t name)
{
    (void)data;
    (void)registry;
    (void)name;
}

static const struct wl_registry_listener registryListener = {onGlobal, onGlobalRemove};

// US layout: the evdev key and whether shift is needed.
static int keyFor(char c, int* shift)
{
    static const char* const letters = "abcdefghijklmnopqrstuvwxyz";
    static const int letterKeys[] = {KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I,
                                     KEY_J, KEY_K, KEY_L, KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R,
                                     KEY_S, KEY_T, KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z};
    static const int digitKeys[] = {KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9};
    *shift = 0;
    if (c >= 'A' && c <= 'Z') {
        *shift = 1;
        c = (char)(c - 'A' + 'a');
    }
    const char* at = strchr(letters, c);
    if (c && at)
        return letterKeys[at - letters];
    if (c >= '0' && c <= '9')
        return digitKeys[c - '0'];
    switch (c) {
    case ' ':
        return KEY_SPACE;
    case '.':
        return KEY_DOT;
    case ',':
        return KEY_COMMA;
    case '-':
        return KEY_MINUS;
    case '!':
        *shift = 1;
        return KEY_1;
    case '?':
        *shift = 1;
        return KEY_SLASH;
    default:
        return -1;
    }
}

static void key(struct wl_display* display, int code, int pressed)
{
    org_kde_kwin_fake_input_keyboard_key(fake, (uint32_t)code, pressed ? 1 : 0);
    wl_display_roundtrip(display);
    usleep(15000);
}

int main(int argc, char** argv)
{
    struct wl_display* display = wl_display_connect(NULL);
    if (!display) {
        fprintf(stderr, "kwin-fake-input: no Wayland display\n");
        return 1;
    }
    struct wl_registry* registry = wl_display_get_registry(display);
    wl_registry_add_listener(registry, &registryListener, NULL);
    wl_display_roundtrip(display);
    if (!fake) {
        fprintf(stderr, "kwin-fake-input: the compositor offers no org_kde_kwin_fake_input (version 4)\n");
        return 1;
    }
    org_kde_kwin_fake_input_authenticate(fake, "hu60 desktop test", "types an inline reply into a notification");
    wl_display_roundtrip(display);
    for (int i = 1; i < argc; ++i) {
        if (strcmp(argv[i], "click") == 0 && i + 2 < argc) {
            const double x = atof(argv[i + 1]);
            const double y = atof(argv[i + 2]);
            i += 2;
            org_kde_kwin_fake_input_pointer_motion_absolute(fake, wl_fixed_from_double(x), wl_fixed_from_double(y));
            wl_display_roundtrip(display);
            usleep(150000);
            org_kde_kwin_fake_input_button(fake, BTN_LEFT, 1);
            wl_display_roundtrip(display);
            usleep(50000);
            org_kde_kwin_fake_input_button(fake, BTN_LEFT, 0);
            wl_display_roundtrip(display);
            usleep(300000);
        } else if (strcmp(argv[i], "type") == 0 && i + 1 < argc) {
            for (const char* c = argv[++i]; *c; ++c) {
                int shift = 0;
                const int code = keyFor(*c, &shift);
                if (code < 0) {
                    fprintf(stderr, "kwin-fake-input: cannot type '%c'\n", *c);
                    return 2;
                }
                if (shift)
                    key(display, KEY_LEFTSHIFT, 1);
                key(display, code, 1);
                key(display, code, 0);
                if (shift)
                    key(display, KEY_LEFTSHIFT, 0);
            }
        } else if (strcmp(argv[i], "key") == 0 && i + 1 < argc) {
            const char* name = argv[++i];
            const int code = strcmp(name, "enter") == 0    ? KEY_ENTER
                             : strcmp(name, "escape") == 0 ? KEY_ESC
                             : strcmp(name, "tab") == 0    ? KEY_TAB
                                                           : -1;
            if (code < 0) {
                fprintf(stderr, "kwin-fake-input: unknown key %s\n", name);
                return 2;
            }
            key(display, code, 1);
            key(display, code, 0);
        } else {
            fprintf(stderr, "usage: kwin-fake-input [click X Y] [type TEXT] [key enter|escape|tab]...\n");
            return 2;
        }
    }
    wl_display_roundtrip(display);
    wl_display_disconnect(display);
    return 0;
}
