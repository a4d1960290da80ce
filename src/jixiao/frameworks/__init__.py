"""Evaluation frameworks as data: one YAML file per jurisdiction and template, each
weight and rule citing its source and how sure that source is."""
