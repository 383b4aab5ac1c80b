"""Responses: the `Response` value, header and cookie values, encoding and sending."""
