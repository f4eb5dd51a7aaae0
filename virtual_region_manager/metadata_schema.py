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
"""The published, versioned JSON Schema of virtual region metadata."""

from __future__ import annotations

import functools
import json
import os

from virtual_region_manager import validation

VERSIONS = ('1',)
_DIR = os.path.join(os.path.dirname(__file__), 'schemas')


@functools.cache
def schema(version: str = '1') -> dict:
    with open(os.path.join(_DIR, 'region-metadata-v%s.json' % version)) as fh:
        return json.load(fh)


def validate(metadata: dict) -> None:
    version = str(metadata.get('schema_version', '1')) \
        if isinstance(metadata, dict) else '1'
    if version not in VERSIONS:
        version = VERSIONS[-1]
    validation.validate(schema(version), metadata, prefix='metadata')
