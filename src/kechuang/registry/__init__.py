"""登记库 (registry)."""
