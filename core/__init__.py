"""What every package stands on, importing nothing of ours: the error root, the raw-item contract, the
registries (categories, source kinds, tiers), URL helpers, the network guard, text safety, atomic files
and the HTTP validators file."""
