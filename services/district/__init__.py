"""District: scaffolded by `make service`; its example resource, Note, is to be replaced."""
