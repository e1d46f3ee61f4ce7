"""Pure extraction: articles in, typed entities, events and casualties out. No Kafka, no SQL."""
