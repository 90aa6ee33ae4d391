"""Loading and validating the files in content/ into domain objects."""
