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
"""The request context handed to every handler."""

from oslo_config import cfg
from oslo_context import context
from oslo_policy import policy

from csf_common import errors

# WSGI environ key under which the RequestContext travels.
ENV_CONTEXT = 'csf_common.context'


class RequestContext(context.RequestContext):
    """An oslo.context RequestContext that knows the service's config.

    ``policy_error`` is set by ``csf_common.auth.ContextMiddleware``;
    ``config`` and ``enforcer`` by ``csf_common.handler.Handler``.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.config: cfg.ConfigOpts | None = None
        self.enforcer: policy.Enforcer | None = None
        self.policy_error: type[errors.PolicyNotAuthorized] = (
            errors.PolicyNotAuthorized)

    def can(self, action: str, target: dict | None = None, *,
            fatal: bool = True) -> bool:
        """Check policy ``action`` against ``target`` for this caller.

        Raises the service's ``policy_error`` when denied and ``fatal``.
        """
        if target is None:
            target = {'project_id': self.project_id,
                      'user_id': self.user_id}
        try:
            return self.enforcer.authorize(
                action, target, self, do_raise=fatal,
                exc=self.policy_error, action=action)
        except policy.InvalidScope:
            # oslo.policy raises this even when not fatal: a token of a
            # scope the operation does not take (a domain-scoped one, say).
            if not fatal:
                return False
            raise self.policy_error(
                'A token scoped to %s cannot perform %s; use a token '
                'scoped to %s.' % (self.scope_name(), action,
                                   ' or '.join(self._scopes(action))))

    def scope_name(self) -> str:
        """What this caller's token is scoped to, in words."""
        if self.system_scope:
            return 'the system'
        if self.domain_id:
            return 'a domain'
        if self.project_id:
            return 'a project'
        return 'nothing (an unscoped token)'

    def _scopes(self, action: str) -> list[str]:
        rule = self.enforcer.registered_rules.get(action)
        scopes = getattr(rule, 'scope_types', None) or ['project']
        return ['the system' if s == 'system' else 'a ' + s
                for s in scopes]
