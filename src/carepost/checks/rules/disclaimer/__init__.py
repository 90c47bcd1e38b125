"""Disclaimer rules (DSC): medical-advice, supplement and emergency disclaimers."""
