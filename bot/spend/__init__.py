"""Spend: Cost Explorer answers (cached, counted) and the signals read from them.

One module the audit, the digest, `/aws-idle` and `/aws-cost` share, so a figure means the same
thing everywhere and a day's questions cost a handful of $0.01 requests, not dozens.
"""
