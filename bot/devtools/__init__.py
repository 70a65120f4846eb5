"""Test and demo infrastructure that ships with the bot: a fake Slack, signed requests, AWS faults.

It lives in the package (not in tests/) because `python -m bot demo` and `make bench` use the same
pieces the tests use: the demo runs every command through the real HTTP path.
"""
