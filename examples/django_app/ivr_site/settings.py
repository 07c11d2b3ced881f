from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "example-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "ivr_site.urls"
INSTALLED_APPS = []
MIDDLEWARE = []
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"]}]
USE_TZ = True
