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
"""What the provider calls a thing, and what the tenant calls it.

A proxy region's answers name the provider's own objects: its endpoint
URLs and hosts, the provider project backing the placement, the
placement's users (one per reseller user), the provider's region and the
virtual region's domain. The tenant knows them as its proxy URLs, its
reseller project, its users, its virtual region and its project's
domain. One
:class:`Translation` per request holds these pairs and turns text from
one side's words into the other's; the proxy applies it to URL headers,
JSON answers and error answers of any type, so that nothing the provider
calls its own reaches the tenant (and the tenant's project goes to the
provider as the provider project).

Ids and the region are replaced whole only: ``R1`` is not replaced inside
``R12``, nor one id inside a longer hex string. URLs and hosts are
replaced wherever they are, even run into other text.
"""

from __future__ import annotations

import json
import re
import urllib.parse

from aggregator import endpoints as endpoints_mod

# What may continue a value: then it is part of a longer one (``AUTH_``
# before a project id, or ``-`` after a region name, does not).
_WORD = r'A-Za-z0-9'
_BEFORE = '(?<![%s])' % _WORD
_AFTER = '(?![%s])' % _WORD


def _pattern(words, anywhere=()) -> re.Pattern | None:
    """Whole ``words``, and ``anywhere`` even inside other text."""
    whole = {w: _BEFORE + re.escape(w) + _AFTER for w in words}
    whole.update({w: re.escape(w) for w in anywhere})
    if not whole:
        return None
    # Longest first: a URL before the host it starts with.
    return re.compile('|'.join(
        whole[w] for w in sorted(whole, key=len, reverse=True)))


# JSON fields that name a project or a user of the provider (Glance's
# owner and members, Nova's, Neutron's and Cinder's project and user ids).
# An id there that is not the tenant's own gets a pseudonym.
ID_FIELDS = ('owner', 'owner_id', 'project_id', 'tenant_id', 'user_id',
             'member_id', 'target_tenant', 'os-vol-tenant-attr:tenant_id',
             'os-extended-snapshot-attributes:project_id')
_ID_FIELD = re.compile(
    r'("(?:%s)"\s*:\s*")([0-9a-fA-F]{32})(")'
    % '|'.join(re.escape(f) for f in ID_FIELDS))
# Where a tenant names another project to share with: these JSON fields
# of a request (Neutron RBAC, Glance members, what something is made in),
# Glance's member path segment, and these query parameters. Only there is
# another project placed in the region translated; a field that names
# neither the tenant's project nor such a project is refused.
SHARE_FIELDS = ('target_tenant', 'member', 'project_id', 'tenant_id')
_SHARE_PARAMS = SHARE_FIELDS + ('owner', 'target_project_id')
_SHARE_IN_URL = re.compile(
    r'(/members/|(?:^|[?&])(?:%s)=)([0-9a-fA-F]{32})(?=[/?&#]|$)'
    % '|'.join(re.escape(p) for p in _SHARE_PARAMS))
# A JSON patch (Glance) that sets these names a project too.
_SHARE_PATCH_PATHS = {'/owner': 'owner'}


class NotPlaced(ValueError):
    """A request names, as a project to share with, one not placed here."""


def _netloc(url: str) -> str:
    try:
        return urllib.parse.urlsplit(url).netloc
    except ValueError:
        return ''


class Translation:
    """Pairs of (provider's word, tenant's word) for one request."""

    def __init__(self, pairs=(), urls=(), hosts=(), names=(),
                 pseudonym=None, neighbours=None) -> None:
        """Hold the pairs, each (provider's, tenant's).

        ``pairs``: ids, translated both ways;
        ``names``: other values replaced whole, towards the tenant only;
        ``urls``: (provider URL, proxy URL), also as JSON escapes them;
        ``hosts``: (provider host[:port], the Aggregator's) for what is
        left of the provider's hosts once its URLs are replaced;
        ``pseudonym(id)``: what the tenant sees for any other id in an
        ID_FIELDS field (another provider project owning a public image,
        say). Only ``pairs`` are translated towards the provider, and
        ``neighbours``' projects: the other projects placed in the region
        (``tenant_of(provider project)``, ``provider_of(reseller
        project)``, None if not placed), which the tenant names by their
        reseller ids when it shares with them.
        """
        out = {}
        back = {}
        for theirs, mine in pairs:
            if theirs and mine and theirs != mine:
                out.setdefault(theirs, mine)
                back.setdefault(mine, theirs)
        for theirs, mine in names:
            if theirs and mine and theirs != mine:
                out.setdefault(theirs, mine)
        words = set(out)
        for theirs, mine in urls:
            theirs, mine = theirs.rstrip('/'), mine.rstrip('/')
            if theirs and mine and theirs != mine:
                out.setdefault(theirs, mine)
                out.setdefault(theirs.replace('/', '\\/'),
                               mine.replace('/', '\\/'))
        for theirs, mine in hosts:
            if theirs and mine and theirs != mine:
                out.setdefault(theirs, mine)
        self._out, self._back = out, back
        self._pseudonym = pseudonym
        self._neighbours = neighbours
        self._mine = {mine for _theirs, mine in pairs if mine}
        self._theirs = set(back.values())
        self._out_re = _pattern(words, set(out) - words)
        self._back_re = _pattern(back)

    def to_tenant(self, text: str) -> str:
        """``text`` from the provider, in the tenant's words."""
        if self._out_re:
            text = self._out_re.sub(lambda m: self._out[m.group(0)], text)
        if self._pseudonym:
            text = _ID_FIELD.sub(self._hidden, text)
        return text

    def _hidden(self, match: re.Match) -> str:
        value = match.group(2)
        if value in self._mine:
            return match.group(0)
        mine = self._neighbours and self._neighbours.tenant_of(value)
        return match.group(1) + (mine or self._pseudonym(value)) + \
            match.group(3)

    def to_provider(self, text: str) -> str:
        """``text`` from the tenant, its ids in the provider's words.

        Another project placed in the region is translated only where a
        tenant names one to share with (_SHARE_IN_URL).
        """
        if self._back_re:
            text = self._back_re.sub(lambda m: self._back[m.group(0)], text)
        if self._neighbours:
            text = _SHARE_IN_URL.sub(
                lambda m: m.group(1) + self._neighbour(m.group(2)), text)
        return text

    def _neighbour(self, value: str) -> str:
        if value in self._theirs:       # the tenant's own, translated
            return value
        return self._neighbours.provider_of(value) or value

    def _shared_with(self, field: str, value):
        """A share field's value in the provider's words, or NotPlaced."""
        if value is None:
            return None
        if isinstance(value, str):
            if value in self._back:
                return self._back[value]
            found = self._neighbours and self._neighbours.provider_of(value)
            if found:
                return found
        raise NotPlaced('%s: project %s is not placed in this region.'
                        % (field, value))

    def _walk(self, node):
        if isinstance(node, dict):
            path = node.get('path')
            if 'value' in node and path in _SHARE_PATCH_PATHS:
                node['value'] = self._shared_with(_SHARE_PATCH_PATHS[path],
                                                  node['value'])
            for key, value in list(node.items()):
                if key in SHARE_FIELDS and not isinstance(value,
                                                          (dict, list)):
                    node[key] = self._shared_with(key, value)
                else:
                    self._walk(value)
        elif isinstance(node, list):
            for item in node:
                self._walk(item)

    def body_to_provider(self, data: bytes) -> bytes:
        """A JSON request body in the provider's words.

        Its share fields are read as JSON (escapes and all) and must name
        the tenant's project or one placed in the region, else NotPlaced.
        A body that is not JSON goes as it is, the provider refuses it.
        """
        text = data.decode('utf-8', 'surrogateescape')
        try:
            body = json.loads(text)
        except ValueError:
            return self.to_provider(text).encode('utf-8', 'surrogateescape')
        self._walk(body)
        text = json.dumps(body)
        if self._back_re:
            text = self._back_re.sub(lambda m: self._back[m.group(0)], text)
        return text.encode('utf-8')

    def body_to_tenant(self, data: bytes, encoding: str | None) -> bytes:
        """An answer's body in the tenant's words, its bytes else kept."""
        codec = encoding or 'utf-8'
        try:
            text = data.decode(codec, 'surrogateescape')
        except LookupError:     # a charset Python does not know
            codec = 'utf-8'
            text = data.decode(codec, 'surrogateescape')
        return self.to_tenant(text).encode(codec, 'surrogateescape')


def for_request(region, placement, ctx, service_type: str,
                provider_base: str, proxy_base, aggregator_url: str,
                users=(), pseudonym=None, neighbours=None) -> Translation:
    """The translation of one proxied request.

    ``proxy_base(service_type)`` is the proxy URL of one of the region's
    services. ``users``: the placement's PlacementUser rows; each
    reseller user is its own provider user at the provider (the tenant's
    one is the one the request is sent with), and the tenant sees every
    one of them by its reseller id.
    """
    binding = region.binding or {}
    ids = [(placement.provider_project_id, ctx.project_id)]
    ids += [(user.provider_user_id, user.user_id) for user in users]
    urls, hosts, names = _provider_words(region, provider_base, service_type,
                                         proxy_base, aggregator_url)
    names.insert(0, (binding.get('domain_id'), ctx.project_domain_id))
    return Translation(ids, urls, hosts, names, pseudonym, neighbours)


def for_versions(region, provider_base: str, service_type: str,
                 proxy_base, aggregator_url: str,
                 pseudonym=None) -> Translation:
    """The translation of a version document, asked without a token."""
    urls, hosts, names = _provider_words(region, provider_base, service_type,
                                         proxy_base, aggregator_url)
    return Translation((), urls, hosts, names, pseudonym)


def _provider_words(region, provider_base: str, service_type: str,
                    proxy_base, aggregator_url: str) -> tuple:
    """The region's provider URLs, hosts and region id, and the proxy's."""
    binding = region.binding or {}
    urls = [(provider_base, proxy_base(service_type))]
    for stype, endpoints in sorted((binding.get('endpoints') or {}).items()):
        for endpoint in endpoints or ():
            if endpoint.get('url'):
                urls.append((endpoints_mod.split(endpoint['url'])[0],
                             proxy_base(stype)))
    here = _netloc(aggregator_url)
    hosts = [(_netloc(url), here) for url, _mine in urls]
    hosts += [(_netloc(binding.get(key) or ''), here)
              for key in ('auth_url', 'sp_url')]
    return urls, hosts, [(binding.get('region_id'), region.name)]
