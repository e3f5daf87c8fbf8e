"""Wearable records (cycles, sleeps, recoveries, workouts), their local days and energy out."""
