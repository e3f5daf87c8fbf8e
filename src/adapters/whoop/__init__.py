"""WHOOP API v2: OAuth 2.0 with rotating refresh tokens (`oauth`), the records (`gateway`), one
request budget for the whole app (`rate_budget`), and signed webhooks (`webhooks`).

WHOOP's words (score_state, kilojoule, timezone_offset, next_token...) stop in this package:
`wire` decodes the answers strictly, `records` turns them into the domain's records.
"""
