"""Invoices, payment signals, the payment ledger and aging: what `/aws-pastdue` knows, without Slack.

`bot.billing.pastdue.summarize()` reads AWS and the ledger and returns a `PastDueReport`;
`bot.render.pastdue` turns it into Slack messages.
"""
