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
"""/proxy/{region}/{service_type}/...: tenants' requests to proxy regions.

Routing is by the known mapping only: the token's project must be placed
in the region, whose binding must be active; the request goes to the
region's endpoint for that service, in the provider project that backs
the placement, with a provider token of the tenant's own user there
(placement_users.py).
"""

from __future__ import annotations

import re
import threading
import time
import urllib.parse

from oslo_log import log as logging
from oslo_middleware import request_id as oslo_request_id
import requests
import webob

from aggregator import access_roles
from aggregator import crypto
from aggregator import endpoints as endpoints_mod
from aggregator import errors
from aggregator.handlers import util
from aggregator import placement_users
from aggregator import placements
from aggregator.proxy import forward
from aggregator.proxy import neighbours
from aggregator.proxy import translation
from aggregator import regions
from csf_common import auth
from csf_common import handler
from csf_common import render

LOG = logging.getLogger(__name__)
ENV_TOKENS = 'aggregator.provider_tokens'
ENV_HTTP = 'aggregator.http'
VIA = '1.1 csf-aggregator'
REQUEST_ID = oslo_request_id.ENV_REQUEST_ID


def _proxy_base(conf, region: str, service_type: str) -> str:
    base = conf.proxy.public_url or (
        (conf.api.public_endpoint or '').rstrip('/') + '/proxy')
    return '%s/%s/%s' % (base.rstrip('/'), region, service_type)


# Characters a path segment may carry as they are (RFC 3986 pchar).
_PCHAR = "!$&'()*+,;=:@"


def _segment(text: str) -> str:
    # WSGI hands the path over decoded, as bytes in a latin-1 string.
    return urllib.parse.quote(handler.wsgi_bytes(text), safe=_PCHAR)


# No OpenStack name holds a NUL, and a provider service on PostgreSQL
# answers one with a 500 (PostgreSQL text cannot hold it): refused here.
NUL_REFUSED = 'The %s may not contain a NUL character (%%00).'


# OpenStack services read paths and queries as UTF-8; one that is not
# makes a provider service fail (Glance: 500, connection closed).
NOT_UTF8 = 'The %s is not valid UTF-8 once percent-decoded.'


def _safe_query(query: str) -> str:
    try:
        decoded = urllib.parse.unquote_to_bytes(query).decode('utf-8')
    except UnicodeDecodeError:
        raise errors.InvalidInput(NOT_UTF8 % 'query')
    if '\0' in decoded:
        raise errors.InvalidInput(NUL_REFUSED % 'query')
    return query


def _safe_path(raw: str) -> str:
    """The path below the service, as the provider must receive it.

    ``raw`` was percent-decoded once (WSGI ``PATH_INFO``) and is never
    decoded again: dot segments and NUL characters are refused, empty
    and ``.`` segments dropped, and every segment percent-encoded again,
    so that what the tenant sent as part of a name (``%3F``, ``%23``,
    ``%25``...) reaches the provider as the same name, never as a query, a
    fragment or a dot segment of the provider's own decoding.
    """
    raw = raw or ''
    segments = raw.split('/')
    if '\\' in raw or '..' in segments:
        raise errors.InvalidInput('The path may not leave the service.')
    if '\0' in raw:
        raise errors.InvalidInput(NUL_REFUSED % 'path')
    try:
        handler.wsgi_bytes(raw).decode('utf-8')
    except UnicodeDecodeError:
        raise errors.InvalidInput(NOT_UTF8 % 'path')
    if not raw:
        return ''
    path = '/' + '/'.join(_segment(s) for s in segments if s not in ('', '.'))
    if raw.endswith('/') and path != '/':
        path += '/'
    return path


def _target(req: webob.Request):
    ctx = util.ctx(req)
    ctx.can('aggregator:proxy')
    if not ctx.project_id:
        # A region serves projects: a system-scoped token names none.
        raise errors.PolicyNotAuthorized(
            'A token scoped to %s cannot use a region; use a token scoped '
            'to a project placed there.' % ctx.scope_name())
    if VIA in req.headers.get('Via', ''):
        raise errors.InvalidInput('Loop: this request already went through '
                                  'this Aggregator.')
    name, stype = req.urlvars['region'], req.urlvars['service_type']
    try:
        region = regions.get(name)
    except errors.NotFound:
        raise errors.NotFound('No region %s.' % name)
    placed = [p for p in placements.for_region(region, ctx.project_id)
              if p.status == 'active']
    if not placed:
        raise errors.PolicyNotAuthorized(
            action='use region %s: the project is not placed there' % name)
    if region.token_mode != 'proxy':
        raise errors.Conflict('Region %s is pass-through: use its own '
                              'endpoints (openstack --os-service-provider).'
                              % name)
    if region.status != 'active':
        raise errors.ProviderUnavailable('Region %s is %s.'
                                         % (name, region.status))
    endpoints = (region.binding or {}).get('endpoints', {}).get(stype)
    if not endpoints:
        raise errors.NotFound('Region %s offers no %s service.'
                              % (name, stype))
    # The service's root: the catalog adds the version path (endpoints.py).
    return region, placed[0], endpoints_mod.split(endpoints[0]['url'])[0]


def credential_role(ctx) -> str:
    """In which of the placement's groups the tenant's provider user is.

    The member one for tenants with a writer role, the reader one for
    readers; a token with neither (an access role alone, a role of the
    reseller's own) reaches nothing.
    """
    roles = set(ctx.roles or ())
    if roles & set(access_roles.WRITERS):
        return 'member'
    if roles & set(access_roles.READERS):
        return 'reader'
    raise errors.PolicyNotAuthorized(
        'Your roles on project %s give no access to its regions; ask for '
        'one of %s.' % (ctx.project_id, ', '.join(access_roles.READERS)))


def _provider_user(conf, region, placement, ctx, role: str, known=()):
    """The tenant's own user at the provider, made on its first call."""
    try:
        return placement_users.credential(conf, region, placement,
                                          ctx.user_id, role, known)
    except errors.Conflict as exc:
        # The provider will not make one (the placement is full of users,
        # or going): retrying does not help; its words name its own.
        LOG.warning('Region %s: the provider refused a user of project %s '
                    '(%s).', region.name, ctx.project_id, exc)
        raise errors.Conflict(
            'Region %s takes no further user of project %s; ask the '
            'reseller.' % (region.name, ctx.project_id)) from exc
    except errors.AggregatorError as exc:
        # The VRM's words name its placement; the tenant gets none.
        LOG.warning('Region %s: no provider user for a user of project %s '
                    '(%s: %s).', region.name, ctx.project_id,
                    type(exc).__name__, exc)
        raise errors.ProviderUnavailable(
            'Region %s does not accept the Aggregator right now; try again '
            'later.' % region.name) from exc


def _token(conf, tokens, region, placement, user, role: str):
    """A provider token of the tenant's provider user, and the user.

    A refused one (revoked since, say, or its user deleted at the
    provider) is tried once more with the user given anew.
    """
    try:
        return tokens.token(region, placement, user), user
    except Exception:   # noqa: BLE001 - retried once, then reported
        tokens.forget(region, placement.provider_project_id)
        time.sleep(1)
        user = placement_users.give(conf, region, placement, user, role)
        return tokens.token(region, placement, user), user


def warm(conf, tokens, region, placement, ctx) -> threading.Thread:
    """Make the placing tenant's provider user and token, in the background.

    Its first proxied request then finds them ready (in this process, and
    in all of them with a shared cache).
    """
    def fetch():
        try:
            role = credential_role(ctx)
            user = placement_users.credential(conf, region, placement,
                                              ctx.user_id, role)
            tokens.token(region, placement, user)
        except Exception as exc:    # the first request will try again
            LOG.info('Region %s: no provider token ahead of use (%s).',
                     region.name, type(exc).__name__)
    thread = threading.Thread(target=fetch, daemon=True,
                              name='provider-token-warm')
    thread.start()
    return thread


# A proxied service's root: its version discovery, public as at the
# provider (clients read it before they have a token).
SERVICE_ROOT = re.compile(r'/proxy/[^/]+/[^/]+/?')
auth.PUBLIC_PATTERNS.append(SERVICE_ROOT)
# The proxy's own errors are read by the services' clients.
render.SERVICE_PATHS.append(re.compile(r'/proxy/'))


def versions(req: webob.Request) -> webob.Response:
    """The provider's version document of a region's service, anonymous.

    Asked of the service's root without a token, as clients do, and
    answered in the tenant's words (the proxy's URLs; no provider host).
    Only proxy regions have one; nobody's identity is involved.
    """
    conf = util.conf(req)
    name, stype = req.urlvars['region'], req.urlvars['service_type']
    try:
        region = regions.get(name)
    except errors.NotFound:
        raise errors.NotFound('No region %s.' % name)
    endpoints = (region.binding or {}).get('endpoints', {}).get(stype)
    if region.token_mode != 'proxy' or not endpoints:
        raise errors.NotFound('Region %s offers no %s service here.'
                              % (name, stype))
    if region.status != 'active':
        raise errors.ProviderUnavailable('Region %s is %s.'
                                         % (name, region.status))
    provider_base = endpoints_mod.split(endpoints[0]['url'])[0]
    try:
        resp = req.environ[ENV_HTTP].request(
            req.method, provider_base + '/', stream=True,
            allow_redirects=False, timeout=conf.providers.timeout,
            headers={'Accept': req.headers.get('Accept', 'application/json'),
                     'Via': VIA})
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise errors.ProviderUnavailable(
            'Region %s does not answer; try again later.' % name) from exc
    words = translation.for_versions(
        region, provider_base, stype,
        lambda service: _proxy_base(conf, region.name, service),
        conf.proxy.public_url or conf.api.public_endpoint or '',
        pseudonym=lambda value: crypto.pseudonym(conf, region.name, value))
    return _answer(req, resp, words)


def proxy(req: webob.Request) -> webob.Response:
    """A request for a region's service: version discovery, or forwarded.

    Only a request without a token for a service's root is public (the
    authentication middleware lets nothing else through without one).
    """
    if util.ctx(req).user_id is None and req.method in ('GET', 'HEAD') \
            and SERVICE_ROOT.fullmatch(req.path_info):
        return versions(req)
    return _forward(req)


def _forward(req: webob.Request) -> webob.Response:
    region, placement, provider_base = _target(req)
    conf = util.conf(req)
    tokens = req.environ[ENV_TOKENS]
    ctx = util.ctx(req)
    # The provider sees the tenant's rights, not more: a reader's request
    # goes as its provider user in the placement's reader group.
    role = credential_role(ctx)
    # The provider knows the tenant's project only as the provider project
    # backing it, and the tenant only as its own provider user: the
    # reseller's ids never go there (an owner= filter, say), and come
    # back wherever the provider names its own (translation.py).
    known = placement_users.for_placement(placement.id)
    user = _provider_user(conf, region, placement, ctx, role, known)
    words = _translation(conf, region, placement, ctx, provider_base,
                         req.urlvars['service_type'],
                         [user] + [u for u in known if u.id != user.id])
    path = words.to_provider(_safe_path(req.urlvars.get('path', '')))
    url = provider_base + path
    if req.query_string:
        url += '?' + words.to_provider(_safe_query(req.query_string))
    headers = forward.request_headers(req.environ)
    headers['Via'] = VIA
    body = _request_body(req, words)
    http = req.environ[ENV_HTTP]
    resp = None
    for attempt in (1, 2):
        try:
            headers['X-Auth-Token'], user = _token(
                conf, tokens, region, placement, user, role)
        except Exception as exc:     # keystoneauth's and the VRM's errors
            # Only the token's own failure forgets it, and only this
            # placement's: the region's other tenants keep theirs.
            tokens.forget(region, placement.provider_project_id)
            LOG.warning('Region %s: no provider token (%s: %s).',
                        region.name, type(exc).__name__, exc)
            raise errors.ProviderUnavailable(
                'Region %s does not accept the Aggregator right now; try '
                'again later.' % region.name) from exc
        try:
            resp = http.request(req.method, url, headers=headers,
                                data=body, stream=True, allow_redirects=False,
                                timeout=conf.providers.timeout)
        except (requests.ConnectionError, requests.Timeout) as exc:
            refused = forward.body_failed(body)
            if refused:
                # The tenant's body: cut short, stalled, or nested too deep.
                raise errors.InvalidInput(refused) from exc
            raise errors.ProviderUnavailable(
                'Region %s does not answer; try again later.'
                % region.name) from exc
        except (requests.exceptions.InvalidHeader,
                requests.exceptions.InvalidURL) as exc:
            # The tenant's request cannot be sent as it is; provider
            # tokens have nothing to do with it.
            raise errors.InvalidInput(
                'The request cannot be forwarded: %s' % exc) from exc
        if resp.status_code != 401:
            break
        # Our provider token was revoked or expired early: get another,
        # and send the request again if its body can be.
        resp.close()
        tokens.forget(region, placement.provider_project_id)
        if attempt == 2 or not forward.replayable(body):
            # The provider's 401 names its Keystone: the tenant gets a
            # plain one, and its next request a new provider token.
            LOG.info('Region %s refused a new provider token, or a '
                     'streamed request; answering 401.', region.name)
            raise errors.ProviderRefused()
    LOG.info('Proxied %s %s for region %s; provider request %s.',
             req.method, path, region.name,
             resp.headers.get('X-Openstack-Request-Id', '-'))
    return _answer(req, resp, words)


def _request_body(req: webob.Request, words):
    """The body to send: small ones read whole, JSON in provider words."""
    try:
        body = forward.body(req.environ)
    except Exception as exc:     # noqa: BLE001 - the client's body
        # A small body is read before sending: cut short, stalled, or
        # nested too deep, it is the tenant's to fix.
        raise errors.InvalidInput(
            str(exc) if isinstance(exc, forward.ClientBodyError)
            else forward.BODY_CUT) from exc
    if isinstance(body, bytes) and 'json' in (req.content_type or ''):
        # Ids in a JSON body: the tenant's, and projects it shares with.
        try:
            body = words.body_to_provider(body)
        except translation.NotPlaced as exc:
            raise errors.InvalidInput(str(exc)) from exc
    return body


def _answer(req: webob.Request, resp, words) -> webob.Response:
    """The provider's answer ``resp`` as the tenant gets it."""
    out = webob.Response(status=resp.status_code)
    out.headerlist = forward.response_headers(
        resp, words, request_id=req.environ.get(REQUEST_ID))
    data = forward.read_to_rewrite(resp)
    if data is not None:
        # JSON and errors: links, ids, hosts and region in the tenant's
        # words (a provider's error text names its own).
        out.body = words.body_to_tenant(data, resp.encoding)
    else:
        length = resp.headers.get('Content-Length')
        if length and not resp.headers.get('Content-Encoding'):
            out.headers['Content-Length'] = length
        out.app_iter = forward.stream(resp)
    return out


def _translation(conf, region, placement, ctx, provider_base: str,
                 service_type: str, users) -> translation.Translation:
    return translation.for_request(
        region, placement, ctx, service_type, provider_base,
        lambda stype: _proxy_base(conf, region.name, stype),
        conf.proxy.public_url or conf.api.public_endpoint or '', users,
        pseudonym=lambda value: crypto.pseudonym(conf, region.name, value),
        neighbours=neighbours.Neighbours(region.id))
