"""Prices: the AWS Price List API per region (cached in the store for a week), else a bundled table.

Every price says where it came from (`Price.source`), so every dollar figure the bot shows can say
whether it is the region's list price or an estimate from the bundled table.
"""
