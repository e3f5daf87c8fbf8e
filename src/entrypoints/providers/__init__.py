"""dishka providers, one module per area; `entrypoints/ioc.py` lists them in one container.

APP scope: pools, clients, ciphers, gateways (one per process). REQUEST scope: a unit of work
and the use cases built on it (one per HTTP request, Telegram update or worker job).
"""
