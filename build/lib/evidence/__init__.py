"""Evidence of proficiency: submissions, artefacts, reviews, proficiency and credentials."""
