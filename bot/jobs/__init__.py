"""Periodic work run by APScheduler: reminders, the rollout's jobs, retention."""
