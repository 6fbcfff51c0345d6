"""Delivery: the outbox every message is queued in, and the loop that claims, sends and
retries it (sender leases, group commit, flood and network outcomes)."""
