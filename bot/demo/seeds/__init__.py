"""Demo seeds, one module per area: each `seed(world)` prepares its scenario in the demo account."""
