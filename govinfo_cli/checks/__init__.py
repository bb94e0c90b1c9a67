"""Checking a report: the rule catalogue, the schema, the arithmetic, the text, across years."""
