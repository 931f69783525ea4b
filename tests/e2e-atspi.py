#!/usr/bin/python3
# e2e-atspi.py SITMAP_EXE OUTDIR
#
# End-to-end test of the real app through the accessibility bus (AT-SPI):
# every story feature must have a marker button that assistive technologies
# can find by name, the Kyiv marker's "click" action must open its popover
# with the article excerpts word for word, and the Kyiv marker must be
# reachable with Tab and open the same popover with Return.
#
# Run it under build-aux/with-xvfb, which provides the X display and the
# private session bus that AT-SPI needs, and with /usr/bin/python3 (the
# interpreter that has pyatspi).  The story is read from $SITMAP_DATADIR.
# The app log and screenshots are copied to OUTDIR at the end, pass or
# fail; while the test runs they live in a private directory, so that two
# runs at once (meson test --repeat) don't read each other's files.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version('Atspi', '2.0')
from gi.repository import Atspi, GLib  # noqa: E402

import pyatspi  # noqa: E402

STORY = os.path.join('stories', 'ukraine-2022-01', 'story.geojson')
APP_NAME = 'sitmap'            # g_get_prgname () of the app
MAP_NAME = 'Map'               # accessible label of the map view
TARGET = 'Kyiv'
# The first Kyiv excerpt, as the article has it.
KYIV_EXCERPT = 'dozens of Ukrainian government websites were knocked out Friday'

KEY_TAB = 0xff09
KEY_RETURN = 0xff0d
KEY_ESCAPE = 0xff1b
MAX_TABS = 60
MIN_READABLE_WIDTH = 200   # px, for the popover's excerpt label

STARTUP_TIMEOUT = 45           # exec to first frame; about 1-4 s when idle
TIMEOUT = 10                   # any other wait


class TestFailure(Exception):
    pass


T0 = time.monotonic()


def log(msg):
    print(f'[{time.monotonic() - T0:6.2f}s] {msg}', flush=True)


class App:
    """The app under test: its process and its log file."""

    def __init__(self, exe, log_path):
        self.log_path = log_path
        self.log_file = open(log_path, 'w')
        self.proc = subprocess.Popen([exe], stdin=subprocess.DEVNULL,
                                     stdout=self.log_file, stderr=subprocess.STDOUT)
        log(f'started {exe} as pid {self.proc.pid}')

    def log_text(self):
        with open(self.log_path, encoding='utf-8', errors='replace') as f:
            return f.read()

    def count(self, line):
        return self.log_text().count(line)

    def check_alive(self):
        status = self.proc.poll()
        if status is not None:
            raise TestFailure(f'the app exited with status {status}; its log:\n{self.log_text()}')

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


def wait_for(what, predicate, app, timeout=TIMEOUT, interval=0.05):
    """Polls predicate () until it returns something true, and returns that."""
    deadline = time.monotonic() + timeout
    while True:
        app.check_alive()
        try:
            result = predicate()
        except GLib.Error:
            result = None       # an object went away while we looked at it
        if result:
            return result
        if time.monotonic() > deadline:
            raise TestFailure(f'timed out after {timeout} s waiting for {what}')
        time.sleep(interval)


# -- The accessibility tree ------------------------------------------------

def children(acc):
    try:
        return [c for c in acc if c is not None]
    except GLib.Error:
        return []


def walk(acc, path=()):
    """Depth-first, in the order the app gives its children: yields
    (accessible, tuple of its ancestors).  'showing' is not checked, as
    GTK 4.8 gives it only to the window."""
    yield acc, path
    for child in children(acc):
        yield from walk(child, path + (acc,))


def role(acc):
    try:
        return acc.getRoleName()
    except GLib.Error:
        return None


def name(acc):
    try:
        return acc.name or ''
    except GLib.Error:
        return ''


def find(root, role_name, acc_name=None, contains=None):
    for acc, _ in walk(root):
        if role(acc) != role_name:
            continue
        if acc_name is not None and name(acc) != acc_name:
            continue
        if contains is not None and contains not in text_of(acc):
            continue
        return acc
    return None


def text_of(acc):
    """A label's text.  On GTK 4.8 getText (0, -1) returns '', so ask for
    characterCount characters; fall back to the accessible name."""
    try:
        t = acc.queryText()
        s = t.getText(0, t.characterCount)
        if s:
            return s
    except (NotImplementedError, GLib.Error):
        pass
    return name(acc)


def has_state(acc, state):
    acc.clear_cache()           # ask the app, not libatspi's cache
    return acc.get_state_set().contains(state)


def find_app(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for a in children(desktop):
        try:
            if a.name == APP_NAME and a.get_process_id() == pid:
                return a
        except GLib.Error:
            pass
    return None


def do_action(acc, action_name):
    action = acc.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    if action_name not in names:
        raise TestFailure(f'{name(acc)!r} has no {action_name!r} action, only {names}')
    if not action.doAction(names.index(action_name)):
        raise TestFailure(f'the {action_name!r} action of {name(acc)!r} failed')


def press(keysym):
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)


def popover_labels(map_acc):
    """The text of every label in the map's popover, if one is open.  The
    popover is a child of the map view, next to the marker buttons."""
    texts = []
    for child in children(map_acc):
        if role(child) == 'push button':
            continue
        for acc, _ in walk(child):
            if role(acc) == 'label':
                texts.append(text_of(acc))
    return texts


def popover_with(map_acc, excerpt):
    texts = popover_labels(map_acc)
    return texts if any(excerpt in t for t in texts) else None


def popover_label(map_acc, excerpt):
    for child in children(map_acc):
        if role(child) == 'push button':
            continue
        for acc, _ in walk(child):
            if role(acc) == 'label' and excerpt in text_of(acc):
                return acc
    return None


# -- Keyboard focus ----------------------------------------------------------

def pump():
    """Delivers pending AT-SPI events to their listeners."""
    ctx = GLib.MainContext.default()
    while ctx.iteration(False):
        pass


class FocusWatcher:
    """Records (role, name) of each object that gains keyboard focus, from
    the app's object:state-changed:focused events."""

    def __init__(self):
        self.gained = []
        self.listener = Atspi.EventListener.new(self._on_event)
        self.listener.register('object:state-changed:focused')

    def _on_event(self, event):
        if event.detail1:
            self.gained.append((role(event.source), name(event.source)))

    def last(self):
        return '{} {!r}'.format(*self.gained[-1]) if self.gained else 'nothing known'

    def stop(self):
        self.listener.deregister('object:state-changed:focused')


def tab_to(app, marker, focus):
    """Presses Tab until marker has focus; returns the number of presses.
    Each press waits for its focus change, so presses can't pile up and
    skip past the marker on a slow machine."""
    pump()
    for tabs in range(1, MAX_TABS + 1):
        seen = len(focus.gained)
        press(KEY_TAB)
        wait_for(f'a focus change after Tab press {tabs} (focus went to {focus.gained[-3:]})',
                 lambda: pump() or len(focus.gained) > seen, app, interval=0.02)
        if focus.gained[-1] == ('push button', TARGET):
            if not has_state(marker, Atspi.StateType.FOCUSED):
                raise TestFailure(f'the {TARGET} marker got a focus event but has no focused state')
            return tabs
    raise TestFailure(f'the {TARGET} marker never had focus after {MAX_TABS} Tab presses; '
                      f'focus went to {focus.gained}')


def check_tab_order(gained, features):
    """Not an error: notes when Tab visits markers out of story order."""
    names = [f['name'] for f in features]
    visited = [n for r, n in gained if r == 'push button' and n in names]
    expected = sorted(visited, key=names.index)
    if visited != expected:
        log(f'note: Tab visits the markers in this order, not the story\'s: {visited}')


# -- Other helpers ----------------------------------------------------------

def story_features(datadir):
    path = os.path.join(datadir, STORY)
    with open(path, encoding='utf-8') as f:
        story = json.load(f)
    features = [feat['properties'] for feat in story['features']]
    if not features:
        raise TestFailure(f'{path} has no features')
    return path, features


def app_windows(pid):
    """The app's visible X windows (a popover is one more), or None
    without xdotool."""
    if not shutil.which('xdotool'):
        return None
    out = subprocess.run(['xdotool', 'search', '--onlyvisible', '--pid', str(pid)],
                         capture_output=True, text=True, timeout=10).stdout
    return out.split()


def screenshot(path):
    subprocess.run(['import', '-window', 'root', path], check=True, timeout=30)
    log(f'screenshot {os.path.basename(path)}')


# -- The test ----------------------------------------------------------------

def check_markers(map_acc, features):
    """Each feature has a push button with its name inside the map, and
    the accessibility tree lists them in story order (reading order)."""
    buttons = [c for c in children(map_acc) if role(c) == 'push button']
    names = [name(b) for b in buttons]
    expected = [f['name'] for f in features]
    missing = [n for n in expected if n not in names]
    if missing:
        raise TestFailure(f'no marker button for {len(missing)} of {len(expected)} story features: '
                          f'{missing}; the map has {names}')
    order = [n for n in names if n in expected]
    if order != expected:
        raise TestFailure(f'marker buttons are not in story order:\n  got      {order}\n'
                          f'  expected {expected}')
    log(f'all {len(expected)} story features have a marker button, in story order')

    # Not an error, but worth seeing: a marker with no area can't be hit
    # with the pointer.
    for b in buttons:
        e = b.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        if e.width <= 0 or e.height <= 0:
            log(f'note: marker {name(b)!r} has an empty area ({e.x}, {e.y}, {e.width}x{e.height})')


def check_popover(app, map_acc, feature, excerpt, before):
    """Waits for the popover of feature: the log line, a label holding
    excerpt, then checks that its labels hold every excerpt word for word."""
    line = f'popover shown: {feature["name"]}'
    wait_for(f'log line {line!r}', lambda: app.count(line) > before, app)
    texts = wait_for(f'a popover label containing {excerpt!r}',
                     lambda: popover_with(map_acc, excerpt), app)
    joined = '\n'.join(texts)
    missing = [e for e in feature.get('excerpts', []) if e not in joined]
    if missing:
        raise TestFailure(f'the {feature["name"]} popover lacks {len(missing)} excerpt(s): {missing}\n'
                          f'its labels: {texts}')
    if feature['name'] not in texts:
        raise TestFailure(f'no popover label reads {feature["name"]!r}; labels: {texts}')
    log(f'popover open: {len(texts)} labels, all {len(feature.get("excerpts", []))} excerpts word for word')

    # Not an error here, but worth seeing: text squeezed into a narrow column.
    label = popover_label(map_acc, excerpt)
    e = label.queryComponent().getExtents(pyatspi.WINDOW_COORDS) if label else None
    if e and e.width < MIN_READABLE_WIDTH:
        log(f'note: the popover\'s excerpt label is only {e.width} px wide and {e.height} px tall')


def close_popover(app, map_acc, excerpt):
    press(KEY_ESCAPE)
    wait_for('the popover to close after Escape',
             lambda: not popover_with(map_acc, excerpt), app)
    log('Escape closed the popover')


def wait_popover_window(app, nwin):
    """Waits until the popover's X window is mapped, then lets it draw."""
    if nwin is None:
        time.sleep(0.5)
        return
    wait_for('the popover X window', lambda: len(app_windows(app.proc.pid)) > nwin, app)
    time.sleep(0.3)


def run(exe, workdir, outdir):
    datadir = os.environ.get('SITMAP_DATADIR') or \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data')
    story_path, features = story_features(datadir)
    kyiv = next((f for f in features if f['name'] == TARGET), None)
    if kyiv is None or not any(KYIV_EXCERPT in e for e in kyiv.get('excerpts', [])):
        raise TestFailure(f'{story_path} has no feature {TARGET!r} with the excerpt {KYIV_EXCERPT!r}')
    log(f'{len(features)} features in {story_path}; app log and screenshots go to {outdir}')

    app = App(exe, os.path.join(workdir, 'atspi-app.log'))
    try:
        wait_for('the "first frame" log line', lambda: 'first frame' in app.log_text(), app,
                 timeout=STARTUP_TIMEOUT)
        log('first frame drawn')
        acc_app = wait_for(f'the app {APP_NAME!r} on the accessibility bus',
                           lambda: find_app(app.proc.pid), app, interval=0.2)

        marker = wait_for(f'a push button named {TARGET!r}',
                          lambda: find(acc_app, 'push button', TARGET), app, interval=0.2)
        map_acc = marker.parent
        if role(map_acc) != 'image' or name(map_acc) != MAP_NAME:
            raise TestFailure(f'the {TARGET} button is not inside the map: its parent is '
                              f'{role(map_acc)} {name(map_acc)!r}')
        log(f'found push button {TARGET!r} in the {MAP_NAME!r} image')
        check_markers(map_acc, features)

        # 1. The "click" action, as a screen reader would do it.
        nwin = app_windows(app.proc.pid)
        nwin = len(nwin) if nwin is not None else None
        shown = app.count(f'popover shown: {TARGET}')
        do_action(marker, 'click')
        check_popover(app, map_acc, kyiv, KYIV_EXCERPT, shown)
        wait_popover_window(app, nwin)
        screenshot(os.path.join(workdir, 'atspi-kyiv-popover.png'))
        close_popover(app, map_acc, KYIV_EXCERPT)
        # The click also selected Kyiv, and the editor's inspector came up
        # beside the map; a second Escape clears the selection, as a keyboard
        # user would before touring the markers.  (GTK 4.8 gives the
        # inspector's entries no accessible object, so focus inside them is
        # not seen here.)
        press(KEY_ESCAPE)
        pump()

        # 2. The keyboard: Tab until the Kyiv marker has focus, then Return.
        focus = FocusWatcher()
        try:
            tabs = tab_to(app, marker, focus)
            log(f'the {TARGET} marker has keyboard focus after {tabs} Tab press(es)')
            check_tab_order(focus.gained, features)

            shown = app.count(f'popover shown: {TARGET}')
            press(KEY_RETURN)
            check_popover(app, map_acc, kyiv, KYIV_EXCERPT, shown)
            wait_popover_window(app, nwin)
            screenshot(os.path.join(workdir, 'atspi-kyiv-popover-keyboard.png'))
            close_popover(app, map_acc, KYIV_EXCERPT)
            pump()
            if not has_state(marker, Atspi.StateType.FOCUSED):
                log(f'note: after Escape the keyboard focus is on {focus.last()}, '
                    f'not back on the {TARGET} marker')
        finally:
            focus.stop()
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
    workdir = tempfile.mkdtemp(prefix='sitmap-e2e-atspi.')
    # meson's timeout sends TERM (and the wrapper another): stop the app
    # and keep the files all the same.
    def on_term(*_):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        sys.exit(143)
    signal.signal(signal.SIGTERM, on_term)
    try:
        run(exe, workdir, outdir)
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
