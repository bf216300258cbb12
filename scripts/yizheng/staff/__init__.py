"""Staff commands: each step of handling a suggestion, and keeping other records, as one command."""
