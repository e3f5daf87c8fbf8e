"""Use cases of the conversation: a text or voice message in, a reply out; questions answered."""
