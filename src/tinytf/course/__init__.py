"""The neural-network course on tinytf: five labs, their plots, a report and the `tinytf` command.

Needs the course extra (`pip install tinytf[course]`); the engine never imports it.
"""
