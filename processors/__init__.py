"""Pure NLP processors: article text in, typed extraction results out (see ``processors.pipeline``)."""
