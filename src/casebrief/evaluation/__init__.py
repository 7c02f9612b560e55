"""Scorers: briefs against gold expected.json, and the context layer against sentence sets."""
