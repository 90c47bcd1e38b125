"""Sign-in, sign-up and the login limiter: the allauth adapter, client IPs behind trusted
proxies, and the shared (database) cache the rate-limit counters live in."""
