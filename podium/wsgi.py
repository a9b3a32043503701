import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.settings")
application = get_wsgi_application()

# Loaded once before gunicorn forks its workers (--preload), then out of the collector's way.
from podium.lib.warm import warm_up  # noqa: E402 - needs the settings and apps loaded above

warm_up()
