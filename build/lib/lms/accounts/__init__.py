"""Email-based accounts: login (rate-limited), logout, password reset, profile."""
