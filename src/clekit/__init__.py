"""clekit: turns the CLE course's modules, scenario banks and authorities into a checked static site."""
