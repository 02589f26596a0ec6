"""Registry: regions, industries, enterprises, sites, products, contacts, institutions."""
