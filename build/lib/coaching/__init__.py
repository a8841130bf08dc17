"""Live coaching: feedback threads, the coach's queue, delivery over WebSockets."""
