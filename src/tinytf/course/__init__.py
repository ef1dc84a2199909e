"""The neural-network course on tinytf: six labs and the students' questions, the TF 1.x
programs the labs train with (programs/), their plots, a report and the `tinytf` command.

Needs the course extra (`pip install tinytf[course]`); the engine never imports it.
"""
