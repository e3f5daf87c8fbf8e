class EmbeddedServerError(Exception):
    """An embedded server could not be prepared or started; the message is one line for a user."""
