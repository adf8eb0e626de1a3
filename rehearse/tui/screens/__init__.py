"""The rehearsal room's screens: home, prompt, recording, results, follow-up, and small dialogs."""
