import os
import warnings

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studyapp.settings")

# WhiteNoise hands static files to Django as sync iterators; under ASGI Django
# warns once per file. The files are small and served correctly, so keep logs quiet.
warnings.filterwarnings(
    "ignore", message="StreamingHttpResponse must consume synchronous iterators"
)

application = get_asgi_application()
