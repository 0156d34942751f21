"""`harmonie demo`: a local Synapse, simulated agents, and the scripted story."""
