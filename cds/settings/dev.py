"""Local development: `make run`."""

from .base import *
from .base import SECRET_KEY

DEBUG = True
# A fixed, public key is fine on a developer's machine and nowhere else.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-not-for-production"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
