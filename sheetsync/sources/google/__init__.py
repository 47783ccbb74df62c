"""Google: the Sheets source, credentials, token checks, and the one error boundary."""
