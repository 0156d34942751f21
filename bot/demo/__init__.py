"""`harmonie demo`: a local Synapse, simulated agents, and the method's scripted story — the
evaluation, then with `--choix` the choice of a suite (needs, pilot trial, recommendation,
decision), and with `--rollout` (which implies it) the rollout of the suite retained."""
