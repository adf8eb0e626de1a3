"""Speech recognition: Whisper transcription of a file and of a take while it is recorded."""
