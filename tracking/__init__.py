"""The product's use cases: seeding, invitations, replies, admin actions (over storage)."""
