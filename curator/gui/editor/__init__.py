"""Editing one example: message cards, and the raw JSON of the line."""
