"""Kafka side of eventpipe: the Faust app, topics, agents, web views and the CLI."""
