"""OpenAI adapters (the `openai` SDK): the interpreter, the assistant and speech to text, each
with a timeout, our own bounded retries, and a typed error when OpenAI cannot help."""
