"""Pages of the authority's registers, one module per register. Thin: parse, call a service or
selector, render."""
