"""Platform rules (PLT): limits, counting and formatting per platform."""
