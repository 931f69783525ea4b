#!/usr/bin/python3
# test-po.py SOURCE_ROOT LANG XGETTEXT_ARG…
#
# The translation of LANG is complete and current:
#   complete  msgfmt --check passes and reports no untranslated and no fuzzy
#             message;
#   current   a template made now from the sources (xgettext over
#             po/POTFILES.in, with the arguments po/meson.build gives) has no
#             message that po/LANG.po lacks, and LANG.po keeps none that the
#             sources dropped;
#   listed    every source file with marked strings is in POTFILES.in, and
#             every file listed there exists;
#   marked    no user-visible string is left unmarked: every text property
#             of a .ui file says translatable="yes" or "no", and the C calls
#             that show text to people get no bare string literal.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile

UI_TEXT_PROPERTIES = ('label', 'title', 'subtitle', 'tooltip-text', 'placeholder-text',
                      'description', 'text', 'body', 'heading')

# Calls whose string arguments people read.  A string is text when it has a
# space, a capital or an ellipsis once its printf directives are gone;
# identifiers ("close", "cancel") and formats ("sitmap: %s\n") are not.
UI_CALLS = (
    'gtk_label_new', 'gtk_label_set_text', 'gtk_label_set_label', 'gtk_label_set_markup',
    'gtk_button_new_with_label', 'gtk_button_new_with_mnemonic', 'gtk_button_set_label',
    'gtk_window_set_title', 'gtk_widget_set_tooltip_text', 'gtk_entry_set_placeholder_text',
    'gtk_file_filter_set_name', 'gtk_file_chooser_native_new', 'gtk_string_list_append',
    'adw_message_dialog_new', 'adw_message_dialog_add_response', 'adw_message_dialog_add_responses',
    'adw_message_dialog_set_body', 'adw_message_dialog_format_body',
    'adw_message_dialog_set_heading', 'adw_message_dialog_format_heading',
    'adw_toast_new', 'adw_toast_new_format', 'adw_toast_set_button_label',
    'adw_action_row_set_subtitle', 'adw_preferences_row_set_title', 'adw_window_title_set_title',
    'adw_window_title_set_subtitle', 'adw_status_page_set_title', 'adw_status_page_set_description',
    'adw_about_window_set_comments', 'adw_about_window_add_legal_section',
    'gtk_accessible_update_property', 'sitmap_window_show_error', 'g_printerr',
    'plain_label',
    # Errors and warnings that reach people: GLib's, and the core's own.
    'g_set_error', 'g_prefix_error', 'invalid', 'ctx_fail', 'json_syntax_error', 'sitmap_shapefile_warn',
    '_sitmap_story_invalid', '_sitmap_story_ctx_fail', 'syntax_error', 'sitmap_error_dialog_show',
    'note_bad_record', 'png_error',
)

MARKS = re.compile(r'\b(?:N?C?_|NC_|Q_|g_dgettext|g_dpgettext2|ngettext|g_dngettext|'
                   r'sitmap_map_language_pgettext)\s*\(')
C_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


class Failure(Exception):
    pass


def is_text(literal):
    s = re.sub(r'%[-+ #0-9.*$lhzjt]*[a-zA-Z%]', '', literal)
    s = s.replace('\\n', ' ').strip()
    s = re.sub(r'^sitmap:\s*', '', s)
    if not re.search(r'[^\W\d_]', s):
        return False
    return ' ' in s or '…' in s or re.search(r'[A-Z]', s) is not None


def call_spans(source, func):
    """The argument text of each call of func, parentheses balanced."""
    for m in re.finditer(r'\b' + func + r'\s*\(', source):
        depth, i = 1, m.end()
        while i < len(source) and depth:
            c = source[i]
            if c == '"':
                lit = C_STRING.match(source, i)
                i = lit.end() if lit else i + 1
                continue
            depth += c == '('
            depth -= c == ')'
            i += 1
        yield m.start(), source[m.end():i - 1]


def unmarked_in_c(path, source):
    problems = []
    # Comments say nothing to users.
    source = re.sub(r'/\*.*?\*/', lambda m: re.sub(r'[^\n]', ' ', m.group(0)), source, flags=re.S)
    for func in UI_CALLS:
        for start, args in call_spans(source, func):
            # Literals inside a marking call are fine; blank those out.
            masked = args
            for mark in MARKS.finditer(args):
                for _, inner in call_spans(args[mark.start():], mark.group(0).rstrip('( ').split()[-1]):
                    masked = masked.replace(inner, ' ' * len(inner), 1)
                    break
            for lit in C_STRING.finditer(masked):
                if is_text(lit.group(0)[1:-1]):
                    line = source.count('\n', 0, start) + 1
                    problems.append(f'{path}:{line}: {func} () shows an unmarked string {lit.group(0)}')
    return problems


def unmarked_in_ui(path, source):
    problems = []
    pattern = re.compile(r'<(property|attribute) name="(' + '|'.join(UI_TEXT_PROPERTIES) +
                         r')"([^>]*)>([^<]*)<')
    for m in pattern.finditer(source):
        if 'translatable=' not in m.group(3) and m.group(4).strip():
            line = source.count('\n', 0, m.start()) + 1
            problems.append(f'{path}:{line}: {m.group(2)} “{m.group(4)}” says neither '
                            'translatable="yes" nor translatable="no"')
    for m in re.finditer(r'<item>([^<]+)</item>', source):
        line = source.count('\n', 0, m.start()) + 1
        problems.append(f'{path}:{line}: item “{m.group(1)}” is not marked translatable')
    return problems


def sources_with_marks(root):
    found = set()
    for top in ('src', 'ui', 'data/desktop'):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for f in files:
                path = os.path.join(folder, f)
                rel = os.path.relpath(path, root)
                if f.endswith('.c'):
                    with open(path, encoding='utf-8') as src:
                        text = src.read()
                    if MARKS.search(re.sub(r'/\*.*?\*/', '', text, flags=re.S)):
                        found.add(rel)
                elif f.endswith('.ui'):
                    with open(path, encoding='utf-8') as src:
                        if 'translatable="yes"' in src.read():
                            found.add(rel)
                elif f.endswith('.in'):
                    found.add(rel)
    return found


def read_potfiles(root):
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip() and not line.startswith('#')]


def po_messages(path):
    """(context, msgid) of every live message of a .po or .pot file, read
    back through msgcat so that wrapping and escapes don't matter."""
    out = subprocess.run(['msgcat', '--no-wrap', '--no-location', '--sort-output', path],
                         capture_output=True, text=True, check=True).stdout
    keys = set()
    ctx = None
    for line in out.splitlines():
        if line.startswith('#~'):
            continue
        if line.startswith('msgctxt '):
            ctx = line[8:]
        elif line.startswith('msgid '):
            if line != 'msgid ""' or ctx is not None:
                keys.add((ctx, line[6:]))
            ctx = None
    return keys


def check_complete(po):
    run = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po],
                         capture_output=True, text=True, env=dict(os.environ, LC_ALL='C', LANGUAGE=''))
    report = (run.stdout + run.stderr).strip()
    print(f'# msgfmt: {report}')
    if run.returncode != 0:
        raise Failure(f'msgfmt --check failed on {po}:\n{report}')
    if 'untranslated' in report or 'fuzzy' in report:
        raise Failure(f'{po} is not complete: {report}')


def check_current(root, po, xgettext_args):
    listed = read_potfiles(root)
    missing_files = [f for f in listed if not os.path.exists(os.path.join(root, f))]
    if missing_files:
        raise Failure(f'POTFILES.in lists files that do not exist: {missing_files}')
    unlisted = sorted(sources_with_marks(root) - set(listed))
    if unlisted:
        raise Failure(f'files with marked strings are not in po/POTFILES.in: {unlisted}')

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'now.pot')
        subprocess.run(['xgettext', '--directory', root, '--output', pot, '--files-from',
                        os.path.join(root, 'po', 'POTFILES.in')] + xgettext_args,
                       check=True, capture_output=True, text=True)
        now = po_messages(pot)
    have = po_messages(po)
    if not now:
        raise Failure('xgettext found no messages at all')
    new = sorted(now - have, key=str)
    gone = sorted(have - now, key=str)
    if new:
        raise Failure(f'{len(new)} message(s) in the sources are not in {os.path.basename(po)} '
                      '(run `ninja -C _build sitmap-update-po` and translate them):\n  ' +
                      '\n  '.join(f'{c + " " if c else ""}{m}' for c, m in new))
    if gone:
        raise Failure(f'{len(gone)} message(s) of {os.path.basename(po)} are no longer in the sources:\n  ' +
                      '\n  '.join(f'{c + " " if c else ""}{m}' for c, m in gone))
    print(f'# {len(now)} messages in the sources, all in {os.path.basename(po)}')


def bench_files(root):
    """build-aux/bench speaks to developers, in English."""
    bench = os.path.join(root, 'src', 'bench')
    return {os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(bench) for f in fs}


def check_marked(root):
    problems = []
    for rel in sorted(set(read_potfiles(root)) | sources_with_marks(root) |
                      {os.path.relpath(os.path.join(d, f), root)
                       for top in ('src', 'ui') for d, _, fs in os.walk(os.path.join(root, top))
                       for f in fs if f.endswith(('.c', '.ui'))} - bench_files(root)):
        path = os.path.join(root, rel)
        with open(path, encoding='utf-8') as f:
            text = f.read()
        if rel.endswith('.c'):
            problems += unmarked_in_c(rel, text)
        elif rel.endswith('.ui'):
            problems += unmarked_in_ui(rel, text)
    if problems:
        raise Failure(f'{len(problems)} unmarked user-visible string(s):\n  ' + '\n  '.join(problems))


def main():
    if len(sys.argv) < 3:
        print(f'usage: {sys.argv[0]} SOURCE_ROOT LANG [XGETTEXT_ARG…]', file=sys.stderr)
        return 2
    root, lang, xgettext_args = sys.argv[1], sys.argv[2], sys.argv[3:]
    po = os.path.join(root, 'po', lang + '.po')
    checks = [('complete', lambda: check_complete(po)),
              ('current', lambda: check_current(root, po, xgettext_args)),
              ('marked', lambda: check_marked(root))]
    print(f'1..{len(checks)}')
    failed = 0
    for i, (what, check) in enumerate(checks, 1):
        try:
            check()
            print(f'ok {i} {what}')
        except Failure as e:
            failed += 1
            print(f'not ok {i} {what}')
            for line in str(e).splitlines():
                print(f'# {line}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
