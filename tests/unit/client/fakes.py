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
"""A stand-in for a keystoneauth1 Session: records calls, answers canned
responses (the Adapter in front of it is the real one)."""

from __future__ import annotations

import json

from keystoneauth1 import session as ks_session
import requests


def response(status: int, body: object = None, *,
             headers: dict | None = None, text: str | None = None
             ) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp.reason = {200: 'OK', 201: 'Created', 204: 'No Content'}.get(
        status, 'Error')
    if body is not None:
        resp._content = json.dumps(body).encode()
        resp.headers['Content-Type'] = 'application/json'
    else:
        resp._content = (text or '').encode()
    resp.headers.update(headers or {})
    return resp


def api_error(status: int, code: str, detail: str,
              request_id: str = 'req-1') -> requests.Response:
    return response(status, {'errors': [{
        'status': status, 'title': 'Error', 'detail': detail, 'code': code,
        'request_id': request_id}]})


class Session(ks_session.Session):
    """Answers every request with ``answer`` (a response or an error)."""

    def __init__(self, answer=None) -> None:
        super().__init__()
        self.answer = answer if answer is not None else response(204)
        self.calls: list[dict] = []

    def request(self, url, method, **kwargs):
        self.calls.append(dict(kwargs, url=url, method=method))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    @property
    def last(self) -> dict:
        return self.calls[-1]
