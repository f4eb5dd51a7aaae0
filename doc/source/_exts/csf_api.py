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
"""Keep the API reference and the services' route tables in step.

``.. csf-api:: METHOD [METHOD ...] /path`` marks where the API reference
documents an operation. At the end of reading, every (method, path) of each
route table named in ``csf_api_route_tables`` (``{module: docname}``) must
have been documented in that document, and nothing else may be: a route
added to ``handler.ROUTE_DECLARATIONS`` without documentation, or a
documented route that no longer exists, is a warning, and ``-W`` makes it
fail the build.
"""

from __future__ import annotations

import importlib
import re

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util import logging

LOG = logging.getLogger(__name__)
METHODS = ('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS')


def normalize(path: str) -> str:
    """``/v1/`` is ``/v1``, ``''`` is ``/``; ``{path:.*}`` is ``{path}``."""
    path = re.sub(r'\{(\w+):[^}]*\}', r'{\1}', path)
    return path.rstrip('/') or '/'


def declared(module: str) -> set[tuple[str, str]]:
    table = importlib.import_module(module).ROUTE_DECLARATIONS
    return {(method, normalize(path))
            for path, methods in table.items() for method in methods}


class ApiOperation(Directive):
    """``.. csf-api:: GET /v1/providers``: one documented operation."""

    required_arguments = 2
    final_argument_whitespace = True
    has_content = False

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        words = ' '.join(self.arguments).split()
        methods, path = words[:-1], words[-1]
        bad = [m for m in methods if m not in METHODS]
        if bad or not path.startswith('/'):
            raise self.error('csf-api: expected METHOD [METHOD ...] /path, '
                             'got %r' % ' '.join(words))
        found = env.domaindata.setdefault('csf_api', {})
        for method in methods:
            found.setdefault(env.docname, set()).add(
                (method, normalize(path)))
        para = nodes.paragraph(classes=['csf-api-operation'])
        para += nodes.strong(text=' '.join(methods))
        para += nodes.Text(' ')
        para += nodes.literal(text=path)
        return [para]


def purge(app, env, docname) -> None:
    env.domaindata.setdefault('csf_api', {}).pop(docname, None)


def merge(app, env, docnames, other) -> None:
    mine = env.domaindata.setdefault('csf_api', {})
    for docname in docnames:
        if docname in other.domaindata.get('csf_api', {}):
            mine[docname] = other.domaindata['csf_api'][docname]


def check(app, env) -> None:
    found = env.domaindata.get('csf_api', {})
    for module, docname in app.config.csf_api_route_tables.items():
        routes = declared(module)
        documented = found.get(docname, set())
        for method, path in sorted(routes - documented):
            LOG.warning('%s: %s %s is in %s.ROUTE_DECLARATIONS but not '
                        'documented (.. csf-api::)', docname, method, path,
                        module, location=docname)
        for method, path in sorted(documented - routes):
            LOG.warning('%s: %s %s is documented but not in '
                        '%s.ROUTE_DECLARATIONS', docname, method, path,
                        module, location=docname)


def setup(app):
    app.add_config_value('csf_api_route_tables', {}, 'env')
    app.add_directive('csf-api', ApiOperation)
    app.connect('env-purge-doc', purge)
    app.connect('env-merge-info', merge)
    app.connect('env-check-consistency', check)
    return {'version': '1.0', 'parallel_read_safe': True,
            'parallel_write_safe': True}
