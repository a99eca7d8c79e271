import os

from django.core.wsgi import get_wsgi_application

from toasoan import default_settings_module

os.environ["DJANGO_SETTINGS_MODULE"] = default_settings_module()
application = get_wsgi_application()

# View beacons ("Đọc nhiều") answered before Django's request cycle: a view costs a
# dictionary increment (toasoan.articles.readership).
from toasoan.articles.readership import BeaconMiddleware  # noqa: E402

application = BeaconMiddleware(application)
