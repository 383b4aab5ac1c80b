"""WebSockets: the `WebSocket` connection, `@websocket` and `@websocket_listener` handlers."""
