"""Language facts with no knowledge of STAR or audio: tokens and sentence splitting."""
