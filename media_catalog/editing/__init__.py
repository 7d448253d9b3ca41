"""What editors change on the web: tags, segment corrections, the indexing workflow, entities,
the review queue of suggested links and the name candidates linking collected."""
