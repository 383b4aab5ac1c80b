"""The notes service: lanner's example app. Start reading at `app.py`."""
