"""toasoan: software that runs a Vietnamese regional online newspaper."""
