"""Benchmarks of the course toolkit: synthetic courses, measurements and the `nox -s bench` report.

Kept outside `src/clekit` on purpose: they are a developer's instrument, not part of what authors install, and
they use the toolkit only through its public functions, as any other caller would.
"""
