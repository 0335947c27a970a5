import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cdpf.settings")
application = get_wsgi_application()

from cdpf.startup import refuse_unsafe_start  # noqa: E402  (needs the apps loaded)

refuse_unsafe_start()

from cdpf.pdf import warm  # noqa: E402

warm()  # the font coverage, read from its disk cache: the first PDF does not wait for it
