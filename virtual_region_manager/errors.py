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
"""Domain errors of the Virtual Region Manager.

Each error carries a stable string ``code`` that clients may rely on: never
rename one. Errors know nothing of HTTP; each derives from a kind of
``csf_common.errors``, which ``csf_common.handler`` maps to a status code
at the API boundary. The codes of the errors the WSGI plumbing reports
itself (``<prefix>.route_not_found`` and the like) follow from the prefix
in ``virtual_region_manager.service.SERVICE``.
"""

from csf_common import errors


class VRMError(errors.ServiceError):
    """Base class of every error the VRM reports to a client."""

    code = 'vrm.error'


class NotFound(errors.NotFound, VRMError):
    code = 'vrm.not_found'


class Conflict(errors.Conflict, VRMError):
    code = 'vrm.conflict'


class InvalidInput(errors.InvalidInput, VRMError):
    code = 'vrm.invalid_input'


class PolicyNotAuthorized(errors.PolicyNotAuthorized, VRMError):
    code = 'vrm.forbidden'


class KeystoneUnavailable(errors.Unavailable, VRMError):
    code = 'vrm.keystone_unavailable'
    msg_fmt = "The provider's Keystone is not reachable; try again later."


class ProviderMisconfigured(VRMError):
    """The provider's set-up does not let the VRM do its job."""

    code = 'vrm.provider_misconfigured'
    msg_fmt = "The provider's configuration does not allow this operation."
