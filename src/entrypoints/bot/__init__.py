"""The Telegram bot: aiogram routers and handlers on the shared dishka container.

Updates arrive by webhook (`entrypoints/http/telegram.py` queues them; the worker job
`entrypoints/worker/telegram_jobs.py` feeds them to the dispatcher) or by polling
(`health-tracker bot`). Handlers are thin: they call use cases and send what those answer.
"""
