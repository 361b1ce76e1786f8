"""File-system side of the pipeline: the landing zone (inputs) and the table store (outputs)."""
