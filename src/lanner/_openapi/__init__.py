"""OpenAPI 3.1 for an App, derived from its compiled handlers."""
