"""Pieces of the hand-written search SQL: tsqueries and named parameters."""

from .languages import current

TSQUERY = {"plain": "plainto_tsquery", "phrase": "phraseto_tsquery"}


def _either(tsqueries):
    return "(" + " || ".join(tsqueries) + ")"


def _both(tsqueries):
    return "(" + " && ".join(tsqueries) + ")"


class Parameters(dict):
    """The values of one search statement, passed by name: each SQL fragment that
    uses one can be repeated in the statement without repeating the value."""

    def add(self, value) -> str:
        name = f"p{len(self)}"
        self[name] = value
        return f"%({name})s"

    def tsquery(self, alternatives) -> str:
        """A tsquery matching any of these (kind, text) alternatives."""
        config = current().config
        return _either(
            f"{TSQUERY[kind]}('{config}', {self.add(text)})" for kind, text in alternatives
        )

    def facet_filter(self, name, value) -> str:
        """A chosen facet value as a condition on a search entry's columns."""
        if name == "pillar":
            return f"pillars @> ARRAY[{self.add(int(value))}]::smallint[]"
        if name == "topic":
            return f"topics @> ARRAY[{self.add(str(value))}]::varchar[]"
        if name == "chapter":
            return f"chapter = {self.add(int(value))}"
        if name in ("type", "source"):
            return f"{name} = {self.add(str(value))}"
        raise ValueError(f"Unknown filter {name!r}")
