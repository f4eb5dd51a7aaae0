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

from aggregator import errors

# WSGI environ key under which the RequestContext travels.
ENV_CONTEXT = 'aggregator.context'


class RequestContext(context.RequestContext):
    """An oslo.context RequestContext that knows the service's config.

    ``config`` and ``enforcer`` are set by ``aggregator.handler.Handler``.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.config: cfg.ConfigOpts | None = None
        self.enforcer: policy.Enforcer | None = None

    def can(self, action: str, target: dict | None = None, *,
            fatal: bool = True) -> bool:
        """Check policy ``action`` against ``target`` for this caller.

        Raises ``errors.PolicyNotAuthorized`` when denied and ``fatal``.
        """
        if target is None:
            target = {'project_id': self.project_id,
                      'user_id': self.user_id}
        return self.enforcer.authorize(
            action, target, self, do_raise=fatal,
            exc=errors.PolicyNotAuthorized, action=action)
