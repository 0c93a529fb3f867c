"""Vetting: from written applications to trained, assigned volunteers."""
