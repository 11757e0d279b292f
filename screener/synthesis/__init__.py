"""The synthesis stage: a coding frame (`coding.toml`) and the values coded against it."""
