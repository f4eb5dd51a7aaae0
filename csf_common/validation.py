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
"""JSON Schema validation of request bodies, with errors naming the field."""

from __future__ import annotations

import jsonschema

from csf_common import errors


def _field(error: jsonschema.ValidationError, prefix: str) -> str:
    parts = [prefix] if prefix else []
    parts += [str(p) for p in error.absolute_path]
    return '.'.join(parts) or '(body)'


def validate(schema: dict, body: object, *,
             error: type[errors.InvalidInput] = errors.InvalidInput,
             prefix: str = '') -> None:
    """Raise ``error`` (a service's InvalidInput) naming the first field."""
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.FormatChecker())
    found = sorted(validator.iter_errors(body),
                   key=lambda e: (len(e.absolute_path), e.message))
    if found:
        first = found[0]
        raise error('%s: %s' % (_field(first, prefix), first.message))
