"""How allauth treats our accounts: where failed sign-ins are counted and who the client is."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.core.exceptions import ImproperlyConfigured


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failures per account alone, so anyone who fails on purpose locks the
        # owner out everywhere. Counting per account *and* client address stops only the
        # address that failed; the per-address limits in ACCOUNT_RATE_LIMITS cap guessing
        # across accounts.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{self.get_client_ip(request)}"

    def _delete_login_attempts_cached_email(self, request, **credentials):
        # After a password reset allauth forgets the failures counted under the address; the
        # person may have failed under their username, so forget those too.
        super()._delete_login_attempts_cached_email(request, **credentials)
        addresses = EmailAddress.objects.filter(email__iexact=credentials.get("email", ""))
        for username in addresses.values_list("user__username", flat=True):
            super()._delete_login_attempts_cached_email(request, username=username)

    def get_client_ip(self, request):
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            # Fewer X-Forwarded-For entries than TRUSTED_PROXY_COUNT: the request did not come
            # through the proxies, so the connecting address is the only one to trust.
            return request.META["REMOTE_ADDR"]
