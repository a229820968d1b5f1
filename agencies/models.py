from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person with an account: agency staff, curators and administrators."""
