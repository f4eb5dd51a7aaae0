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
"""Sphinx configuration of the operator documentation (``tox -e docs``)."""

import os
import sys

# The repository root, so that ``tools`` and the services import without an
# installed package (the oslo extensions still need the package's entry
# points: tox installs it).
sys.path.insert(0, os.path.abspath(os.path.join('..', '..')))
sys.path.insert(0, os.path.abspath('_exts'))

extensions = [
    'openstackdocstheme',
    'oslo_config.sphinxext',
    'oslo_config.sphinxconfiggen',
    'oslo_policy.sphinxext',
    'oslo_policy.sphinxpolicygen',
    'cliff.sphinxext',
    'csf_api',
]

# cliff.sphinxext (.. autoprogram-cliff::): the CLI plugin's commands are
# documented as run through the openstack command.
autoprogram_cliff_application = 'openstack'
# cliff's output options are the same on every command: the page says so
# once instead of repeating them 34 times.
autoprogram_cliff_ignored = [
    '--help', '--format', '--column', '--noindent', '--prefix',
    '--max-width', '--fit-width', '--print-empty', '--quote',
    '--sort-column', '--sort-ascending', '--sort-descending']

# Every route of each service's table must be documented, once, in its
# API reference page (.. csf-api::), and nothing else: see _exts/csf_api.py.
csf_api_route_tables = {
    'aggregator.handler': 'api/aggregator',
    'virtual_region_manager.handler': 'api/virtual-region-manager',
}

# Sample configuration and policy files, generated from the code at every
# build and published under _static/ (never edited by hand).
config_generator_config_file = [
    ('../../etc/aggregator/aggregator-config-generator.conf',
     '_static/aggregator'),
    ('../../etc/virtual-region-manager/'
     'virtual-region-manager-config-generator.conf',
     '_static/virtual-region-manager'),
]
policy_generator_config_file = [
    ('../../etc/aggregator/aggregator-policy-generator.conf',
     '_static/aggregator'),
    ('../../etc/virtual-region-manager/'
     'virtual-region-manager-policy-generator.conf',
     '_static/virtual-region-manager'),
]

# openstackdocstheme
openstackdocs_repo_name = 'openstack/cloud-service-federation'
openstackdocs_bug_project = 'cloud-service-federation'
openstackdocs_bug_tag = 'doc'
openstackdocs_auto_name = False
openstackdocs_use_storyboard = False

project = 'Cloud Service Federation'
copyright = '2025, OpenStack Foundation'
master_doc = 'index'
source_suffix = {'.rst': 'restructuredtext'}
exclude_patterns = ['_build']
pygments_style = 'native'
add_module_names = False

html_theme = 'openstackdocs'
html_static_path = ['_static']
# Screenshots live in images/ (written by the dashboard's browser tests).
html_extra_path = []

latex_documents = [
    ('index', 'doc-cloud-service-federation.tex',
     'Cloud Service Federation Documentation', 'OpenStack Foundation',
     'manual'),
]
