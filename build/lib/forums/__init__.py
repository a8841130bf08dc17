"""Social learning forums: cohort, standard and network forums."""
