"""Test settings: the real settings with a fast hasher and jobs run in-process."""

import os

import jinja2

os.environ.setdefault("CDPF_ALLOW_INSECURE_KEY", "1")
os.environ.setdefault("CDPF_TESTING", "1")
os.environ.setdefault("CDPF_HTTPS", "0")

from cdpf.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}
PRIVATE_STORAGE_DIR = VAR_DIR / "test-private"  # noqa: F405
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405  (the live server's thread must let go)
# one self-signed signing key for the whole test run, generated on first use
DOCUMENT_SIGNING_KEY_FILE = VAR_DIR / "test-signing" / "key.pem"  # noqa: F405
DOCUMENT_SIGNING_CERT_FILE = VAR_DIR / "test-signing" / "cert.pem"  # noqa: F405
DOCUMENT_SIGNING_AUTOGENERATE = True
CDPF_PUBLIC_URL = "https://cdpf.example.test"
# Which calendar years are loaded is read once (tests/conftest.py) and kept until a load, so
# pinned query counts do not depend on the order of the tests.
CALENDAR_YEARS_CACHE_SECONDS = None
# A second connection standing in for the read replica (cdpf.replica); reads go there only in
# the tests that turn REPLICA_READS on (tests/cdpf/test_replica.py).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
REPLICA_READS = False
# Sign-ins in tests pass the password only (force_login and the browser tests' forms); the
# second factor's own tests turn OTP_REQUIRED on (tests/cdpf/test_second_factor.py).
OTP_REQUIRED = False
# The worker loop tests run no retention (tests/cdpf/test_retention.py turns it on).
RETENTION_CHECK_SECONDS = None
# A name the Jinja2 templates misspell fails the test instead of printing nothing (decision 0300).
TEMPLATES[1]["OPTIONS"]["undefined"] = jinja2.StrictUndefined  # noqa: F405
