"""The AWS CLI's own answers for the conformance tests, many per process.

Runs under the Python of the `aws` on PATH and imports that CLI (awscli, and the botocore it runs
on: `awscli.botocore` in AWS CLI v2, `botocore` in v1). Reads {"jobs": [...]} as JSON on stdin and
writes one JSON line per job:

  {"kind": "profiles", "env": {...}}
      the CLI session's available_profiles (what `aws configure list-profiles` prints in v2).
  {"kind": "cli", "env": {...}, "argv": [...], "respond": {"status": 200, "body": "..."}}
      the CLI's driver (what the `aws` script runs) on argv; its stdout, stderr and exit code, every
      Connect request it signed (URL and Authorization header, answered with "respond" instead of
      being sent), and the credentials' method (what `aws configure list` shows as Type).
  {"kind": "client", "env": {...}, "profile": "...", "instanceId": "..."}
      botocore's session for the profile, as the CLI builds it, signing one GetFederationToken
      (for the region matrix: the same endpoint and signing code, without the CLI's argument
      parsing, many times faster).

Test use only: never part of the extension.
"""
import contextlib
import io
import json
import os
import sys
import time

import awscli
from awscli.clidriver import create_clidriver

try:  # AWS CLI v2 carries its own botocore.
    from awscli.botocore import session as botocore_session
    from awscli.botocore.awsrequest import AWSResponse
except ImportError:
    from botocore import session as botocore_session
    from botocore.awsrequest import AWSResponse

DEFAULT_BODY = json.dumps({
    "Credentials": {
        "AccessToken": "probe-access",
        "AccessTokenExpiration": 1900000000,
        "RefreshToken": "probe-refresh",
        "RefreshTokenExpiration": 1900000000,
    },
    "SignInUrl": "https://probe.example/sign-in",
    "UserArn": "arn:aws:connect:us-east-1:123456789012:instance/x/agent/y",
    "UserId": "y",
})


class _Body:
    def __init__(self, data):
        self._data = data

    def stream(self, **_):
        yield self._data


def _is_connect(request):
    return '/user/federate/' in request.url


def _answer(requests, respond):
    def before_send(request, **_):
        if not _is_connect(request):
            return None  # STS, SSO: sent, to the emulator the environment names
        auth = request.headers.get('Authorization')
        requests.append({
            'url': request.url,
            'authorization': auth.decode() if isinstance(auth, bytes) else auth,
        })
        status = (respond or {}).get('status', 200)
        body = (respond or {}).get('body', DEFAULT_BODY).encode()
        return AWSResponse(request.url, status, {'Content-Type': 'application/json'}, _Body(body))
    return before_send


# awscli adds its own data folder to AWS_DATA_PATH when imported; every job keeps it.
_DATA_PATH = os.environ.get('AWS_DATA_PATH')


def _set_env(env):
    os.environ.clear()
    os.environ.update(env)
    if _DATA_PATH is not None:
        os.environ['AWS_DATA_PATH'] = _DATA_PATH
    if hasattr(time, 'tzset'):
        time.tzset()


_loader = {}


def _share_loader(session):
    # Service models parsed once for all jobs.
    if 'loader' in _loader:
        session.register_component('data_loader', _loader['loader'])
    else:
        _loader['loader'] = session.get_component('data_loader')


def run_profiles(job):
    try:
        return {'profiles': list(create_clidriver().session.available_profiles)}
    except Exception as error:  # a file the CLI refuses
        return {'error': f'{type(error).__name__}: {error}'}


def run_cli(job):
    try:
        driver = create_clidriver()
    except Exception as error:  # a file the CLI refuses: `aws` fails the same way
        return {'rc': 255, 'stdout': '', 'stderr': f'{type(error).__name__}: {error}', 'requests': []}
    _share_loader(driver.session)
    requests = []
    driver.session.register('before-send', _answer(requests, job.get('respond')))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = driver.main(job['argv'])
        except SystemExit as exit:
            rc = exit.code
    credentials = getattr(driver.session, '_credentials', None)
    return {
        'rc': rc,
        'stdout': out.getvalue(),
        'stderr': err.getvalue(),
        'requests': requests,
        'method': getattr(credentials, 'method', None),
    }


def run_client(job):
    requests = []
    try:
        session = botocore_session.Session(profile=job['profile'])
        _share_loader(session)
        client = session.create_client('connect')
        client.meta.events.register('before-send', _answer(requests, None))
        client.get_federation_token(InstanceId=job['instanceId'])
        return {'requests': requests}
    except Exception as error:
        return {'requests': requests, 'error': f'{type(error).__name__}: {error}'}


RUNNERS = {'profiles': run_profiles, 'cli': run_cli, 'client': run_client}


def main():
    jobs = json.load(sys.stdin)['jobs']
    real_stdout = sys.stdout
    for job in jobs:
        _set_env(job['env'])
        result = RUNNERS[job['kind']](job)
        result['id'] = job.get('id')
        real_stdout.write(json.dumps(result) + '\n')
        real_stdout.flush()


if __name__ == '__main__':
    if len(sys.argv) > 1 and sys.argv[1] == '--version':
        print(awscli.__version__)
    else:
        main()
