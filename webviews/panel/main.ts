// The result panels' entry point (see webviews/README.md).
