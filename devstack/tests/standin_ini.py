#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License. You may obtain
#    a copy of the License at
#
#         http://www.apache.org/licenses/LICENSE-2.0
#
#    Unless required by applicable law or agreed to in writing, software
#    distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
#    WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
#    License for the specific language governing permissions and limitations
#    under the License.
"""INI side of the devstack stand-in: ``iniset``, ``iniget``, ``inidelete``.

Same arguments as devstack's functions. Rewrites only the line it sets (or
appends it to its section), so comments, order and unrelated options of
the file stay as they were, and setting a value it already has leaves the
file byte for byte the same.

Usage: standin_ini.py set FILE SECTION OPTION VALUE
       standin_ini.py get FILE SECTION OPTION
       standin_ini.py del FILE SECTION OPTION
"""

from __future__ import annotations

import os
import re
import sys

SECTION = re.compile(r'^\s*\[([^\]]+)\]\s*$')


def _read(path: str) -> list[str]:
    if not os.path.exists(path):
        return []
    with open(path) as fh:
        return fh.read().splitlines()


def _find(lines: list[str], section: str, option: str):
    """Locate a section and one of its options.

    Returns the index of the section header (or None), of the option's
    line (or None) and of the line where the section ends.
    """
    head = opt = None
    end = len(lines)
    pattern = re.compile(r'^\s*%s\s*=' % re.escape(option))
    for i, line in enumerate(lines):
        match = SECTION.match(line)
        if match:
            if head is not None:
                end = i
                break
            if match.group(1) == section:
                head = i
        elif head is not None and opt is None and pattern.match(line):
            opt = i
    return head, opt, end


def iniset(path: str, section: str, option: str, value: str) -> None:
    lines = _read(path)
    head, opt, end = _find(lines, section, option)
    new = '%s = %s' % (option, value)
    if opt is not None:
        lines[opt] = new
    elif head is not None:
        while end > head + 1 and not lines[end - 1].strip():
            end -= 1
        lines.insert(end, new)
    else:
        if lines and lines[-1].strip():
            lines.append('')
        lines += ['[%s]' % section, new]
    with open(path, 'w') as fh:
        fh.write('\n'.join(lines) + '\n')


def iniget(path: str, section: str, option: str) -> str:
    lines = _read(path)
    _, opt, _ = _find(lines, section, option)
    return '' if opt is None else lines[opt].split('=', 1)[1].strip()


def inidelete(path: str, section: str, option: str) -> None:
    lines = _read(path)
    _, opt, _ = _find(lines, section, option)
    if opt is not None:
        del lines[opt]
        with open(path, 'w') as fh:
            fh.write('\n'.join(lines) + '\n')


def main(argv: list[str]) -> int:
    if len(argv) < 5 or argv[1] not in ('set', 'get', 'del'):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] == 'set':
        iniset(argv[2], argv[3], argv[4], argv[5] if len(argv) > 5 else '')
    elif argv[1] == 'get':
        print(iniget(argv[2], argv[3], argv[4]))
    else:
        inidelete(argv[2], argv[3], argv[4])
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
