#!/usr/bin/python3
# test-structure.py SOURCE_ROOT
#
# The house rules a reader of the tree relies on:
#   short    no .c file under src/ or tests/ is over 1,500 lines;
#   no loop  no header, through the project headers it includes, comes
#            back to itself, and no two source files include each other's
#            headers (a.c includes b.h while b.c includes a.h; an object's
#            -private.h, shared by the files it is split into, aside).
# Headers are included by bare name, so a name stands for one file.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

MAX_LINES = 1500
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def sources(root):
    for top in ('src', 'tests'):
        for folder, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if name.endswith(('.c', '.h')):
                    yield os.path.join(folder, name)


def main():
    root = sys.argv[1]
    files = list(sources(root))
    by_name = {}
    includes = {}
    failures = []
    for path in files:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        name = os.path.basename(path)
        if name.endswith('.h'):
            by_name.setdefault(name, path)
        includes[path] = INCLUDE.findall(text)
        if name.endswith('.c') and text.count('\n') > MAX_LINES:
            failures.append('%s: %d lines, over %d' % (os.path.relpath(path, root),
                                                       text.count('\n'), MAX_LINES))

    # Loops through headers: a depth-first walk that meets a header on its
    # own path.
    state = {}

    def walk(header, trail):
        state[header] = 'open'
        for included in includes.get(by_name[header], []):
            if included not in by_name:
                continue
            if state.get(included) == 'open':
                loop = trail[trail.index(included):] + [included]
                failures.append('include loop: ' + ' -> '.join(loop))
            elif included not in state:
                walk(included, trail + [included])
        state[header] = 'done'

    for header in sorted(by_name):
        if header not in state:
            walk(header, [header])

    # Two files that include each other's headers.
    stem_of = lambda path: os.path.splitext(os.path.basename(path))[0]
    uses = {}
    for path, names in includes.items():
        if not path.endswith('.c'):
            continue
        stem = stem_of(path)
        for included in names:
            other = os.path.splitext(included)[0]
            # A -private.h is how the files one object is split into
            # share it: theirs by design.
            if other.endswith('-private'):
                continue
            if other != stem:
                uses.setdefault(stem, set()).add(other)
    for a in sorted(uses):
        for b in sorted(uses[a]):
            if a < b and a in uses.get(b, ()):
                failures.append('%s and %s include each other\'s headers' % (a, b))

    print('1..1')
    if failures:
        for failure in failures:
            print('# ' + failure)
        print('not ok 1 structure')
        return 1
    print('ok 1 structure')
    return 0


sys.exit(main())
