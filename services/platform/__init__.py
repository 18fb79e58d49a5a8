"""Plumbing every Minsheng service stands on, written once."""
