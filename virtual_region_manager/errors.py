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
rename one. Errors know nothing of HTTP;
``virtual_region_manager.handler`` maps them to status codes at the API
boundary.
"""


class VRMError(Exception):
    """Base class of every error the VRM reports to a client."""

    code = 'vrm.error'
    msg_fmt = 'An unknown error occurred.'

    def __init__(self, message: str | None = None, **kwargs: object) -> None:
        self.kwargs = kwargs
        if message is None:
            message = self.msg_fmt % kwargs if kwargs else self.msg_fmt
        super().__init__(message)


class NotFound(VRMError):
    code = 'vrm.not_found'
    msg_fmt = 'The resource could not be found.'


class Conflict(VRMError):
    code = 'vrm.conflict'
    msg_fmt = 'The request conflicts with the current state of the resource.'


class InvalidInput(VRMError):
    code = 'vrm.invalid_input'
    msg_fmt = 'The request is not valid.'


class PolicyNotAuthorized(VRMError):
    code = 'vrm.forbidden'
    msg_fmt = 'Policy does not allow %(action)s to be performed.'


class KeystoneUnavailable(VRMError):
    code = 'vrm.keystone_unavailable'
    msg_fmt = "The provider's Keystone is not reachable; try again later."


# Codes for errors that are not raised as domain errors.
CODE_UNDEFINED = 'vrm.undefined_code'
CODE_ROUTE_NOT_FOUND = 'vrm.route_not_found'
CODE_METHOD_NOT_ALLOWED = 'vrm.method_not_allowed'
CODE_UNAUTHORIZED = 'vrm.unauthorized'
CODE_INTERNAL = 'vrm.internal_error'
