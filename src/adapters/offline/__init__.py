"""The offline assistant: rules instead of a model, in Ukrainian and English. The embedded
default when no OPENAI_API_KEY is set, and the fallback when OpenAI fails."""
