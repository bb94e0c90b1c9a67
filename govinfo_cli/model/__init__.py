"""The report and its form: the one reading of schemas/, report files with their line numbers."""
