"""The evaluation model: located facts, parsed indicator values, evaluations."""
