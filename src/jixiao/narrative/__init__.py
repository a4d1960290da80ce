"""Data-driven paragraphs (zh-CN) for the reports.

Every paragraph that states a figure is built here from the resolved facts, as a sequence
of segments that say where each piece of text comes from: template wording (which never
holds a digit), input text, a resolved figure (its concept), a figure computed from
resolved figures (its formula and inputs), or numbering. The writers only lay the
segments out, so a report's text and its tables cannot disagree, and a test can trace
every number in an output back to a fact.
"""
