"""The analysis views beside the editor: duplicates, statistics, cost, export."""
