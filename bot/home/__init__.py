"""The bot's Home tab: per account, what the commands last found and what waits for a decision.

`data.py` reads the store (never a paid AWS request), `bot/render/home.py` turns it into a view,
`refresh.py` publishes it when someone opens the tab and again, debounced, when what it shows
changes (a command recorded a run, a cleanup request moved, a checklist changed).
"""
