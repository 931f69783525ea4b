#!/usr/bin/python3
# e2e-edit-add.py SITMAP_EXE OUTDIR
#
# Adding to the story in the real app, driven from outside as a person
# would: the main menu's Add, New Story, Save and Undo commands found by
# name through AT-SPI, Add Place by typing "Kyi" and Enter with the real
# keyboard (xdotool), a place and a movement clicked on the map with the real pointer in the
# add mode, Enter ending the movement and Escape leaving the mode.  Each
# step is checked in the Places list the accessibility bus shows.
#
# Run under build-aux/with-xvfb with /usr/bin/python3 (pyatspi).  Uses the
# helpers of e2e-atspi.py.  The app log and screenshots go to OUTDIR.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

_spec = importlib.util.spec_from_file_location(
    'e2e_atspi', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'e2e-atspi.py'))
e2e = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(e2e)

from gi.repository import GLib  # noqa: E402

TestFailure = e2e.TestFailure
log = e2e.log
ADD_COMMANDS = ['Add Place…', 'Add Places by Clicking', 'Add a Movement', 'Add a Border Line', 'Add an Area']
# The story's own commands, found the same way.
STORY_COMMANDS = ['New Story', 'New Story from Article…', 'Save', 'Save As…', 'Undo', 'Redo']
PLACES_LIST = 'Places in the story'


def xdo(*args):
    subprocess.run(['xdotool'] + list(args), check=True, timeout=10)


def place_names(acc_app):
    places = e2e.find(acc_app, 'list', PLACES_LIST)
    if places is None:
        return []
    return [e2e.name(row) for row in e2e.children(places)]


def map_origin(app, map_acc):
    """The map's top left corner on the screen, and its size."""
    e = map_acc.queryComponent().getExtents(0)   # ATSPI_COORD_TYPE_SCREEN
    if e.width <= 0:
        raise TestFailure(f'the map has no area on screen: {e.x}, {e.y}, {e.width}x{e.height}')
    return e.x, e.y, e.width, e.height


def click_map(x, y):
    xdo('mousemove', str(x), str(y))
    time.sleep(0.1)
    xdo('click', '1')
    time.sleep(0.3)       # more than a double click's time: each is its own click


def run(exe, workdir):
    app = e2e.App(exe, os.path.join(workdir, 'edit-add-app.log'))
    try:
        e2e.wait_for('the "first frame" log line', lambda: 'first frame' in app.log_text(), app,
                     timeout=e2e.STARTUP_TIMEOUT)
        acc_app = e2e.wait_for('the app on the accessibility bus', lambda: e2e.find_app(app.proc.pid), app,
                               interval=0.2)
        map_acc = e2e.wait_for('the map', lambda: e2e.find(acc_app, 'image', e2e.MAP_NAME), app, interval=0.2)
        before = e2e.wait_for('the Places list', lambda: place_names(acc_app), app, interval=0.2)
        log(f'{len(before)} places listed')

        # 1. The Add commands are in the main menu, by name.
        # F10 opens the primary menu, as for anyone on the keyboard.
        xdo('key', 'F10')
        for command in ADD_COMMANDS + STORY_COMMANDS:
            e2e.wait_for(f'a menu item named {command!r}',
                         lambda: any(e2e.name(a) == command for a, _ in e2e.walk(acc_app)), app)
        log(f'the main menu offers {ADD_COMMANDS + STORY_COMMANDS}')
        e2e.screenshot(os.path.join(workdir, 'edit-add-menu.png'))
        xdo('key', 'Escape')
        time.sleep(0.5)

        # 2. Insert, "Kyi", Enter: Kyiv, Ukraine is the first result.
        xdo('key', 'Insert')
        e2e.wait_for('the "Place to add" entry', lambda: e2e.find(acc_app, 'text', 'Place to add') or
                     any(e2e.name(a) == 'Place to add' for a, _ in e2e.walk(acc_app)), app)
        xdo('type', '--delay', '60', 'Kyi')
        e2e.wait_for('the result "Kyiv, Ukraine"',
                     lambda: e2e.find(acc_app, 'list item', 'Kyiv, Ukraine, Capital'), app)
        time.sleep(0.3)
        e2e.screenshot(os.path.join(workdir, 'edit-add-search.png'))
        xdo('key', 'Return')
        added = e2e.wait_for('a second Kyiv in the Places list',
                             lambda: (lambda n: n if n.count('Kyiv') == before.count('Kyiv') + 1 else None)(
                                 place_names(acc_app)), app)
        log(f'Add Place added Kyiv: {len(added)} places')

        # 3. The add mode: a click adds a place where it falls.
        x0, y0, width, height = map_origin(app, map_acc)
        xdo('key', 'ctrl+shift+p')
        e2e.wait_for('the add mode indicator',
                     lambda: any(e2e.name(a) == 'Adding places: click the map' for a, _ in e2e.walk(acc_app)), app)
        n = len(place_names(acc_app))
        click_map(x0 + width // 2, y0 + height // 2)
        e2e.wait_for('a place added by the click', lambda: len(place_names(acc_app)) == n + 1, app)
        log(f'the click added {place_names(acc_app)[-1]!r}')
        e2e.screenshot(os.path.join(workdir, 'edit-add-mode.png'))
        xdo('key', 'Escape')
        e2e.wait_for('the add mode to end',
                     lambda: not any(e2e.name(a) == 'Adding places: click the map' and
                                     e2e.has_state(a, e2e.Atspi.StateType.VISIBLE)
                                     for a, _ in e2e.walk(acc_app)), app)
        log('Escape left the add mode')

        # 4. A movement: three clicks and Enter.
        n = len(place_names(acc_app))
        xdo('key', 'ctrl+shift+m')
        e2e.wait_for('the movement mode indicator',
                     lambda: any(e2e.name(a) == 'Adding a movement: click its points' and
                                 e2e.has_state(a, e2e.Atspi.StateType.VISIBLE)
                                 for a, _ in e2e.walk(acc_app)), app)
        for fx, fy in ((0.35, 0.45), (0.45, 0.40), (0.55, 0.45)):
            click_map(x0 + int(width * fx), y0 + int(height * fy))
        e2e.screenshot(os.path.join(workdir, 'edit-add-movement.png'))
        if len(place_names(acc_app)) != n:
            raise TestFailure('clicking a movement\'s points added something before Enter')
        xdo('key', 'Return')
        e2e.wait_for('"New movement" in the Places list', lambda: 'New movement' in place_names(acc_app), app)
        log('three clicks and Enter added "New movement"')
        xdo('key', 'Escape')
        app.check_alive()
    except TestFailure:
        if app.proc.poll() is None:
            print(f'--- app log:\n{app.log_text()}', flush=True)
        raise
    finally:
        app.stop()


def main():
    if len(sys.argv) != 3:
        print(f'usage: {sys.argv[0]} SITMAP_EXE OUTDIR', file=sys.stderr)
        return 2
    exe, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix='sitmap-e2e-edit-add.')

    def on_term(*_):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        sys.exit(143)
    signal.signal(signal.SIGTERM, on_term)
    try:
        run(exe, workdir)
    except TestFailure as e:
        log(f'FAIL: {e}')
        return 1
    except GLib.Error as e:
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
