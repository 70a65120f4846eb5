"""Cleanup and containment: offers shown with buttons, requests, two-person approval, actions."""
