"""Scoring: recompute every score from target and actual under a framework, and say
why each point was given or lost."""
