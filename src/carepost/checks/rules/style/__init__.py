"""Style rules (STY): the organization's guidelines, readability and housekeeping."""
