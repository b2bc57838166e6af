"""Demo content for a newcomer's first `make run`: categories, articles, drawn covers."""
