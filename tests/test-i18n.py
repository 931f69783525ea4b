#!/usr/bin/python3
# test-i18n.py BUILD_ROOT SOURCE_ROOT
#
# What a Ukrainian user and a Ukrainian story get from the built program,
# with no display: `sitmap --help` in Ukrainian; the built desktop entry
# and metainfo translated; an export of a story in Ukrainian written in
# Ukrainian; and an English story exported on a Ukrainian desktop still in
# English.  The expected Ukrainian is read from the compiled catalogue, so
# the test follows the translation rather than repeating it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gettext
import os
import re
import subprocess
import sys
import tempfile

BUILD, SOURCE = sys.argv[1], sys.argv[2]
SITMAP = os.environ.get('SITMAP_BIN') or os.path.join(BUILD, 'src', 'sitmap')
APP_ID = 'io.github.sitmap.Sitmap'
UK_STORY = os.path.join(SOURCE, 'tests', 'data', 'stories', 'ukraine-2022-01-uk', 'story.geojson')
CYRILLIC = re.compile('[\u0400-\u04ff]')

uk = gettext.translation('sitmap', localedir=os.path.join(BUILD, 'po'), languages=['uk'])
results = []


def check(name, condition, detail=''):
    results.append((name, bool(condition), detail))


def run(args, language):
    env = dict(os.environ, LANGUAGE=language, LC_ALL='C.UTF-8', DISPLAY='', WAYLAND_DISPLAY='')
    return subprocess.run([SITMAP] + args, env=env, capture_output=True, text=True, timeout=120)


def svg_text(path):
    """The SVG's <title> and <desc>: the map's text as words (cairo draws
    the glyphs as shapes)."""
    with open(path, encoding='utf-8') as f:
        svg = f.read()
    return ' '.join(re.findall(r'<(?:title|desc)>(.*?)</(?:title|desc)>', svg, flags=re.S))


# --help in Ukrainian: our options and GLib's own headings.
helped = run(['--help'], 'uk')
wanted = uk.gettext('Write the map to FILE (.png, .svg or .pdf) and exit, without opening a window')
check('help-in-ukrainian', helped.returncode == 0 and wanted in helped.stdout and
      'Write the map to FILE' not in helped.stdout and CYRILLIC.search(helped.stdout.split('\n')[0]),
      helped.stdout[:400] + helped.stderr)
check('help-translated', wanted != 'Write the map to FILE (.png, .svg or .pdf) and exit, without opening a window')
english = run(['--help'], '')
check('help-in-english-otherwise', 'Write the map to FILE' in english.stdout, english.stdout[:300])

# A usage error speaks Ukrainian too.
usage = run(['--scale', '9', '--export', os.path.join(tempfile.gettempdir(), 'never.png')], 'uk')
check('usage-error-in-ukrainian', usage.returncode == 2 and CYRILLIC.search(usage.stderr), usage.stderr)

# Plural forms: the noun agrees with the number as Ukrainian has it
# (1 піксель, 3 пікселі, 5 пікселів), by the catalogue's Plural-Forms.
SIZE_ONE = 'sitmap: --size “%s” makes an image of %d×%d pixel; each side must be %d–%d\n'
SIZE_MANY = 'sitmap: --size “%s” makes an image of %d×%d pixels; each side must be %d–%d\n'
nouns = set()
for height in (1, 3, 5, 11, 12):
    size = f'100x{height}'
    done = run(['--size', size, '--export', os.path.join(tempfile.gettempdir(), 'never.png')], 'uk')
    wanted = uk.ngettext(SIZE_ONE, SIZE_MANY, height) % (size, 100, height, 16, 32767)
    check(f'plural-{height}', done.returncode == 2 and done.stderr == wanted, done.stderr + ' ≠ ' + wanted)
    nouns.add(wanted.split('×')[1].split(';')[0])
check('three-plural-forms', len({n.split()[1] for n in nouns}) == 3, nouns)

# The desktop entry and the metainfo as built.
with open(os.path.join(BUILD, 'data', 'desktop', APP_ID + '.desktop'), encoding='utf-8') as f:
    desktop = f.read()
comment = re.search(r'^Comment\[uk\]=(.+)$', desktop, flags=re.M)
check('desktop-name-uk', re.search(r'^Name\[uk\]=.+$', desktop, flags=re.M), desktop)
check('desktop-comment-uk', comment and CYRILLIC.search(comment.group(1)), desktop)
with open(os.path.join(BUILD, 'data', 'desktop', APP_ID + '.metainfo.xml'), encoding='utf-8') as f:
    metainfo = f.read()
summary = re.search(r'<summary xml:lang="uk">([^<]+)</summary>', metainfo)
check('metainfo-uk', summary and CYRILLIC.search(summary.group(1)) and
      re.search(r'<p xml:lang="uk">', metainfo), metainfo[:600])

with tempfile.TemporaryDirectory() as tmp:
    # A story in Ukrainian, on an English desktop: a Ukrainian map.
    uk_svg = os.path.join(tmp, 'uk.svg')
    done = run([UK_STORY, '--export', uk_svg], '')
    text = svg_text(uk_svg) if done.returncode == 0 else ''
    check('uk-story-exports', done.returncode == 0, done.stderr)
    check('uk-story-numbers', 'понад 100\u00a0000 військових' in text and '2\u00a0000 кілометрів' in text, text[-600:])
    check('uk-story-hedges', 'ще 5–10 батальйонних тактичних груп' in text, text[-600:])
    check('uk-story-words', uk.pgettext('map description', 'Situation map for “%s”').split('%s')[0] in text and
          'Situation map' not in text and 'It shows' not in text, text[:300])

    # The built-in English story, on a Ukrainian desktop: an English map.
    en_svg = os.path.join(tmp, 'en.svg')
    done = run(['--export', en_svg], 'uk')
    text = svg_text(en_svg) if done.returncode == 0 else ''
    check('en-story-exports', done.returncode == 0, done.stderr)
    check('en-story-stays-english', 'more than 100,000 troops' in text and 'It shows' in text and
          not CYRILLIC.search(text), text[:600])

print(f'1..{len(results)}')
for i, (name, ok, detail) in enumerate(results, 1):
    print(f'{"ok" if ok else "not ok"} {i} {name}')
    if not ok:
        for line in str(detail).splitlines()[:20]:
            print(f'# {line}')
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
