"""WSGI entry point: ``gunicorn qualitas.config.wsgi``.

Defaults to the production settings; set DJANGO_SETTINGS_MODULE to override.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitas.config.settings.production")

application = get_wsgi_application()
