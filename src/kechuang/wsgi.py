"""WSGI entry point for `kechuang serve` and any other WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

from kechuang.common.warm import freeze_startup_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kechuang.settings")
application = get_wsgi_application()
freeze_startup_objects()
