#!/usr/bin/python3
# e2e-i18n.py SITMAP_EXE BUILD_ROOT OUTDIR
#
# The real app on a Ukrainian desktop, then on a right-to-left one, read
# through the accessibility bus:
#   uk   the header bar's buttons, the sidebar's tabs, the map, the main
#        menu and the export dialog carry the Ukrainian of the compiled
#        catalogue, and none of them shows an English message that has a
#        translation;
#   he   a desktop that asks for Hebrew, then Ukrainian (LANGUAGE=he:uk):
#        GTK writes Hebrew right to left and Sitmap answers in Ukrainian, its
#        first language there.  The window is mirrored: the sidebar button
#        starts the header bar on the right, the sidebar is right of the
#        map, the main menu left of the export button, at the same gaps as
#        left to right under plain uk.  (With LANGUAGE=he alone GLib
#        translates nothing, GTK included, as Sitmap has no Hebrew: an
#        untranslated app is not half-translated, and stays left to right.)
# Screenshots of both, and of the Ukrainian export dialog, go to OUTDIR.
# Run under build-aux/with-xvfb with /usr/bin/python3 (pyatspi); the AT-SPI
# helpers are e2e-atspi.py's.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gettext
import importlib.util
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('e2e_atspi', os.path.join(HERE, 'e2e-atspi.py'))
e2e = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(e2e)

TestFailure, log, wait_for = e2e.TestFailure, e2e.log, e2e.wait_for
role, name, walk, children = e2e.role, e2e.name, e2e.walk, e2e.children

HEADER_BUTTONS = ['Show Places and Article', 'Open a Story or Shapefile', 'Zoom to Fit',
                  'Zoom Out', 'Zoom In', 'Export Map…', 'Main Menu']
SIDEBAR_TABS = ['Places', 'Article']
MENU_ITEMS = ['_Open…', '_Built-in Story', '_Export Map…', 'Show _Graticule', '_Symbols',
              '_Keyboard Shortcuts', '_About Sitmap']
EXPORT_TEXTS = ['Export Map', '_Format', '_Size', '_Title Block', '_Legend', 'C_allouts',
                '_Cancel', '_Export…']
KEY_ESCAPE = 0xff1b


def plain(text):
    """A label as people see it: without its mnemonic underline."""
    return text.replace('_', '')


def start(exe, language, workdir):
    os.environ['LANGUAGE'] = language
    os.environ['LC_ALL'] = 'C.UTF-8'
    app = e2e.App(exe, os.path.join(workdir, f'{language.replace(":", "-")}-app.log'))
    wait_for('the "first frame" log line', lambda: 'first frame' in app.log_text(), app,
             timeout=e2e.STARTUP_TIMEOUT)
    acc = wait_for('the app on the accessibility bus', lambda: e2e.find_app(app.proc.pid), app,
                   interval=0.2)
    return app, acc


def names_in(acc):
    return {plain(name(a)) for a, _ in walk(acc) if name(a)} | \
           {plain(e2e.text_of(a)) for a, _ in walk(acc) if role(a) == 'label'}


def find_named(acc, roles, text):
    for a, _ in walk(acc):
        if role(a) in roles and plain(name(a)) == plain(text):
            return a
    return None


def find_clickable(acc, text):
    """The button named text that has a click action (a GtkMenuButton is a
    named box around its own named button)."""
    for a, _ in walk(acc):
        if role(a) in ('push button', 'toggle button') and plain(name(a)) == plain(text):
            try:
                action = a.queryAction()
                if 'click' in [action.getName(i) for i in range(action.nActions)]:
                    return a
            except (NotImplementedError, e2e.GLib.Error):
                pass
    return None


def extents(acc):
    e = acc.queryComponent().getExtents(e2e.pyatspi.WINDOW_COORDS)
    return e.x, e.y, e.width, e.height


def expect_ukrainian(where, acc, messages, uk, app):
    """Waits until acc shows the Ukrainian of every message."""
    for message in messages:
        wanted = plain(uk.gettext(message))
        wait_for(f'{wanted!r} in {where}', lambda: wanted in names_in(acc), app)
    log(f'{where} is in Ukrainian')


def no_english(where, seen, catalogue):
    """No message whose translation differs is shown in English."""
    leaks = sorted(plain(m) for m, t in catalogue.items()
                   if isinstance(m, str) and m and '\x04' not in m and plain(t) != plain(m) and plain(m) in seen)
    if leaks:
        raise TestFailure(f'{where} shows English that has a Ukrainian translation: {leaks}')


def check_ukrainian(exe, uk, catalogue, workdir):
    app, acc = start(exe, 'uk', workdir)
    try:
        for text in HEADER_BUTTONS:
            wanted = uk.gettext(text)
            if wanted == text:
                raise TestFailure(f'the catalogue has no Ukrainian for {text!r}')
            wait_for(f'a button named {wanted!r}',
                     lambda: find_named(acc, ('push button', 'toggle button'), wanted), app)
        for text in SIDEBAR_TABS:
            wait_for(f'a sidebar tab {uk.gettext(text)!r}',
                     lambda: find_named(acc, ('page tab',), uk.gettext(text)), app)
        wait_for(f'the map, named {uk.gettext("Map")!r}',
                 lambda: find_named(acc, ('image',), uk.gettext('Map')), app)
        log('header bar, sidebar and map are in Ukrainian')
        time.sleep(0.5)
        e2e.screenshot(os.path.join(workdir, 'uk-window.png'))
        window_names = names_in(acc)
        no_english('the window', window_names, catalogue)

        # The main menu.
        menu = find_clickable(acc, uk.gettext('Main Menu'))
        e2e.do_action(menu, 'click')
        expect_ukrainian('the main menu', acc, MENU_ITEMS, uk, app)
        time.sleep(0.4)
        e2e.screenshot(os.path.join(workdir, 'uk-menu.png'))
        no_english('the main menu', names_in(acc) - window_names, catalogue)
        e2e.press(KEY_ESCAPE)
        time.sleep(0.3)

        # The export dialog.
        export = find_clickable(acc, uk.gettext('Export Map…'))
        e2e.do_action(export, 'click')
        dialog = wait_for(f'a window {uk.gettext("Export Map")!r}',
                          lambda: find_named(acc, ('frame', 'dialog', 'window'), uk.gettext('Export Map')),
                          app)
        expect_ukrainian('the export dialog', dialog, EXPORT_TEXTS, uk, app)
        time.sleep(0.5)
        e2e.screenshot(os.path.join(workdir, 'uk-export-dialog.png'))
        no_english('the export dialog', names_in(dialog), catalogue)
        app.check_alive()
    finally:
        app.stop()


def layout(acc, app, uk):
    frame = wait_for('the window', lambda: next((a for a, _ in walk(acc) if role(a) == 'frame'), None), app)
    sidebar = wait_for('the sidebar button',
                       lambda: find_clickable(acc, uk.gettext('Show Places and Article')), app)
    export = find_clickable(acc, uk.gettext('Export Map…'))
    menu = find_clickable(acc, uk.gettext('Main Menu'))
    tab = find_named(acc, ('page tab',), uk.gettext('Places'))
    map_view = find_named(acc, ('image',), uk.gettext('Map'))
    if None in (export, menu, tab, map_view):
        raise TestFailure('the window lacks the export or menu button, the Places tab or the map')
    return {'width': extents(frame)[2], 'sidebar': extents(sidebar), 'export': extents(export),
            'menu': extents(menu), 'tab': extents(tab), 'map': extents(map_view)}


def check_mirrored(exe, uk, workdir):
    found = {}
    for language in ('uk', 'he:uk'):
        app, acc = start(exe, language, workdir)
        try:
            time.sleep(0.5)
            found[language] = layout(acc, app, uk)
            e2e.screenshot(os.path.join(workdir, f'{language.replace(":", "-")}-window.png'))
        finally:
            app.stop()

    for language, rtl in (('uk', False), ('he:uk', True)):
        f = found[language]
        middle = f['width'] / 2
        facts = {
            'the sidebar button is at the start of the header bar':
                (f['sidebar'][0] > middle) == rtl,
            'the sidebar is on the start side of the map':
                (f['tab'][0] > f['map'][0]) == rtl,
            'the main menu is at the end, past the export button':
                (f['menu'][0] < f['export'][0]) == rtl,
        }
        wrong = [fact for fact, ok in facts.items() if not ok]
        if wrong:
            raise TestFailure(f'{"right-to-left" if rtl else "left-to-right"} ({language}): not true that '
                              f'{"; ".join(wrong)}; positions {f}')
    # Mirrored, not merely moved: the sidebar button is as far from the
    # right edge under he as from the left edge under en.
    en, he = found['uk'], found['he:uk']
    gap_en = en['sidebar'][0]
    gap_he = he['width'] - (he['sidebar'][0] + he['sidebar'][2])
    if abs(gap_en - gap_he) > 2:
        raise TestFailure(f'the sidebar button is {gap_en} px from the left edge left to right, but '
                          f'{gap_he} px from the right edge right to left')
    log(f'right to left, the window is mirrored (sidebar button {gap_he} px from the right edge)')


def main():
    if len(sys.argv) != 4:
        print(f'usage: {sys.argv[0]} SITMAP_EXE BUILD_ROOT OUTDIR', file=sys.stderr)
        return 2
    exe, build, outdir = sys.argv[1:]
    uk = gettext.translation('sitmap', localedir=os.path.join(build, 'po'), languages=['uk'])
    catalogue = dict(uk._catalog)
    os.makedirs(outdir, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix='sitmap-e2e-i18n.')
    try:
        check_ukrainian(exe, uk, catalogue, workdir)
        check_mirrored(exe, uk, workdir)
    except TestFailure as e:
        log(f'FAIL: {e}')
        return 1
    except e2e.GLib.Error as e:
        log(f'FAIL: an AT-SPI call failed: {e.message}')
        return 1
    finally:
        for f in os.listdir(workdir):
            shutil.copy(os.path.join(workdir, f), outdir)
        shutil.rmtree(workdir, ignore_errors=True)
    log('PASS')
    return 0


if __name__ == '__main__':
    sys.exit(main())
