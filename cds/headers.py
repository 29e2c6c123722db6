"""The security headers of every response: Content-Security-Policy (django-csp) and
Permissions-Policy.

The site's pages run only the platform's own scripts (`script-src 'self'`, no inline script)
and load nothing from a third party. Wagtail's admin writes small inline scripts in its panels
and date widgets, so the admin alone also allows inline scripts; it loads nothing from a third
party either (no Gravatar: `WAGTAIL_GRAVATAR_PROVIDER_URL = None`).
"""

from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            replace = dict(parts.replace or {})
            replace.setdefault("script-src", ["'self'", "'unsafe-inline'"])
            parts = PolicyParts(parts.config, parts.update, replace, parts.nonce)
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
