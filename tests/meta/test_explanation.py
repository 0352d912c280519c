"""solutions/EXPLANATION.md quotes a fresh `make explain` run, so its numbers cannot drift."""

from solutions import explain


def test_the_explanation_quotes_the_current_output():
    assert explain.quoted_output() == explain.output(), "run `make explanation` and commit the result"
