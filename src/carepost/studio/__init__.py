"""The carepost studio: a Django 5.2 project, one app per bounded context."""
